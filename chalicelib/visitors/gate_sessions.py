"""Gates sign in with their own device identity: the private key of their X.509 device certificate.

A gate (door controller, barrier gate) signs `gate-session\n{community}\n{device}\n{signedAt}\n{nonce}` with the
key of its active certificate; the cloud checks the ledger (device active, a gate type, in that community), the
certificate the ledger names (ACTIVE in the IoT registry, whose PEM gives the public key) and the signature, then
uses the nonce up (once per device: a replayed sign-in inside the 5-minute window is refused), and answers with a
short-lived access token for the gate routes.

The session is bound to the certificate it was opened with (the token carries its id): every gate route compares
it with the certificate the ledger names now (`model.check_session`), so revoking or rotating the certificate, or
retiring or disabling the device, ends the session at the next request, not when the token expires.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from chalicelib.kernel.errors import Unauthenticated
from chalicelib.visitors.model import GATE_TYPES, GateDirectory

ACCESS_DEVICE_TYPES = GATE_TYPES | {"elevator"}  # elevators check credentials' floors

MAX_SKEW = timedelta(minutes=5)


def session_message(community_id: str, device_id: str, signed_at: str, nonce: str) -> bytes:
    return f"gate-session\n{community_id}\n{device_id}\n{signed_at}\n{nonce}".encode()


def sign_session(private_key: Any, community_id: str, device_id: str, signed_at: str, nonce: str) -> str:
    """What the gate does (tests and the simulator use it); `nonce` is fresh for every sign-in."""
    message = session_message(community_id, device_id, signed_at, nonce)
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        signature = private_key.sign(message, ec.ECDSA(hashes.SHA256()))
    elif isinstance(private_key, rsa.RSAPrivateKey):
        signature = private_key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    else:
        signature = private_key.sign(message)
    return base64.b64encode(signature).decode()


class ActiveCertificates(Protocol):
    def active_certificate_id(self, community_id: str, device_id: str) -> str | None: ...


class CertificateRegistry(Protocol):
    def describe(self, certificate_id: str) -> tuple[str, str]:
        """(status, certificate PEM) from the IoT registry."""
        ...


class SignInNonces(Protocol):
    def use_once(self, community_id: str, device_id: str, nonce: str, keep_until: datetime) -> bool:
        """Record the nonce as used; False when the device used it before (a replay)."""
        ...


def _refuse(message: str) -> Unauthenticated:
    return Unauthenticated(message, code="GATE_AUTH_FAILED")


@dataclass(frozen=True)
class OpenedSession:
    device_id: str
    certificate_id: str  # the session ends when this stops being the device's active certificate


@dataclass
class GateSessions:
    gates: GateDirectory
    certificates: ActiveCertificates
    registry: CertificateRegistry
    nonces: SignInNonces

    def open(
        self, community_id: str, device_id: str, signed_at: str, nonce: str, signature: str, now: datetime
    ) -> OpenedSession:
        """Checks the gate's proof (`signed_at` exactly as signed) and uses its nonce up; returns what the session
        token holds."""
        from chalicelib.kernel.clock import parse_iso

        try:
            moment = parse_iso(signed_at)
        except ValueError as exc:
            raise _refuse("signedAt is not an ISO-8601 time with a zone") from exc
        if abs(now - moment) > MAX_SKEW:
            raise _refuse("signedAt is more than 5 minutes away from the cloud's clock")
        gate = self.gates.find(community_id, device_id)
        if gate is None or gate.device_type not in ACCESS_DEVICE_TYPES or gate.status in {"retired", "disabled"}:
            raise _refuse("not an active gate of this community")
        certificate_id = self.certificates.active_certificate_id(community_id, device_id)
        if certificate_id is None:
            raise _refuse("the gate has no active certificate")
        status, pem = self.registry.describe(certificate_id)
        if status != "ACTIVE":
            raise _refuse("the gate's certificate is not active")
        try:
            raw = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _refuse("signature is not base64") from exc
        message = session_message(community_id, device_id, signed_at, nonce)
        key = x509.load_pem_x509_certificate(pem.encode()).public_key()
        try:
            if isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(raw, message, ec.ECDSA(hashes.SHA256()))
            elif isinstance(key, rsa.RSAPublicKey):
                key.verify(raw, message, padding.PKCS1v15(), hashes.SHA256())
            elif isinstance(key, ed25519.Ed25519PublicKey):
                key.verify(raw, message)
            else:
                raise _refuse("unsupported certificate key type")
        except InvalidSignature as exc:
            raise _refuse("the signature does not match the gate's certificate") from exc
        # Only a proof that verified uses its nonce up; it is kept as long as the signature could be accepted.
        if not self.nonces.use_once(community_id, device_id, nonce, moment + MAX_SKEW):
            raise _refuse("this sign-in was used before: sign a new one with a fresh nonce")
        return OpenedSession(gate.device_id, certificate_id)
