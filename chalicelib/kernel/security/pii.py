"""Personal data protection: envelope encryption, blind indexes, masking and validation of ID-card and phone numbers.

Encryption (003 item 7, 001 7.2.3 g): each value is sealed with AES-256-GCM under a data key from KMS
(`GenerateDataKey` on the key `PII_KEY_ID`; SM4-backed in China regions). The encrypted data key travels with the
value, so decryption needs KMS `Decrypt` and nothing else. A plaintext data key is reused for a bounded time and
number of values (KMS calls cost latency and money; a leaked key then exposes a bounded set). The `purpose`
(e.g. "person.id_number") is the GCM associated data: a ciphertext moved to another field fails to open.

Token format: `v1.<encrypted data key>.<nonce>.<ciphertext+tag>`, each part urlsafe base64 without padding.

Look-ups go through a blind index: HMAC-SHA256 of the normalised value under a secret key (env PII_INDEX_KEY, or
the Secrets Manager secret at PII_INDEX_SECRET_ARN), separated per kind, so equal numbers can be found without
decrypting anything and the index alone reveals nothing to someone without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

VERSION = "v1"
DATA_KEY_MAX_AGE_SECONDS = 300
DATA_KEY_MAX_USES = 1000
DECRYPT_CACHE_SIZE = 256
ENCRYPTION_CONTEXT = {"app": "smartcommunity", "use": "pii"}


class PiiError(ValueError):
    """A token that cannot be opened: malformed, another purpose, tampered with or from another key."""


@dataclass
class _DataKey:
    plaintext: bytes
    encrypted: bytes
    created: float
    uses: int = 0


_lock = threading.Lock()
_current: _DataKey | None = None
_opened: OrderedDict[bytes, tuple[bytes, float]] = OrderedDict()
_index_key: dict[str, bytes] = {}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _kms() -> object:
    from chalicelib.kernel.aws import client

    return client("kms")


def _key_id() -> str:
    key_id = os.environ.get("PII_KEY_ID", "")
    if not key_id:
        raise RuntimeError("PII_KEY_ID is not configured")
    return key_id


def _data_key_for_encryption() -> _DataKey:
    global _current
    with _lock:
        now = time.monotonic()
        key = _current
        if key is None or now - key.created > DATA_KEY_MAX_AGE_SECONDS or key.uses >= DATA_KEY_MAX_USES:
            answer = _kms().generate_data_key(  # type: ignore[attr-defined]
                KeyId=_key_id(), KeySpec="AES_256", EncryptionContext=ENCRYPTION_CONTEXT
            )
            key = _DataKey(answer["Plaintext"], answer["CiphertextBlob"], now)
            _current = key
            _remember(key.encrypted, key.plaintext, now)
        key.uses += 1
        return key


def _remember(encrypted: bytes, plaintext: bytes, now: float) -> None:
    _opened[encrypted] = (plaintext, now)
    _opened.move_to_end(encrypted)
    while len(_opened) > DECRYPT_CACHE_SIZE:
        _opened.popitem(last=False)


def _data_key_for_decryption(encrypted: bytes) -> bytes:
    with _lock:
        hit = _opened.get(encrypted)
        if hit and time.monotonic() - hit[1] <= DATA_KEY_MAX_AGE_SECONDS:
            return hit[0]
    kms = _kms()
    try:
        answer = kms.decrypt(CiphertextBlob=encrypted, EncryptionContext=ENCRYPTION_CONTEXT)  # type: ignore[attr-defined]
    except kms.exceptions.InvalidCiphertextException as exc:  # type: ignore[attr-defined]
        raise PiiError("data key does not open") from exc
    plaintext: bytes = answer["Plaintext"]
    with _lock:
        _remember(encrypted, plaintext, time.monotonic())
    return plaintext


def forget_keys() -> None:
    """Drop cached data keys (tests; a container that must stop using its current key)."""
    global _current
    with _lock:
        _current = None
        _opened.clear()
        _index_key.clear()


def _aad(purpose: str) -> bytes:
    if not purpose:
        raise ValueError("purpose is required")
    return f"{VERSION}:{purpose}".encode()


def encrypt(value: str, *, purpose: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _data_key_for_encryption()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key.plaintext).encrypt(nonce, value.encode("utf-8"), _aad(purpose))
    return ".".join((VERSION, _b64(key.encrypted), _b64(nonce), _b64(sealed)))


def decrypt(token: str, *, purpose: str) -> str:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    parts = token.split(".")
    if len(parts) != 4 or parts[0] != VERSION:
        raise PiiError("not a v1 PII token")
    try:
        encrypted_key, nonce, sealed = (_unb64(p) for p in parts[1:])
    except ValueError as exc:
        raise PiiError("PII token is not base64") from exc
    plaintext_key = _data_key_for_decryption(encrypted_key)
    try:
        return AESGCM(plaintext_key).decrypt(nonce, sealed, _aad(purpose)).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise PiiError("PII token does not open for this purpose") from exc


def _index_secret() -> bytes:
    if "key" in _index_key:
        return _index_key["key"]
    secret = os.environ.get("PII_INDEX_KEY", "")
    arn = os.environ.get("PII_INDEX_SECRET_ARN", "")
    if not secret and arn:
        from chalicelib.kernel.aws import client

        secret = client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
    if len(secret) < 32:
        # Fail closed: a weak or missing key would make the index a plain hash anyone can brute-force.
        raise RuntimeError("PII index key is not configured (PII_INDEX_KEY or PII_INDEX_SECRET_ARN, >= 32 chars)")
    _index_key["key"] = secret.encode()
    return _index_key["key"]


_NORMALISERS = {
    "phone": lambda v: normalise_phone(v),
    "id_card": lambda v: normalise_id_card(v),
}


def blind_index(kind: str, value: str) -> str:
    """Keyed hash of a normalised value for equality look-ups; `kind` separates phones from ID cards."""
    normalise = _NORMALISERS.get(kind, lambda v: v.strip())
    message = f"{kind}:{normalise(value)}".encode()
    return hmac.new(_index_secret(), message, hashlib.sha256).hexdigest()


# --- normalisation and validation ------------------------------------------------------------------------------

_PHONE_NOISE = re.compile("[\\s\\-()\uff08\uff09]")  # ASCII and full-width brackets
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_phone(value: str) -> str:
    """Digits only, without the mainland country code: "+86 138-0013-8000" -> "13800138000"."""
    digits = _PHONE_NOISE.sub("", value.strip())
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def valid_mobile(value: str) -> bool:
    return bool(_MOBILE.match(normalise_phone(value)))


def normalise_id_card(value: str) -> str:
    return value.strip().replace(" ", "").upper()


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_check_char(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def valid_id_card(value: str) -> bool:
    """An 18-character resident ID number with a real birth date and a correct GB 11643 check character."""
    v = normalise_id_card(value)
    if len(v) != 18 or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return False
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > date.today():
        return False
    return id_card_check_char(v[:17]) == v[17]


# --- masking (脱敏) --------------------------------------------------------------------------------------------


def mask_phone(value: str) -> str:
    """ "13812345678" -> "138****5678"; other lengths keep only the last 4 digits."""
    v = normalise_phone(value)
    if len(v) == 11:
        return f"{v[:3]}****{v[7:]}"
    if len(v) <= 4:
        return "*" * len(v)
    return "*" * (len(v) - 4) + v[-4:]


def mask_id_card(value: str) -> str:
    """First 3 and last 4 characters visible: region and birth date stay hidden ("110***********123X")."""
    v = normalise_id_card(value)
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


# --- revealing a full value -------------------------------------------------------------------------------------


def reveal(call: Any, token: str, *, purpose: str, target_type: str, target_id: str) -> str:
    """Decrypt a value for a caller whose role needs it (the route's Access says who); the read is audited."""
    from chalicelib import audit

    value = decrypt(token, purpose=purpose)
    # Strict: if the read cannot be recorded, the value is not handed out.
    audit.record_call(call, "pii.reveal", target_type, target_id, detail={"field": purpose}, strict=True)
    return value


class SealedPhones:
    """The `PersonalData` port of the identity and visitor services: a phone number sealed (ciphertext, blind
    index, mask) and the mainland mobile check."""

    def seal_phone(self, phone: str) -> tuple[str, str, str]:
        number = normalise_phone(phone)
        return encrypt(number, purpose="account.phone"), blind_index("phone", number), mask_phone(number)

    def valid_mobile(self, phone: str) -> bool:
        return valid_mobile(phone)
