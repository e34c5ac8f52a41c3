"""A tiny local certificate authority (EC P-256 / SHA-256) for the Mosquitto stand-in of AWS IoT Core.

Layout of ``directory``: ``ca.key``/``ca.pem`` for the CA, ``server/<name>.pem|.key`` and
``client/<common_name>.pem|.key`` for issued certificates. Private keys are written with mode 0600.
``revoked.txt`` lists revoked serial numbers (hex, one a line) and ``crl.pem`` is the CRL built from it, which
Mosquitto reads through ``crlfile`` (re-read on SIGHUP).
Client certificate CNs are the MQTT usernames (``use_identity_as_username``), so they must be valid
thing names (``^[A-Za-z0-9_-]{1,64}$``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import ipaddress
import os
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from iot.topics import validate_id

CA_VALIDITY: Final = dt.timedelta(days=3650)
LEAF_VALIDITY: Final = dt.timedelta(days=825)
_BACKDATE: Final = dt.timedelta(minutes=5)
CA_NAME: Final = "smart-community local CA"


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "smart-community"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


class LocalCA:
    """File-backed CA; ``ensure()`` creates or loads it, ``issue_*`` signs leaf certificates."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._key: ec.EllipticCurvePrivateKey | None = None
        self._cert: x509.Certificate | None = None

    @property
    def ca_path(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def key_path(self) -> Path:
        return self.directory / "ca.key"

    @property
    def certificate(self) -> x509.Certificate:
        self.ensure()
        assert self._cert is not None
        return self._cert

    def ensure(self) -> LocalCA:
        """Load ``ca.key``/``ca.pem`` or create them (self-signed, valid 10 years)."""
        if self._key is not None and self._cert is not None:
            return self
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.key_path.exists() and self.ca_path.exists():
            key = serialization.load_pem_private_key(self.key_path.read_bytes(), password=None)
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise ValueError(f"{self.key_path} is not an EC private key")
            self._key = key
            self._cert = x509.load_pem_x509_certificate(self.ca_path.read_bytes())
            return self
        key = _new_key()
        now = dt.datetime.now(dt.UTC)
        public = key.public_key()
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(CA_NAME))
            .issuer_name(_name(CA_NAME))
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _BACKDATE)
            .not_valid_after(now + CA_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(key, hashes.SHA256())
        )
        _write_private(self.key_path, _key_pem(key))
        self.ca_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        self._key, self._cert = key, cert
        return self

    def _sign(
        self, common_name: str, eku: x509.ObjectIdentifier, sans: list[x509.GeneralName] | None = None
    ) -> tuple[bytes, bytes]:
        self.ensure()
        assert self._key is not None and self._cert is not None
        key = _new_key()
        now = dt.datetime.now(dt.UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self._cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _BACKDATE)
            .not_valid_after(now + LEAF_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()), critical=False)
        )
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        cert = builder.sign(self._key, hashes.SHA256())
        return cert.public_bytes(serialization.Encoding.PEM), _key_pem(key)

    def leaf_paths(self, kind: str, name: str) -> tuple[Path, Path]:
        """``(cert, key)`` paths of a leaf; ``kind`` is ``"server"`` or ``"client"``."""
        folder = self.directory / kind
        return folder / f"{name}.pem", folder / f"{name}.key"

    def _store(self, kind: str, name: str, cert_pem: bytes, key_pem: bytes) -> tuple[Path, Path]:
        cert_path, key_path = self.leaf_paths(kind, name)
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(key_path, key_pem)
        cert_path.write_bytes(cert_pem)
        return cert_path, key_path

    def _existing(self, kind: str, name: str) -> tuple[Path, Path] | None:
        cert_path, key_path = self.leaf_paths(kind, name)
        return (cert_path, key_path) if cert_path.exists() and key_path.exists() else None

    def issue_server(self, name: str, hosts: list[str] | None = None, force: bool = False) -> tuple[Path, Path]:
        """Issue (or reuse) a serverAuth certificate; SANs always include localhost and 127.0.0.1."""
        validate_id(name, "server certificate name")
        existing = self._existing("server", name)
        if existing and not force:
            return existing
        sans: list[x509.GeneralName] = []
        for host in ["localhost", "127.0.0.1", *(hosts or [])]:
            try:
                entry: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
            except ValueError:
                entry = x509.DNSName(host)
            if entry not in sans:
                sans.append(entry)
        cert_pem, key_pem = self._sign(name, ExtendedKeyUsageOID.SERVER_AUTH, sans)
        return self._store("server", name, cert_pem, key_pem)

    def issue_client_pem(self, common_name: str) -> tuple[str, str]:
        """Issue a clientAuth certificate in memory: ``(cert_pem, key_pem)``; nothing is written."""
        validate_id(common_name, "client certificate CN")
        cert_pem, key_pem = self._sign(common_name, ExtendedKeyUsageOID.CLIENT_AUTH)
        return cert_pem.decode("ascii"), key_pem.decode("ascii")

    def issue_client(self, common_name: str, force: bool = False) -> tuple[Path, Path]:
        """Issue (or reuse) a clientAuth certificate whose CN is the thing name / MQTT username."""
        validate_id(common_name, "client certificate CN")
        existing = self._existing("client", common_name)
        if existing and not force:
            return existing
        cert_pem, key_pem = self._sign(common_name, ExtendedKeyUsageOID.CLIENT_AUTH)
        return self._store("client", common_name, cert_pem, key_pem)

    # -- revocation ---------------------------------------------------------------------------------------
    @property
    def crl_path(self) -> Path:
        return self.directory / "crl.pem"

    @property
    def revoked_path(self) -> Path:
        return self.directory / "revoked.txt"

    def revoked_serials(self) -> set[int]:
        if not self.revoked_path.exists():
            return set()
        return {int(line, 16) for line in self.revoked_path.read_text().split() if line}

    def write_crl(self) -> Path:
        """(Re)write ``crl.pem`` from ``revoked.txt``; an empty CRL when nothing is revoked."""
        self.ensure()
        assert self._key is not None and self._cert is not None
        now = dt.datetime.now(dt.UTC)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self._cert.subject)
            .last_update(now - _BACKDATE)
            .next_update(now + CA_VALIDITY)
        )
        for serial in sorted(self.revoked_serials()):
            entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now).build()
            builder = builder.add_revoked_certificate(entry)
        crl = builder.sign(self._key, hashes.SHA256())
        tmp = self.crl_path.with_suffix(".tmp")
        tmp.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
        tmp.replace(self.crl_path)  # atomic: the broker never reads half a file
        return self.crl_path

    def revoke(self, serial: int) -> Path:
        """Add a serial to the revocation list and rewrite the CRL (safe across processes)."""
        self.ensure()
        with (self.directory / ".revoke.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if serial not in self.revoked_serials():
                with self.revoked_path.open("a") as handle:
                    handle.write(f"{serial:x}\n")
            return self.write_crl()
