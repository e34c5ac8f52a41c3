"""The request signature's and the Digest nonce's time windows, just inside and just outside, and the canonical
request: any change to method, path, query, body, timestamp or nonce changes the signature."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.partners import digest, signing

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


def test_timestamp_window_is_five_minutes_either_way() -> None:
    for seconds, fresh in ((299, True), (300, True), (301, False), (-299, True), (-301, False)):
        stamp = str(int((NOW + timedelta(seconds=seconds)).timestamp()))
        assert signing.timestamp_fresh(stamp, NOW) is fresh, seconds
    assert not signing.timestamp_fresh("not-a-time", NOW)
    assert not signing.timestamp_fresh("9" * 13, NOW)


def test_every_part_of_the_request_is_signed() -> None:
    base = ("s3cret", "GET", "/v1/partner/communities/c1/people", {"limit": "5"}, b"", "1796600000", "n" * 16)
    signature = signing.sign(*base)
    variants = [
        ("s3cret", "POST", *base[2:]),
        (*base[:2], "/v1/partner/communities/c2/people", *base[3:]),
        (*base[:3], {"limit": "6"}, *base[4:]),
        (*base[:4], b"{}", *base[5:]),
        (*base[:5], "1796600001", base[6]),
        (*base[:6], "m" * 16),
        ("other", *base[1:]),
    ]
    assert all(signing.sign(*v) != signature for v in variants)  # type: ignore[arg-type]
    assert signing.canonical_query({"b": "2", "a": "x y"}) == "a=x%20y&b=2"


def test_digest_nonce_is_fresh_for_five_minutes_and_only_ours() -> None:
    key = b"k" * 32
    assert digest.nonce_fresh(key, digest.new_nonce(key, NOW - timedelta(minutes=4, seconds=59)), NOW)
    assert not digest.nonce_fresh(key, digest.new_nonce(key, NOW - timedelta(minutes=5, seconds=1)), NOW)
    assert not digest.nonce_fresh(b"other" * 8, digest.new_nonce(key, NOW), NOW)
    params = digest.parse(digest.authorization("pk_1", "pw", "POST", "/VIID/System/Register", "n1", "00000001", "c"))
    assert params["username"] == "pk_1" and params["nc"] == "00000001"
    assert digest.expected_response(params, "pw", "POST") == params["response"]
    assert digest.expected_response(params, "other", "POST") != params["response"]
