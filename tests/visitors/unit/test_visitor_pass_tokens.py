"""The pass credential on its own: signing, verification as a gate does it offline (only published keys and the
revocation list), every refusal reason, key rotation and the QR image decoded back by a real decoder (zxing-cpp)."""

from __future__ import annotations

import base64
import io
import time
from typing import Any

import pytest

from chalicelib.visitors import passes
from chalicelib.visitors.keyring import PublishingKeyring
from chalicelib.visitors.model import MAX_WINDOW_HOURS

COMMUNITY, OTHER = "110105001001", "110105001002"
GATE, OTHER_GATE = "door_controller-aa11", "door_controller-bb22"


class FakeMaster:
    def __init__(self) -> None:
        self.version = 1

    def current(self) -> tuple[str, bytes]:
        return passes.kid_of(f"v{self.version}"), f"master-secret-version-{self.version}-padding-padding".encode()


class MemoryKeys:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Any] = {}

    def list(self, community_id: str) -> list[Any]:
        return [r for (c, _), r in self.rows.items() if c == community_id]

    def publish(self, community_id: str, kid: str, public_key: str, now: Any) -> None:
        from types import SimpleNamespace

        if (community_id, kid) not in self.rows:
            self.rows[(community_id, kid)] = SimpleNamespace(
                kid=kid, public_key=public_key, published_at=now, superseded_at=None
            )
        mine = self.rows[(community_id, kid)]
        for (c, k), r in self.rows.items():
            if c == community_id and k != kid and r.superseded_at is None and r.published_at < mine.published_at:
                r.superseded_at = mine.published_at


@pytest.fixture
def ring() -> PublishingKeyring:
    return PublishingKeyring(FakeMaster(), MemoryKeys(), cache_seconds=0)


def issue(ring: PublishingKeyring, community: str = COMMUNITY, **overrides: Any) -> str:
    now = int(time.time())
    claims = dict(
        pass_id="vp" + "0123456789abcdef",
        community_id=community,
        not_before=now - 60,
        not_after=now + 3600,
        entries=1,
        gates=(),
    )
    claims.update(overrides)
    kid, key = ring.signer(community)
    return passes.sign(passes.PassClaims(**claims), key, kid)  # type: ignore[arg-type]


def published(ring: PublishingKeyring, community: str = COMMUNITY, revoked: tuple[str, ...] = ()) -> dict[str, Any]:
    """What GET /v1/gate/communities/{c}/pass-keys answers: public keys only."""
    return {
        "keys": [{"kid": k, "alg": "Ed25519", "publicKey": v} for k, v in ring.published(community).items()],
        "revoked": list(revoked),
    }


def test_a_gate_with_only_the_published_keys_admits_a_valid_pass(ring: PublishingKeyring) -> None:
    token = issue(ring)
    info = published(ring)
    assert all(set(k) == {"kid", "alg", "publicKey"} for k in info["keys"]), "nothing secret is published"
    gate = passes.OfflineGate.from_published(GATE, COMMUNITY, info)
    verdict = gate.scan(token, time.time())
    assert verdict.ok and verdict.pass_id == "vp0123456789abcdef"
    assert [a.pass_id for a in gate.admitted] == ["vp0123456789abcdef"]


def test_single_use_is_enforced_locally_while_offline(ring: PublishingKeyring) -> None:
    token = issue(ring, entries=2)
    gate = passes.OfflineGate.from_published(GATE, COMMUNITY, published(ring))
    assert gate.scan(token, time.time()).ok
    assert gate.scan(token, time.time()).ok
    third = gate.scan(token, time.time())
    assert (third.ok, third.reason) == (False, "NO_ENTRIES_LEFT")
    assert gate.scan(token, time.time(), direction="out").ok, "leaving is never refused for entries"


def _flip(token: str, index: int) -> str:
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[index] ^= 0x01
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("expired", "EXPIRED"),
        ("not_yet_valid", "NOT_YET_VALID"),
        ("tampered_window", "TAMPERED"),
        ("tampered_signature", "TAMPERED"),
        ("other_community", "OTHER_COMMUNITY"),
        ("wrong_gate", "WRONG_GATE"),
        ("revoked", "REVOKED"),
        ("garbage", "MALFORMED"),
        ("truncated", "MALFORMED"),
        ("unknown_key", "UNKNOWN_KEY"),
    ],
)
def test_each_bad_pass_is_refused_offline_with_its_reason(ring: PublishingKeyring, case: str, reason: str) -> None:
    now = int(time.time())
    revoked: tuple[str, ...] = ()
    if case == "expired":
        token = issue(ring, not_before=now - 7200, not_after=now - 1)
    elif case == "not_yet_valid":
        token = issue(ring, not_before=now + 600, not_after=now + 3600)
    elif case == "tampered_window":
        token = _flip(issue(ring), 24)  # a bit of not_after: a longer window without the key
    elif case == "tampered_signature":
        token = _flip(issue(ring), -1)
    elif case == "other_community":
        token = issue(ring, community=OTHER)
    elif case == "wrong_gate":
        token = issue(ring, gates=(OTHER_GATE,))
    elif case == "revoked":
        token = issue(ring)
        revoked = ("vp0123456789abcdef",)
    elif case == "garbage":
        token = "not a pass!"
    elif case == "truncated":
        token = issue(ring)[:60]
    else:  # signed by a key generation this gate never got
        token = issue(ring)
        stale_info = {"keys": [], "revoked": []}
        gate = passes.OfflineGate.from_published(GATE, COMMUNITY, stale_info)
        assert gate.scan(token, now).reason == "UNKNOWN_KEY"
        return
    gate = passes.OfflineGate.from_published(GATE, COMMUNITY, published(ring, revoked=revoked))
    verdict = gate.scan(token, now)
    assert (verdict.ok, verdict.reason) == (False, reason)
    assert gate.admitted == []


def test_a_pass_naming_this_gate_is_admitted(ring: PublishingKeyring) -> None:
    token = issue(ring, gates=(OTHER_GATE, GATE))
    gate = passes.OfflineGate.from_published(GATE, COMMUNITY, published(ring))
    assert gate.scan(token, time.time()).ok


def test_key_rotation_keeps_passes_of_the_previous_key_valid_until_they_end(ring: PublishingKeyring) -> None:
    from datetime import timedelta

    old_token = issue(ring)
    old_kid = passes.parse(old_token).kid
    ring.master.version = 2  # type: ignore[attr-defined]  # Secrets Manager: a new AWSCURRENT version
    new_token = issue(ring, pass_id="vp" + "fedcba9876543210")
    assert passes.parse(new_token).kid != old_kid
    info = published(ring)
    assert {k["kid"] for k in info["keys"]} == {old_kid, passes.parse(new_token).kid}
    gate = passes.OfflineGate.from_published(GATE, COMMUNITY, info)
    assert gate.scan(old_token, time.time()).ok, "a pass signed before the rotation still admits"
    assert gate.scan(new_token, time.time()).ok
    # Once no pass of the old key can still be in its window, the old key is no longer published.
    real_now = ring.now
    ring.now = lambda: real_now() + timedelta(hours=MAX_WINDOW_HOURS, minutes=1)
    assert set(ring.published(COMMUNITY)) == {passes.parse(new_token).kid}


def test_keys_are_per_community(ring: PublishingKeyring) -> None:
    kid_a, key_a = ring.signer(COMMUNITY)
    kid_b, key_b = ring.signer(OTHER)
    assert kid_a == kid_b, "one key generation"
    assert passes.public_key_b64(key_a) != passes.public_key_b64(key_b), "but a different key per community"


def test_the_qr_png_decodes_back_to_the_same_token(ring: PublishingKeyring) -> None:
    import zxingcpp
    from PIL import Image

    for gates in ((), (GATE, OTHER_GATE)):
        token = issue(ring, gates=gates)
        png, version, level = passes.qr_png(token)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert version <= 7, f"a low QR version ({version}) for {len(token)} characters"
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        assert [(b.format, b.text) for b in found] == [(zxingcpp.BarcodeFormat.QRCode, token)]
        assert level in {"L", "M", "Q", "H"}


def test_the_token_is_compact(ring: PublishingKeyring) -> None:
    assert len(issue(ring)) == 122
    assert len(issue(ring, gates=(GATE,))) == 127  # 95 bytes


def test_passcodes_are_time_based_and_tolerate_one_step(ring: PublishingKeyring) -> None:
    from chalicelib.visitors import keypad

    key = keypad.passcode_key(issue(ring))
    t = 1_800_000_000.0
    code, left = keypad.current_code(key, t)
    assert len(code) == 6 and code.isdigit() and 0 < left <= keypad.STEP_SECONDS
    assert keypad.code_matches(key, code, t + keypad.STEP_SECONDS)  # the next minute still accepts it
    assert keypad.code_matches(key, code, t - keypad.STEP_SECONDS)  # and the one before
    assert (
        not keypad.code_matches(key, code, t + 5 * keypad.STEP_SECONDS)
        or code == keypad.current_code(key, t + 5 * keypad.STEP_SECONDS)[0]
    )
