"""Usage plans and the monthly report: onboarding puts the partner's key id into the API Gateway usage plan its
daily quota fits (moto's API Gateway, the plans the template declares), a cut-off switches the key off there; the
month's report counts calls, records, bytes and refused requests per Beijing day, and exports as a CSV."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from chalicelib.kernel import config
from tests.partners.support import onboard, signed
from tests.support.registry import call, new_community, token


def _apigateway() -> Any:
    return boto3.client("apigateway", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=config.region())


def _plan_keys(plan_env: str) -> set[str]:
    items = _apigateway().get_usage_plan_keys(usagePlanId=os.environ[plan_env]).get("items", [])
    return {i["name"] for i in items}


def _month() -> str:
    return (datetime.now(UTC) + timedelta(hours=8)).strftime("%Y-%m")


def test_keys_go_into_the_plan_their_quota_fits_and_a_cut_off_switches_them_off(client: Any) -> None:
    cid = new_community(client)
    small = onboard(client, [cid], dailyQuota=5000)
    large = onboard(client, [cid], dailyQuota=2_000_000)
    assert small["keyId"] in _plan_keys("PARTNER_PLAN_STANDARD_ID")
    assert large["keyId"] in _plan_keys("PARTNER_PLAN_BULK_ID")
    assert small["keyId"] not in _plan_keys("PARTNER_PLAN_BULK_ID")
    [key] = [k for k in _apigateway().get_api_keys(includeValues=True)["items"] if k["name"] == small["keyId"]]
    assert key["value"] == small["keyId"] and key["enabled"] is True  # the X-Api-Key the partner already sends

    admin = token({"platform.admin"}, {"*"})
    pid = small["partner"]["partnerId"]
    status, rotated = call(client, "POST", f"/v1/admin/partners/{pid}/keys", admin, {"graceSeconds": 0})
    assert status == 201, rotated
    assert rotated["keyId"] in _plan_keys("PARTNER_PLAN_STANDARD_ID")
    status, _ = call(client, "POST", f"/v1/admin/partners/{pid}/cut-off", admin)
    assert status == 200
    enabled = {k["name"]: k["enabled"] for k in _apigateway().get_api_keys()["items"]}
    assert enabled[small["keyId"]] is False and enabled[rotated["keyId"]] is False
    assert enabled[large["keyId"]] is True


def test_a_rotated_out_key_is_switched_off_at_the_edge_once_its_grace_has_passed(client: Any) -> None:
    from chalicelib.partners import wiring
    from chalicelib.partners.service import PartnerService

    cid = new_community(client)
    issued = onboard(client, [cid], dailyQuota=5000)
    pid, old = issued["partner"]["partnerId"], issued["keyId"]
    admin = token({"platform.admin"}, {"*"})
    status, rotated = call(client, "POST", f"/v1/admin/partners/{pid}/keys", admin, {"graceSeconds": 3600})
    assert status == 201, rotated

    def enabled() -> dict[str, bool]:
        return {k["name"]: k["enabled"] for k in _apigateway().get_api_keys()["items"]}

    shared = wiring.partner_service()
    assert old not in shared.switch_off_retired_keys()  # inside its grace the partner still signs with it
    assert enabled()[old] is True
    later = lambda: datetime.now(UTC) + timedelta(hours=1, seconds=1)  # noqa: E731
    service = PartnerService(shared.store, shared.box, later, shared.new_id, shared.log_refusal, shared.plans)
    switched = service.switch_off_retired_keys()
    assert old in switched and rotated["keyId"] not in switched
    assert enabled()[old] is False and enabled()[rotated["keyId"]] is True
    assert service.store.key(old).edge_off is True  # type: ignore[union-attr]
    assert old not in service.switch_off_retired_keys()  # once


def test_the_monthly_report_counts_calls_and_refusals_per_day_and_exports(client: Any, cloud: Any) -> None:
    cid = new_community(client)
    issued = onboard(client, [cid], ratePerMinute=2, scopes=["people:read", "houses:read"])
    pid = issued["partner"]["partnerId"]
    people = f"/v1/partner/communities/{cid}/people"
    assert signed(client, issued, people).status_code == 200
    assert signed(client, issued, people, tamper={"X-Signature": "0" * 64}).status_code == 401
    answers = [signed(client, issued, people).status_code for _ in range(2)]
    assert 429 in answers  # two a minute: the third signed request of this minute is over the rate

    admin = token({"platform.admin"}, {"*"})
    month = _month()
    status, report = call(client, "GET", f"/v1/admin/partners/{pid}/report?month={month}", admin)
    assert status == 200, report
    assert report["partnerName"] == "阳光派出所" and report["month"] == month
    today = (datetime.now(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d")
    [day] = [d for d in report["days"] if d["day"] == today]
    assert day["calls"] == answers.count(200) + 1 and day["refusals"] == 1 + answers.count(429)
    assert day["refusalsByReason"] == {"signature": 1, "rate": answers.count(429)}
    assert report["totals"]["calls"] == day["calls"] and report["totals"]["bytes"] == day["bytes"] > 0
    assert [r["resource"] for r in report["byResource"]] == ["people"]
    assert len(report["days"]) >= 28 and all(d["day"].startswith(month) for d in report["days"])

    status, bad = call(client, "GET", f"/v1/admin/partners/{pid}/report?month=2026-13", admin)
    assert status == 400 and bad["error"]["code"] == "VALIDATION_FAILED"
    status, _ = call(client, "GET", f"/v1/admin/partners/ptn_nobody/report?month={month}", admin)
    assert status == 404
    manager = token({"staff.manager"}, {cid})
    status, _ = call(client, "GET", f"/v1/admin/partners/{pid}/report?month={month}", manager)
    assert status == 403

    status, exported = call(client, "POST", f"/v1/admin/partners/{pid}/report/export?month={month}", admin)
    assert status == 200, exported
    assert exported["fileName"] == f"合作方月报-阳光派出所-{month}.csv" and exported["url"]
    s3 = cloud.client("s3")
    bucket = os.environ["MEDIA_BUCKET"]
    [obj] = s3.list_objects_v2(Bucket=bucket, Prefix=f"exports/partners/{pid}/")["Contents"]
    text = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read().decode("utf-8")
    assert text.startswith("\ufeff合作方：阳光派出所")
    assert f"{today},{day['calls']},{day['records']},{day['bytes']},{day['refusals']},1," in text
    assert text.strip().splitlines()[-1].startswith("合计,")
