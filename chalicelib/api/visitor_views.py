"""What a visitor pass, a gate's verification and an entry record look like on the wire (masked personal data):
the one view of each, shared by the resident, staff and gate routes."""

from __future__ import annotations

from typing import Any

from chalicelib.api.visitor_contracts import PassView, VerifyView
from chalicelib.domain.clock import iso
from chalicelib.domain.visitors import EntryRecord, VisitorPass


def pass_view(visitor_pass: Any) -> PassView:

    return PassView(**pass_view_dict(visitor_pass))


def verify_view(decision: Any) -> VerifyView:
    from chalicelib.domain.clock import iso

    return VerifyView(
        admitted=decision.admitted,
        reason=decision.reason,
        passId=decision.pass_id,
        entryId=decision.entry_id,
        entriesLeft=decision.entries_left,
        status=decision.status,
        visitorName=decision.visitor_name,
        carPlate=decision.car_plate,
        freeParkingUntil=iso(decision.free_parking_until) if decision.free_parking_until else None,
    )


def pass_view_dict(p: VisitorPass) -> dict[str, Any]:
    return {
        "passId": p.pass_id,
        "communityId": p.community_id,
        "houseId": p.house_id,
        "status": p.status,
        "source": p.source,
        "visitorName": p.visitor.name,
        "visitorPhone": p.visitor.phone_masked,
        "reason": p.visitor.reason,
        "carPlate": p.visitor.car_plate,
        "idChecked": p.visitor.id_checked,
        "idType": p.visitor.id_type,
        "idNumber": p.visitor.id_masked,
        "startsAt": iso(p.starts_at),
        "endsAt": iso(p.ends_at),
        "entries": p.entries,
        "entriesUsed": p.entries_used,
        "gates": list(p.gates),
        "approver": p.approver,
        "token": p.token if p.status in ("active", "arrived") else None,
        "keyId": p.kid,
        "reasonCode": p.reason,
        "createdAt": iso(p.created_at),
        "updatedAt": iso(p.updated_at) if p.updated_at else None,
        "history": [{"status": s, "at": at} for s, at in p.history],
    }


def entry_view_dict(e: EntryRecord) -> dict[str, Any]:
    return {
        "entryId": e.entry_id,
        "gateId": e.gate_id,
        "direction": e.direction,
        "method": e.method,
        "subjectKind": e.subject_kind,
        "subjectId": e.subject_id,
        "houseId": e.house_id,
        "at": iso(e.at),
        "offline": e.offline,
        "flag": e.flag,
        "carPlate": e.car_plate,
        "freeParkingUntil": iso(e.free_parking_until) if e.free_parking_until else None,
    }
