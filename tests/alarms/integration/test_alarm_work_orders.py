"""The alarm workflow's dispatch seam filled by the work-order module: an equipment alarm opens one repair ticket,
a retried dispatch finds the same one, an emergency opens none."""

from __future__ import annotations

import uuid
from typing import Any

from chalicelib.alarms import adapters as alarms_adapters
from chalicelib.alarms.model import Alarm
from chalicelib.kernel.clock import utcnow
from chalicelib.work_orders import wiring as work_orders_wiring


def test_an_equipment_alarm_opens_one_repair_work_order(cloud: Any) -> None:
    community = "c-" + uuid.uuid4().hex[:8]
    now = utcnow()
    alarm_id = "alm-" + uuid.uuid4().hex[:8]
    fault = Alarm(
        alarm_id,
        community,
        "trapped_person",
        "critical",
        "device",
        "dev-e1",
        now,
        now,
        device_type="elevator_controller",
        building="b-2",
        title="Elevator stopped between floors",
    )
    dispatch = alarms_adapters.AlarmWorkOrders()
    first = dispatch.dispatch(fault)
    assert first == f"wo-{alarm_id}"
    assert dispatch.dispatch(fault) == first  # the workflow retried its task: no second ticket
    ticket = work_orders_wiring.work_order_service().repo.get(community, first)
    assert ticket is not None
    assert (ticket.source, ticket.alarm_id, ticket.kind, ticket.category_id) == (
        "alarm",
        alarm_id,
        "repair",
        "repair-elevator",
    )
    assert ticket.location.area == "building b-2" and ticket.status == "submitted"
    assert ticket.execution_arn, "the SLA clock runs for dispatched tickets too"
    fire = Alarm("alm-" + uuid.uuid4().hex[:8], community, "fire_alarm", "critical", "device", "dev-s1", now, now)
    assert dispatch.dispatch(fire) is None
