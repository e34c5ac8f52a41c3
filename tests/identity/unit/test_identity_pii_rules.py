"""Masking, normalisation and GB 11643 validation of personal numbers (pure functions, no KMS)."""

from __future__ import annotations

import pytest

from chalicelib.kernel.security import pii


def with_check(first17: str) -> str:
    return first17 + pii.id_card_check_char(first17)


def test_known_valid_id_card_passes_checksum() -> None:
    # 11010519491231002X is the standard's published example.
    assert pii.valid_id_card("11010519491231002X")
    assert pii.valid_id_card("11010519491231002x")


@pytest.mark.parametrize(
    "value",
    [
        "110105194912310021",  # wrong check character
        "11010519491231002",  # 17 characters
        "110105194913310028",  # month 13
        with_check("11010521991231002"),  # born in the future
        "11010519491231002A",  # check character not a digit or X
        "",
    ],
)
def test_invalid_id_cards_are_refused(value: str) -> None:
    assert not pii.valid_id_card(value)


def test_masks_hide_the_middle() -> None:
    assert pii.mask_phone("13812345678") == "138****5678"
    assert pii.mask_phone("+86 138-1234-5678") == "138****5678"
    assert pii.mask_phone("0351123") == "***1123"
    assert pii.mask_id_card("11010519491231002x") == "110***********002X"
    assert pii.mask_id_card("123") == "***"


def test_phone_normalisation_strips_country_code_and_noise() -> None:
    for form in ("13800138000", "+8613800138000", "0086 138 0013 8000", "8613800138000", "138-0013-8000"):
        assert pii.normalise_phone(form) == "13800138000"
    assert pii.valid_mobile("+86 13800138000")
    assert not pii.valid_mobile("12800138000")


def test_blind_index_is_keyed_normalised_and_kind_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    pii.forget_keys()
    monkeypatch.setenv("PII_INDEX_KEY", "k" * 40)
    monkeypatch.delenv("PII_INDEX_SECRET_ARN", raising=False)
    a = pii.blind_index("phone", "+86 138 0013 8000")
    assert a == pii.blind_index("phone", "13800138000")
    assert a != pii.blind_index("id_card", "13800138000")
    pii.forget_keys()
    monkeypatch.setenv("PII_INDEX_KEY", "z" * 40)
    assert pii.blind_index("phone", "13800138000") != a
    pii.forget_keys()


def test_blind_index_refuses_a_weak_key(monkeypatch: pytest.MonkeyPatch) -> None:
    pii.forget_keys()
    monkeypatch.setenv("PII_INDEX_KEY", "short")
    monkeypatch.delenv("PII_INDEX_SECRET_ARN", raising=False)
    with pytest.raises(RuntimeError):
        pii.blind_index("phone", "13800138000")
    pii.forget_keys()
