"""The visitor pass credential: a compact Ed25519-signed token a gate verifies by itself, with only published keys.

Layout (version 1, big-endian), then base64url without padding (QR byte mode; with no gate list 91 bytes -> 122
characters -> QR version 6, error correction L):

    0      version (1)
    1..4   key id (4 bytes): which of the community's signing keys signed it
    5..12  pass id (8 bytes; the pass is `vp<16 hex>`)
    13..16 community tag: SHA-256(community id)[:4]
    17..20 not before (u32 unix seconds)
    21..24 not after (u32 unix seconds)
    25     entries allowed (u8, 1..255)
    26     n = number of allowed gates (0 = every gate of the community)
    27..   n gate tags: SHA-256(gate device id)[:4] each
    then   Ed25519 signature (64 bytes) over everything before it

Each community has its own key per key generation (derived from the signing secret's version, see
`derive_signing_key`), so a pass of community A never verifies with B's keys; the community tag only gives the
refusal its reason. Revocation reaches offline gates through the published revocation list (pass ids whose
window is not over). This module is pure: no AWS, no I/O; a gate's firmware does what `OfflineGate` does. The
keypad passcode derived from the token is `keypad.py`'s.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass, field
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = 1
_HEAD = struct.Struct(">B4s8s4sIIBB")  # version, kid, pass id, community tag, nbf, exp, entries, n gates
SIGNATURE_BYTES = 64
MAX_GATES = 8
MAX_ENTRIES = 255

Reason = Literal[
    "MALFORMED",
    "UNSUPPORTED_VERSION",
    "OTHER_COMMUNITY",
    "UNKNOWN_KEY",
    "TAMPERED",
    "REVOKED",
    "NOT_YET_VALID",
    "EXPIRED",
    "WRONG_GATE",
    "NO_ENTRIES_LEFT",
]


def tag(value: str) -> bytes:
    """The 4-byte tag of a community or gate id."""
    return hashlib.sha256(value.encode()).digest()[:4]


def pass_id_bytes(pass_id: str) -> bytes:
    if not (pass_id.startswith("vp") and len(pass_id) == 18):
        raise ValueError(f"not a pass id: {pass_id}")
    return bytes.fromhex(pass_id[2:])


def pass_id_of(raw: bytes) -> str:
    return "vp" + raw.hex()


def kid_of(version_id: str) -> str:
    """The 4-byte key id (8 hex characters) of a signing-secret version."""
    return hashlib.sha256(version_id.encode()).hexdigest()[:8]


def derive_signing_key(master: bytes, community_id: str, kid: str) -> Ed25519PrivateKey:
    """The community's Ed25519 key of one key generation: HKDF-SHA256 over the secret held in Secrets Manager.

    The private key exists only in memory of the issuing function; what leaves is the public key."""
    seed = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"smartcommunity/visitor-pass/v1",
        info=f"{community_id}|{kid}".encode(),
    ).derive(master)
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def load_public_key(b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_unb64(b64))


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class PassClaims:
    pass_id: str
    community_id: str
    not_before: int  # unix seconds
    not_after: int
    entries: int
    gates: tuple[str, ...] = ()  # gate device ids; empty = every gate of the community


@dataclass(frozen=True)
class ParsedPass:
    kid: str
    pass_id: str
    community_tag: bytes
    not_before: int
    not_after: int
    entries: int
    gate_tags: tuple[bytes, ...]
    signed: bytes
    signature: bytes


def sign(claims: PassClaims, key: Ed25519PrivateKey, kid: str) -> str:
    if not 1 <= claims.entries <= MAX_ENTRIES:
        raise ValueError("entries must be 1..255")
    if len(claims.gates) > MAX_GATES:
        raise ValueError(f"at most {MAX_GATES} gates")
    body = _HEAD.pack(
        VERSION,
        bytes.fromhex(kid),
        pass_id_bytes(claims.pass_id),
        tag(claims.community_id),
        claims.not_before,
        claims.not_after,
        claims.entries,
        len(claims.gates),
    ) + b"".join(tag(g) for g in claims.gates)
    return base64.urlsafe_b64encode(body + key.sign(body)).rstrip(b"=").decode()


class MalformedPass(ValueError):
    def __init__(self, reason: Reason, message: str):
        super().__init__(message)
        self.reason = reason


def parse(token: str) -> ParsedPass:
    try:
        raw = _unb64(token.strip())
    except (binascii.Error, ValueError) as exc:
        raise MalformedPass("MALFORMED", "not base64url") from exc
    if len(raw) < _HEAD.size + SIGNATURE_BYTES:
        raise MalformedPass("MALFORMED", "too short")
    version, kid, pid, ctag, nbf, exp, entries, n = _HEAD.unpack_from(raw)
    if version != VERSION:
        raise MalformedPass("UNSUPPORTED_VERSION", f"version {version}")
    end = _HEAD.size + 4 * n
    if len(raw) != end + SIGNATURE_BYTES:
        raise MalformedPass("MALFORMED", "length does not match the gate count")
    gate_tags = tuple(raw[i : i + 4] for i in range(_HEAD.size, end, 4))
    return ParsedPass(kid.hex(), pass_id_of(pid), ctag, nbf, exp, entries, gate_tags, raw[:end], raw[end:])


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: Reason | None = None
    parsed: ParsedPass | None = None
    message: str = ""

    @property
    def pass_id(self) -> str | None:
        return self.parsed.pass_id if self.parsed else None


class PassVerifier:
    """Checks a token against a community's published keys and revocation list, for one gate.

    Used by the cloud for online verification (before the single-use write) and by `OfflineGate`."""

    def __init__(self, community_id: str, public_keys: dict[str, str], revoked: frozenset[str] = frozenset()):
        self.community_id = community_id
        self.community_tag = tag(community_id)
        self.keys: dict[str, Ed25519PublicKey] = {kid: load_public_key(pk) for kid, pk in public_keys.items()}
        self.revoked = revoked
        self._gate_tags: dict[str, bytes] = {}

    def check(self, token: str, gate_id: str, now: float) -> Verdict:
        try:
            parsed = parse(token)
        except MalformedPass as exc:
            return Verdict(False, exc.reason, message=str(exc))
        if parsed.community_tag != self.community_tag:
            return Verdict(False, "OTHER_COMMUNITY", parsed, "the pass belongs to another community")
        key = self.keys.get(parsed.kid)
        if key is None:
            return Verdict(False, "UNKNOWN_KEY", parsed, f"key {parsed.kid} is not published for this community")
        try:
            key.verify(parsed.signature, parsed.signed)
        except InvalidSignature:
            return Verdict(False, "TAMPERED", parsed, "the signature does not match")
        if parsed.pass_id in self.revoked:
            return Verdict(False, "REVOKED", parsed, "the pass was revoked")
        if now < parsed.not_before:
            return Verdict(False, "NOT_YET_VALID", parsed, "the visit window has not started")
        if now >= parsed.not_after:
            return Verdict(False, "EXPIRED", parsed, "the visit window is over")
        if parsed.gate_tags:
            gate_tag = self._gate_tags.get(gate_id)
            if gate_tag is None:
                gate_tag = self._gate_tags[gate_id] = tag(gate_id)
            if gate_tag not in parsed.gate_tags:
                return Verdict(False, "WRONG_GATE", parsed, "the pass is not valid at this gate")
        return Verdict(True, None, parsed)


@dataclass
class OfflineAdmission:
    entry_id: str
    pass_id: str
    at: float
    direction: str


@dataclass
class OfflineGate:
    """What a gate does while the network is down: verify with the published keys and revocation list, count
    entries per pass locally, and keep the admissions for upload when it is back online."""

    gate_id: str
    verifier: PassVerifier
    used: dict[str, int] = field(default_factory=dict)
    admitted: list[OfflineAdmission] = field(default_factory=list)

    @classmethod
    def from_published(cls, gate_id: str, community_id: str, published: dict) -> OfflineGate:  # type: ignore[type-arg]
        """`published` is the answer of GET /v1/gate/communities/{c}/pass-keys."""
        keys = {k["kid"]: k["publicKey"] for k in published["keys"]}
        return cls(gate_id, PassVerifier(community_id, keys, frozenset(published.get("revoked", []))))

    def scan(self, token: str, now: float, direction: str = "in") -> Verdict:
        import secrets

        verdict = self.verifier.check(token, self.gate_id, now)
        if not verdict.ok or verdict.parsed is None:
            return verdict
        pid = verdict.parsed.pass_id
        if direction == "in":
            if self.used.get(pid, 0) >= verdict.parsed.entries:
                return Verdict(False, "NO_ENTRIES_LEFT", verdict.parsed, "no entries left on this pass")
            self.used[pid] = self.used.get(pid, 0) + 1
        self.admitted.append(OfflineAdmission("oe" + secrets.token_hex(8), pid, now, direction))
        return verdict


def qr_png(token: str, scale: int = 6) -> tuple[bytes, int, str]:
    """(PNG bytes, QR version, error correction level) of a pass token. Byte mode, the lowest version that fits;
    segno raises the error correction level as far as that version allows."""
    import io

    import segno

    code = segno.make_qr(token, error="l", boost_error=True)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue(), int(code.version), str(code.error)
