"""WeChat send retries through the retry queue, against the local WeChat server: a send that keeps failing with a
retryable error (HTTP 503) is `retrying` and goes to NotifyRetryQueue; `notify_retry` sends it once WeChat answers
again; the same queue message delivered twice sends nothing twice; a permanent error (43101: the user refused) is
recorded as failed at once and never queued."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.support.alarms import providers  # noqa: F401  (the `providers` fixture: local WeChat server)

FACTS = {
    "title": "快递已存入快递柜",
    "place": "东门快递柜",
    "house": "1栋101",
    "reference": "123456",
    "code": "123456",
    "time": "2026年12月7日 14:51",
    "note": "A01号格口",
}


def message(openid: str) -> Any:
    from chalicelib.notifications import WECHAT, Recipient, compose

    [found] = compose(
        "parcel",
        FACTS,
        community_id="c-" + uuid.uuid4().hex[:8],
        subject=f"parcel:{uuid.uuid4().hex[:8]}",
        key="stored",
        recipients=[Recipient(WECHAT, openid, "业主", "owner")],
        link="pages/parcels/index",
    )
    return found


def queued(cloud: Any) -> list[dict[str, Any]]:
    """Receive what waits on NotifyRetryQueue (delays ignored: moto delivers delayed messages when asked)."""
    sqs = cloud.client("sqs")
    url = next(u for u in sqs.list_queues()["QueueUrls"] if u.endswith("NotifyRetryQueue"))
    found = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not got:
            return found
        for m in got:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            found.append({"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"]})


def test_a_busy_wechat_is_tried_again_from_the_queue_once(
    cloud: Any,
    client: Any,
    providers: Any,  # noqa: F811
    monkeypatch: Any,
) -> None:
    from chalicelib.kernel import wiring
    from chalicelib.notifications import deliveries, send

    monkeypatch.setenv("NOTIFY_RETRY_BASE_SECONDS", "0")  # the back-off's delay is SQS's to keep; not waited for here
    wiring.reset()
    queued(cloud)  # nothing left over from other tests
    openid = "o" + uuid.uuid4().hex[:27]
    providers.wechat.fail_next = 3  # every in-process attempt meets HTTP 503
    msg = message(openid)
    [first] = send(msg)
    assert first.status == "retrying" and "503" in (first.reason or ""), first
    [waiting] = queued(cloud)
    assert json.loads(waiting["body"])["round"] == 0

    # WeChat is back: the retry round sends it; the same queue message again sends nothing
    for _ in range(2):
        result = dict(client.lambda_.invoke("notify_retry", {"Records": [waiting]}).payload)
        assert result["batchItemFailures"] == []
    assert [m["to"] for m in providers.wechat.received].count(openid) == 1
    [done] = deliveries().page(msg.community_id, msg.subject, 10, None)[0]
    assert done.status == "sent" and done.provider_id
    assert queued(cloud) == []
    monkeypatch.undo()
    wiring.reset()


def test_a_refusal_is_recorded_and_never_retried(cloud: Any, client: Any, providers: Any) -> None:  # noqa: F811
    from chalicelib.kernel import wiring
    from chalicelib.notifications import send

    wiring.reset()
    queued(cloud)
    openid = "o" + uuid.uuid4().hex[:27]
    before = providers.wechat.subscribed
    providers.wechat.subscribed = set()  # nobody subscribed: WeChat answers 43101
    try:
        [refused] = send(message(openid))
    finally:
        providers.wechat.subscribed = before
    assert refused.status == "failed" and "43101" in (refused.reason or "") and refused.attempts == 1
    assert queued(cloud) == []


def test_a_message_that_is_no_retry_is_dropped(client: Any) -> None:
    result = dict(client.lambda_.invoke("notify_retry", {"Records": [{"messageId": "m1", "body": "{}"}]}).payload)
    assert result == {"batchItemFailures": [], "outcomes": ["dropped"]}
