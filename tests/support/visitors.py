"""Helpers for the visitor-pass tests: a community with a house, a bound resident, gates registered in the ledger
with real device certificates (the local CA), gate sessions signed with the device key, API calls."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization

from tests.support.identity import token_for


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Gate:
    device_id: str
    private_key: Any


@dataclass
class Place:
    community: str
    house: str
    building: str
    resident: str  # account id bound to the house
    person: str = ""  # the resident's registry person id

    def resident_token(self, relation: str = "owner", houses: set[str] | None = None) -> str:
        return token_for(
            {f"resident.{relation}"},
            {self.community},
            kind="resident",
            households=houses if houses is not None else {self.house},
            subject=self.resident,
        )

    def staff_token(self, role: str = "staff.guard", subject: str = "guard-1") -> str:
        return token_for({role}, {self.community}, subject=subject)


def new_place(building: str = "B1", community: str | None = None) -> Place:
    """A house (registry entity) in a registry building, with a resident account bound to it as owner (in a new
    community by default)."""
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.model import Change, Record, Residency

    community = community or "c-" + uuid.uuid4().hex[:10]
    house = "h" + uuid.uuid4().hex[:10]
    account = "acct-" + uuid.uuid4().hex[:8]
    person = "p" + uuid.uuid4().hex[:12]
    at = now()
    add_building(community, building)
    attrs = {"buildingId": building, "floor": 3, "room": "301", "addressCode": f"T-{house}"}
    record = Record(kind="house", id=house, community_id=community, attrs=attrs, ingested_at=at)
    owner = Residency(community, house, person, "Host", "owner", at, at, account_id=account, bound_at=at)
    # through the registry repository, as the registry does: the owner marker and the account binding too
    registry_wiring.registry_service().repo.commit(Change().create(record).move_in(owner))
    return Place(community, house, building, account, person)


def add_building(community: str, building: str) -> str:
    """The registry building `building` of the community (made once: a second place in it shares it)."""
    from chalicelib.registry import find_record
    from tests.support.registry import building_with_id

    if find_record(community, "building", building) is not None:
        return building
    return building_with_id(community, building)


def add_gate(
    community: str, building: str | None = "B1", device_type: str = "door_controller", *, cert: bool = True
) -> Gate:
    """A gate in the ledger (active), with a certificate from the local CA when `cert`."""
    from chalicelib.devices import wiring as devices_wiring
    from chalicelib.devices.model import Device, Location, new_device_id

    device_id = new_device_id(device_type)
    location = Location(building=building) if building else Location(area="north gate")
    devices_wiring.device_ledger().repo.add(
        Device(device_id, community, device_type, "test gate", location, status="active", ingested_at=now())
    )
    key = None
    if cert:
        issued = devices_wiring.certificate_service().issue(community, device_id, "test", now())
        key = serialization.load_pem_private_key(issued.private_key_pem.encode(), password=None)
    return Gate(device_id, key)


def signed_sign_in(community: str, gate: Gate, *, signed_at: datetime | None = None) -> dict[str, str]:
    """A gate's sign-in body: signed with its device key, with a fresh nonce."""
    import secrets

    from chalicelib.visitors.gate_sessions import sign_session

    when = iso(signed_at or now())
    nonce = secrets.token_urlsafe(16)
    return {
        "communityId": community,
        "deviceId": gate.device_id,
        "signedAt": when,
        "nonce": nonce,
        "signature": sign_session(gate.private_key, community, gate.device_id, when, nonce),
    }


def gate_session(client: Any, community: str, gate: Gate, *, signed_at: datetime | None = None) -> Any:
    body = signed_sign_in(community, gate, signed_at=signed_at)
    return client.http.post("/v1/gate/sessions", headers={"Content-Type": "application/json"}, body=json.dumps(body))


def gate_token(client: Any, community: str, gate: Gate) -> str:
    response = gate_session(client, community, gate)
    assert response.status_code == 201, response.body
    return str(json.loads(response.body)["accessToken"])


def call(client: Any, method: str, path: str, token: str | None, body: Any = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    response = client.http.request(method, path, **kwargs)
    return response.status_code, (json.loads(response.body) if response.body else None)


def invitation(start: timedelta = timedelta(0), length: timedelta = timedelta(hours=2), **extra: Any) -> dict[str, Any]:
    starts = now() + start
    return {
        "visitorName": "Li Lei",
        "visitorPhone": "13912345678",
        "reason": "family visit",
        "startsAt": iso(starts),
        "endsAt": iso(starts + length),
        **extra,
    }


def invite(client: Any, place: Place, **extra: Any) -> tuple[int, Any]:
    body = invitation(**{k: extra.pop(k) for k in ("start", "length") if k in extra})
    body.update(extra)
    return call(
        client,
        "POST",
        f"/v1/resident/communities/{place.community}/houses/{place.house}/visitor-passes",
        place.resident_token(),
        body,
    )
