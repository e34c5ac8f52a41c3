"""Envelope encryption of personal data against the local cloud's KMS (moto)."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.kernel.security import pii


@pytest.fixture(autouse=True)
def fresh_keys(cloud: Any) -> Any:
    pii.forget_keys()
    yield
    pii.forget_keys()


def test_round_trip_and_token_shape(cloud: Any) -> None:
    token = pii.encrypt("11010519491231002X", purpose="person.id_number")
    assert token.startswith("v1.") and token.count(".") == 3
    assert "11010519491231002X" not in token
    assert pii.decrypt(token, purpose="person.id_number") == "11010519491231002X"


def test_data_key_is_reused_within_bounds_then_renewed(cloud: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    first = pii.encrypt("a", purpose="p").split(".")[1]
    second = pii.encrypt("b", purpose="p").split(".")[1]
    assert first == second  # one GenerateDataKey for both
    monkeypatch.setattr(pii, "DATA_KEY_MAX_USES", 2)
    third = pii.encrypt("c", purpose="p").split(".")[1]
    assert third != first


def test_decrypt_after_cache_loss_goes_to_kms(cloud: Any) -> None:
    token = pii.encrypt("13800138000", purpose="account.phone")
    pii.forget_keys()  # a different container: only KMS can open the data key
    assert pii.decrypt(token, purpose="account.phone") == "13800138000"


def test_wrong_purpose_or_tampering_fails(cloud: Any) -> None:
    token = pii.encrypt("13800138000", purpose="account.phone")
    with pytest.raises(pii.PiiError):
        pii.decrypt(token, purpose="person.id_number")
    version, key, nonce, sealed = token.split(".")
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(pii.PiiError):
        pii.decrypt(".".join((version, key, nonce, flipped)), purpose="account.phone")
    with pytest.raises(pii.PiiError):
        pii.decrypt("v1.bad", purpose="account.phone")
    pii.forget_keys()
    with pytest.raises(pii.PiiError):
        pii.decrypt(".".join((version, key[:-4] + "AAAA", nonce, sealed)), purpose="account.phone")


def test_blind_index_key_comes_from_secrets_manager(cloud: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    assert os.environ.get("PII_INDEX_SECRET_ARN")
    monkeypatch.delenv("PII_INDEX_KEY", raising=False)
    index = pii.blind_index("phone", "13800138000")
    assert len(index) == 64 and index == pii.blind_index("phone", "+86 13800138000")
