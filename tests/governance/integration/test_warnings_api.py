"""Warnings through the local cloud: a run raises each finding once while it is open (a second run, or two runs
at once, raise nothing new), staff acknowledge and resolve with a note, and a resolved anomaly found again is a new
warning. The passages are crafted (a stand-in for the entry log); storage and routes are the real ones."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.governance.model import Passage, Snapshot
from tests.support.registry import call, make_building, make_house, make_person, new_community, token


class CraftedSources:
    def __init__(self, passages: list[Passage], snap: Snapshot):
        self.items = passages
        self.snap = snap

    def passages(self, community_id: str, since: datetime, until: datetime) -> list[Passage]:
        return [p for p in self.items if since <= p.at <= until]

    def snapshot(self, community_id: str) -> Snapshot:
        return self.snap

    def meter_days(self, community_id: str, first_day: Any, last_day: Any) -> dict[tuple[str, str], list[float]]:
        return {}


def _service(passages: list[Passage], snap: Snapshot) -> Any:
    from chalicelib.governance.repository import DynamoWarningStore
    from chalicelib.governance.service import WarningService
    from chalicelib.kernel.clock import utcnow

    return WarningService(DynamoWarningStore(), CraftedSources(passages, snap), utcnow, lambda: uuid.uuid4().hex[:12])


def test_one_open_warning_per_subject_and_kind_then_ack_and_resolve(client: Any) -> None:
    cid = f"c-gov-{uuid.uuid4().hex[:6]}"
    now = datetime.now(UTC)
    snap = Snapshot(residents={"p1": ""}, vehicles={"京Z9"}, vacant_houses=set())
    crafted = [
        Passage("p1", "resident", "g1", "out", now - timedelta(days=200)),
        Passage("京Z9", "vehicle", "g1", "in", now - timedelta(days=40)),
    ]
    service = _service(crafted, snap)
    first = service.run(cid)
    assert (first.findings, first.raised) == (2, 2)
    assert service.run(cid).raised == 0  # still open: nothing new

    results: list[int] = []
    runs = [threading.Thread(target=lambda: results.append(service.run(cid).raised)) for _ in range(3)]
    for t in runs:
        t.start()
    for t in runs:
        t.join()
    assert results == [0, 0, 0]

    manager = token({"staff.manager"}, {cid})
    status, listed = call(client, "GET", f"/v1/staff/communities/{cid}/warnings?status=open", manager)
    assert status == 200, listed
    by_kind = {w["kind"]: w for w in listed["items"]}
    assert set(by_kind) == {"away_not_back", "zombie_car"}
    zombie = by_kind["zombie_car"]["warningId"]

    path = f"/v1/staff/communities/{cid}/warnings/{zombie}"
    status, acked = call(client, "POST", path + "/acknowledge", manager, {"note": "车主出国，已电话核实"})
    assert status == 200 and acked["status"] == "acknowledged" and acked["acknowledgedNote"] == "车主出国，已电话核实"
    status, again = call(client, "POST", path + "/acknowledge", manager, {"note": "again"})
    assert status == 409 and again["error"]["code"] == "WARNING_NOT_OPEN"
    assert service.run(cid).raised == 0  # acknowledged is still open for the rule
    status, resolved = call(client, "POST", path + "/resolve", manager, {"note": "车辆已移走"})
    assert status == 200 and resolved["status"] == "resolved"
    assert service.run(cid).raised == 1  # the anomaly is still there: a new warning

    guard = token({"staff.guard"}, {cid})
    status, _ = call(client, "POST", path + "/resolve", guard, {"note": "x"})
    assert status == 403
    status, _ = call(client, "POST", path + "/resolve", manager, {"note": ""})
    assert status == 400


def test_a_warning_names_its_subject_as_people_do(client: Any) -> None:
    from chalicelib import registry

    cid = new_community(client)
    person = make_person(client, cid, name="李四")[0]["personId"]
    house = make_house(client, cid, building_id=make_building(client, cid), room=3)["houseId"]
    now = datetime.now(UTC)
    snap = Snapshot(residents={person: "", "p-gone": ""}, vehicles={"京Z9"}, vacant_houses={house})
    crafted = [
        Passage(person, "resident", "g1", "out", now - timedelta(days=200)),
        Passage("p-gone", "resident", "g1", "out", now - timedelta(days=200)),  # no longer in the registry
        Passage("京Z9", "vehicle", "g1", "in", now - timedelta(days=40)),
        *[Passage("card-77", "unregistered", "g1", "in", now - timedelta(hours=i), house) for i in range(12)],
    ]
    assert _service(crafted, snap).run(cid).raised >= 4

    status, listed = call(client, "GET", f"/v1/staff/communities/{cid}/warnings", token({"staff.manager"}, {cid}))
    assert status == 200, listed
    names = {(w["kind"], w["subjectId"]): w["subjectName"] for w in listed["items"]}
    assert names[("away_not_back", person)] == "李四"
    assert names[("away_not_back", "p-gone")] == "p-gone"  # nothing to name it by: its id
    assert names[("zombie_car", "京Z9")] == "京Z9"
    assert names[("unregistered_resident", "card-77")] == "门禁凭证 card-77"
    assert names[("empty_house_activity", house)] == registry.house_label(cid, house)
    assert house not in names[("empty_house_activity", house)]


def test_the_thresholds_read_back_as_set_and_are_the_defaults_before(client: Any) -> None:
    cid = f"c-gov-{uuid.uuid4().hex[:6]}"
    path = f"/v1/staff/communities/{cid}/warning-thresholds"
    status, before = call(client, "GET", path, token({"staff.guard"}, {cid}))
    assert status == 200, before
    assert before["awayDays"] == 183 and before["groupRentalSubjects"] == 8, "the defaults until set"
    status, saved = call(client, "PUT", path, token({"staff.manager"}, {cid}), {**before, "awayDays": 200})
    assert status == 200, saved
    status, after = call(client, "GET", path, token({"staff.guard"}, {cid}))
    assert status == 200 and after == {**before, "awayDays": 200}
    status, refused = call(client, "PUT", path, token({"staff.guard"}, {cid}), {**before, "awayDays": 1})
    assert status == 403, refused
