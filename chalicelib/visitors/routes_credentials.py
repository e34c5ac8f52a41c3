"""Access credentials of residents and staff (004 6.1.1 b): issue, authorise (doors, areas, elevator floors),
report loss, cancel the loss report, deregister, extend; residents see theirs and report a loss themselves; doors and
elevators check a presented card/QR/face/app reference (a face is a reference into the face library, never the
biometric data itself)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from chalice import Blueprint
from pydantic import Field, StringConstraints

from chalicelib.audit import audited
from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Id, Time
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.visitors import wiring
from chalicelib.visitors.credentials import Credential

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}/credentials"
RESIDENT = "/v1/resident/communities/{community_id}/houses/{house_id}/credentials"
Reference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9:_-]{4,64}$")]
Floor = Annotated[str, StringConstraints(pattern=r"^(\*|-?[0-9]{1,3})$")]
Kind = Literal["card", "qr", "face", "app"]


class CredentialIssue(Contract):
    holderKind: Literal["resident", "staff"]
    holderId: Id = Field(description="The person id (resident) or staff account id")
    houseId: Id | None = Field(default=None, description="Required for residents")
    kind: Kind
    reference: Reference = Field(description="Card number, QR/app id, or the face library's template reference")
    validUntil: Time
    areas: list[Id] = Field(default_factory=list, max_length=50, description="Building ids and/or `shared`")
    doors: list[Id] = Field(default_factory=list, max_length=50)
    floors: list[Floor] | None = Field(default=None, max_length=200, description="Default: own floor + public")
    securityStaff: bool = Field(default=False, description="Staff: reaches every floor (004 6.1.1 e)")


class Authorisation(Contract):
    areas: list[Id] = Field(default_factory=list, max_length=50)
    doors: list[Id] = Field(default_factory=list, max_length=50)
    floors: list[Floor] = Field(default_factory=list, max_length=200)


class Extension(Contract):
    validUntil: Time


class NoBody(Contract):
    pass


class CredentialHistory(Contract):
    operation: str
    at: str
    by: str


class CredentialView(Contract):
    credentialId: str
    holderKind: str
    holderId: str
    houseId: str | None = None
    kind: str
    reference: str
    status: str
    validUntil: str
    areas: list[str]
    doors: list[str]
    floors: list[str]
    issuedAt: str
    issuedBy: str
    updatedAt: str | None = None
    history: list[CredentialHistory]


class CredentialList(Contract):
    items: list[CredentialView]


class CredentialQuery(Contract):
    holderId: Id | None = None
    houseId: Id | None = None


class PresentRequest(Contract):
    kind: Kind
    reference: Reference
    direction: Literal["in", "out"] = "in"
    floor: int | None = Field(default=None, ge=-10, le=200, description="Elevators: the floor asked for")


class PresentView(Contract):
    allowed: bool
    reason: str | None = Field(
        default=None,
        description="UNKNOWN_CREDENTIAL, REPORTED_LOST, DEREGISTERED, EXPIRED, DOOR_NOT_ALLOWED, FLOOR_NOT_ALLOWED, "
        "HOLDER_NOT_CURRENT (a staff card whose account is disabled, expired or no longer works in this community)",
    )
    credentialId: str | None = None
    entryId: str | None = None


def view(credential: Credential) -> CredentialView:

    return CredentialView(**credential_view_dict(credential))


@endpoint(
    bp,
    "POST",
    STAFF,
    audience="staff",
    access=Access.community("credential:manage"),
    request=CredentialIssue,
    status=201,
    response=CredentialView,
    errors=(400, 404, 409),
    summary="Issue an access credential (a resident's only while they live in the house; a staff member's only for "
    "a staff account of this community)",
)
def issue_credential(call: Call[CredentialIssue]) -> CredentialView:
    b = call.body
    cid = call.path["community_id"]
    with audited(call, "credential.issue", "person", b.holderId, {"kind": b.kind, "houseId": b.houseId}) as detail:
        credential = wiring.credential_service().issue(
            cid,
            holder_kind=b.holderKind,
            holder_id=b.holderId,
            house_id=b.houseId,
            kind=b.kind,
            reference=b.reference,
            valid_until=b.validUntil,
            issued_by=call.who.subject,
            areas=tuple(b.areas),
            doors=tuple(b.doors),
            floors=tuple(b.floors) if b.floors is not None else None,
            security_staff=b.securityStaff,
        )
        detail["credentialId"] = credential.credential_id
    return view(credential)


@endpoint(
    bp,
    "GET",
    STAFF,
    audience="staff",
    access=Access.community("credential:read"),
    query=CredentialQuery,
    response=CredentialList,
    errors=(400,),
    summary="A person's or a house's credentials",
)
def list_credentials(call: Call[Any]) -> CredentialList:
    from chalicelib.kernel.errors import InvalidInput

    q, cid, records = call.query, call.path["community_id"], wiring.credential_records()
    if bool(q.holderId) == bool(q.houseId):
        raise InvalidInput(
            "give holderId or houseId",
            code="VALIDATION_FAILED",
            details=[{"field": "query.holderId", "code": "one_of", "message": "exactly one of holderId, houseId"}],
        )
    items = records.of_holder(cid, q.holderId) if q.holderId else records.of_house(cid, q.houseId)
    return CredentialList(items=[view(c) for c in items])


@endpoint(
    bp,
    "GET",
    STAFF + "/{credential_id}",
    audience="staff",
    access=Access.community("credential:read"),
    response=CredentialView,
    errors=(404,),
    summary="One credential with its lifecycle history",
)
def get_credential(call: Call[Any]) -> CredentialView:
    return view(wiring.credential_service().get(call.path["community_id"], call.path["credential_id"]))


def _operation(call: Call[Any], operation: str, run: Callable[[str, str, str], Credential]) -> CredentialView:
    cid, crid = call.path["community_id"], call.path["credential_id"]
    with audited(call, f"credential.{operation}", "credential", crid):
        credential = run(cid, crid, call.who.subject)
    return view(credential)


@endpoint(
    bp,
    "POST",
    STAFF + "/{credential_id}/authorise",
    audience="staff",
    access=Access.community("credential:manage"),
    request=Authorisation,
    response=CredentialView,
    errors=(404, 409),
    summary="Authorise for doors, areas and elevator floors (replaces the previous authorisation)",
)
def authorise_credential(call: Call[Authorisation]) -> CredentialView:
    b = call.body
    return _operation(
        call,
        "authorise",
        lambda c, i, by: wiring.credential_service().authorise(
            c, i, by, tuple(b.areas), tuple(b.doors), tuple(b.floors)
        ),
    )


@endpoint(
    bp,
    "POST",
    STAFF + "/{credential_id}/report-loss",
    audience="staff",
    access=Access.community("credential:manage"),
    request=NoBody,
    response=CredentialView,
    errors=(404, 409),
    summary="Report a credential lost (doors refuse it until the report is cancelled)",
    operation_id="reportCredentialLoss",
)
def report_loss(call: Call[NoBody]) -> CredentialView:
    return _operation(call, "report_loss", wiring.credential_service().report_loss)


@endpoint(
    bp,
    "POST",
    STAFF + "/{credential_id}/cancel-loss",
    audience="staff",
    access=Access.community("credential:manage"),
    request=NoBody,
    response=CredentialView,
    errors=(404, 409),
    summary="Cancel a loss report (the credential was found)",
    operation_id="cancelCredentialLoss",
)
def cancel_loss(call: Call[NoBody]) -> CredentialView:
    return _operation(call, "cancel_loss", wiring.credential_service().cancel_loss)


@endpoint(
    bp,
    "POST",
    STAFF + "/{credential_id}/deregister",
    audience="staff",
    access=Access.community("credential:manage"),
    request=NoBody,
    response=CredentialView,
    errors=(404,),
    summary="Deregister a credential for good (its card number can be issued again)",
    operation_id="deregisterCredential",
)
def deregister(call: Call[NoBody]) -> CredentialView:
    return _operation(call, "deregister", wiring.credential_service().deregister)


@endpoint(
    bp,
    "POST",
    STAFF + "/{credential_id}/extend",
    audience="staff",
    access=Access.community("credential:manage"),
    request=Extension,
    response=CredentialView,
    errors=(400, 404, 409),
    summary="Extend a credential's validity",
    operation_id="extendCredential",
)
def extend(call: Call[Extension]) -> CredentialView:
    until: datetime = call.body.validUntil
    return _operation(call, "extend", lambda c, i, by: wiring.credential_service().extend(c, i, by, until))


def _own(call: Call[Any]) -> str:
    from chalicelib.kernel.errors import Forbidden

    person = wiring.person_of(call.who.subject, call.path["community_id"], call.path["house_id"])
    if person is None:
        raise Forbidden("you are not a current member of this house", code="HOUSEHOLD_FORBIDDEN")
    return person


@endpoint(
    bp,
    "GET",
    RESIDENT,
    audience="resident",
    access=Access.household("credential:self"),
    response=CredentialList,
    errors=(403,),
    summary="My access credentials for this house",
    operation_id="listMyCredentials",
)
def my_credentials(call: Call[Any]) -> CredentialList:
    person = _own(call)
    items = wiring.credential_records().of_holder(call.path["community_id"], person)
    return CredentialList(items=[view(c) for c in items if c.house_id == call.path["house_id"]])


@endpoint(
    bp,
    "POST",
    RESIDENT + "/{credential_id}/report-loss",
    audience="resident",
    access=Access.household("credential:self"),
    request=NoBody,
    response=CredentialView,
    errors=(403, 404, 409),
    summary="Report my card (or other credential) lost",
    operation_id="reportMyCredentialLoss",
)
def my_report_loss(call: Call[NoBody]) -> CredentialView:
    from chalicelib.kernel.errors import NotFound

    person = _own(call)
    credential = wiring.credential_service().get(call.path["community_id"], call.path["credential_id"])
    if credential.holder_id != person or credential.house_id != call.path["house_id"]:
        raise NotFound("credential not found", code="CREDENTIAL_NOT_FOUND")
    return _operation(call, "report_loss", wiring.credential_service().report_loss)


@endpoint(
    bp,
    "POST",
    "/v1/gate/communities/{community_id}/credentials/present",
    audience="gate",
    access=Access.community("gate:verify"),
    request=PresentRequest,
    response=PresentView,
    errors=(403, 404),
    summary="A door (recorded as a passage when it opens) or an elevator (floor) checks a presented credential",
)
def present_credential(call: Call[PresentRequest]) -> PresentView:
    from chalicelib.kernel.errors import Forbidden, NotFound
    from chalicelib.visitors.gate_sessions import ACCESS_DEVICE_TYPES
    from chalicelib.visitors.model import check_session

    b = call.body
    device = wiring.find_gate(call.path["community_id"], call.who.subject)
    if device is None or device.device_type not in ACCESS_DEVICE_TYPES:
        raise NotFound("not an access device of this community", code="GATE_NOT_FOUND")
    if device.status in {"retired", "disabled"}:
        raise Forbidden(f"device is {device.status}", code="GATE_NOT_ACTIVE")
    check_session(device, call.who.certificate)  # the certificate it signed in with is still its active one
    decision, entry_id = wiring.credential_service().present(device, b.kind, b.reference, b.direction, b.floor)
    return PresentView(
        allowed=decision.allowed, reason=decision.reason, credentialId=decision.credential_id, entryId=entry_id
    )


def credential_view_dict(c: Credential) -> dict[str, Any]:
    return {
        "credentialId": c.credential_id,
        "holderKind": c.holder_kind,
        "holderId": c.holder_id,
        "houseId": c.house_id,
        "kind": c.kind,
        "reference": c.reference if c.kind != "face" else "face-library:" + c.reference,
        "status": c.status,
        "validUntil": iso(c.valid_until),
        "areas": list(c.areas),
        "doors": list(c.doors),
        "floors": list(c.floors),
        "issuedAt": iso(c.issued_at),
        "issuedBy": c.issued_by,
        "updatedAt": iso(c.updated_at) if c.updated_at else None,
        "history": [{"operation": o, "at": at, "by": by} for o, at, by in c.history],
    }
