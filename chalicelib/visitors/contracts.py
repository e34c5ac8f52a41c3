"""Request and response models of the visitor-pass, gate and entry-record routes.

What a visitor pass, a gate's verification and an entry record look like on the wire (masked personal data):
the one view of each, shared by the resident, staff and gate routes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Day, Id, Page, PageQuery, Time
from chalicelib.visitors.model import EntryRecord, VisitorPass

Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 -]{6,20}$")]
Plate = Annotated[str, StringConstraints(min_length=2, max_length=16)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Token = Annotated[str, StringConstraints(min_length=1, max_length=512)]
Direction = Literal["in", "out"]
Method = Literal["qr", "passcode", "card", "face", "app", "plate"]


class InviteRequest(Contract):
    visitorName: Name
    visitorPhone: Phone = Field(description="Mainland mobile number; stored encrypted, answered masked")
    reason: Reason
    startsAt: Time = Field(description="UTC ISO-8601; at most 5 minutes in the past")
    endsAt: Time = Field(description="After startsAt; the window is at most the policy's maxWindowHours")
    entries: int = Field(default=1, ge=1, le=255, description="How many entries; 1 = single use")
    gates: list[Id] = Field(default_factory=list, max_length=8, description="Allowed gates; empty = every gate")
    carPlate: Plate | None = None


class WalkInRequest(Contract):
    houseId: Id
    visitorName: Name
    visitorPhone: Phone
    reason: Reason
    idType: Literal["resident_id_card", "passport", "other"] = "resident_id_card"
    idNumber: Annotated[str, StringConstraints(min_length=4, max_length=32)] = Field(
        description="Checked by the guard; stored encrypted, answered masked"
    )
    hours: int = Field(default=2, ge=1, le=24)
    gates: list[Id] = Field(default_factory=list, max_length=8)
    carPlate: Plate | None = None


class PassHistoryItem(Contract):
    status: str
    at: str


class PassView(Contract):
    passId: str
    communityId: str
    houseId: str
    status: str
    source: str
    visitorName: str
    visitorPhone: str = Field(description="Masked")
    reason: str
    carPlate: str | None = None
    idChecked: bool = False
    idType: str | None = None
    idNumber: str | None = Field(default=None, description="Masked")
    startsAt: str
    endsAt: str
    entries: int
    entriesUsed: int
    gates: list[str]
    approver: str
    token: str | None = Field(default=None, description="The signed credential, while the pass admits")
    keyId: str | None = None
    reasonCode: str | None = None
    createdAt: str
    updatedAt: str | None = None
    history: list[PassHistoryItem]


class PassPage(Page):
    items: list[PassView]


class PassQr(Contract):
    passId: str
    token: str
    contentType: str = "image/png"
    pngBase64: str
    qrVersion: int
    errorCorrection: str
    tokenBytes: int


class DecisionRequest(Contract):
    note: Annotated[str, StringConstraints(max_length=200)] | None = None


class StaffVerifyRequest(Contract):
    gateId: Id
    token: Token
    direction: Direction = "in"


class GateVerifyRequest(Contract):
    token: Token | None = Field(default=None, description="A scanned QR pass")
    plate: Plate | None = Field(default=None, description="A licence plate a barrier gate recognised")
    passcode: Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")] | None = Field(
        default=None, description="A keypad code (10 digits: slot + code); give exactly one of token, passcode, plate"
    )
    direction: Direction = "in"


class PasscodeView(Contract):
    passId: str
    passcode: str = Field(
        description="10 digits for a keypad: the pass's 4-digit slot, then a 6-digit code that changes every minute"
    )
    validForSeconds: int


class KeypadLimit(Contract):
    scope: str = Field(description="gate (the gate's keypad) or slot (one pass's code)")
    attempts: int = Field(description="Wrong codes a window allows; then LOCKED_OUT (gate) or INVALID_PASSCODE (slot)")
    windowSeconds: int


class KeypadPass(Contract):
    slot: str = Field(description="The passcode's first 4 digits")
    passId: str
    passcodeKey: str = Field(
        description="base64url HMAC-SHA256 key: the code is HOTP-style (RFC 4226 truncation, 6 digits) over "
        "floor(unix time / stepSeconds)"
    )
    notBefore: str
    notAfter: str
    entries: int
    entriesUsed: int


class KeypadPassesView(Contract):
    communityId: str
    gateId: str
    generatedAt: str
    codeDigits: int
    slotDigits: int
    stepSeconds: int
    acceptedSteps: list[int] = Field(description="Steps around now whose code is accepted")
    limits: list[KeypadLimit]
    passes: list[KeypadPass] = Field(description="Passes valid at this gate with a keypad passcode, window not over")


class VerifyView(Contract):
    admitted: bool
    reason: str | None = Field(
        default=None,
        description="MALFORMED, UNSUPPORTED_VERSION, OTHER_COMMUNITY, UNKNOWN_KEY, TAMPERED, REVOKED, NOT_YET_VALID, "
        "EXPIRED, WRONG_GATE, NO_ENTRIES_LEFT, UNKNOWN_PASS, REJECTED, NOT_APPROVED, UNKNOWN_PLATE, BUSY; a keypad "
        "passcode: INVALID_PASSCODE for every wrong code, LOCKED_OUT while the gate's budget of wrong codes is spent",
    )
    passId: str | None = None
    entryId: str | None = None
    entriesLeft: int | None = None
    status: str | None = None
    visitorName: str | None = None
    carPlate: str | None = None
    freeParkingUntil: str | None = None


class OfflineAdmissionIn(Contract):
    entryId: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{4,64}$")] = Field(
        description="Chosen by the gate; a retried upload with the same id changes nothing"
    )
    passId: Annotated[str, StringConstraints(pattern=r"^vp[0-9a-f]{16}$")]
    at: Time
    direction: Direction = "in"
    method: Literal["qr", "passcode"] = "qr"


class OfflineUpload(Contract):
    admissions: list[OfflineAdmissionIn] = Field(min_length=1, max_length=500)


class OfflineResult(Contract):
    entryId: str
    result: str = Field(description="recorded, duplicate, unknown_pass or busy")
    flag: str | None = Field(default=None, description="double_use, revoked or not_valid")


class OfflineUploadView(Contract):
    results: list[OfflineResult]


class PublishedKey(Contract):
    kid: str
    alg: str
    publicKey: str = Field(description="Raw Ed25519 public key, base64url")


class PassKeysView(Contract):
    communityId: str
    keys: list[PublishedKey]
    revoked: list[str] = Field(description="Revoked pass ids whose window is not over")
    generatedAt: str


class GateSessionRequest(Contract):
    communityId: Id
    deviceId: Id
    signedAt: Annotated[str, StringConstraints(min_length=10, max_length=40)] = Field(
        description="UTC ISO-8601, exactly as signed"
    )
    nonce: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$")] = Field(
        description="Fresh for every sign-in (at least 12 random bytes, base64url): a signed sign-in is accepted once"
    )
    signature: Annotated[str, StringConstraints(min_length=16, max_length=1024)] = Field(
        description="base64 signature of `gate-session\\n{communityId}\\n{deviceId}\\n{signedAt}\\n{nonce}` with the "
        "key of the gate's device certificate (ECDSA P-256/SHA-256, RSA PKCS#1 v1.5/SHA-256 or Ed25519)"
    )


class GateSessionView(Contract):
    accessToken: str
    expiresIn: int
    deviceId: str
    communityId: str


class PolicyView(Contract):
    approvalRequired: bool
    maxWindowHours: int
    maxEntries: int
    freeParkingMinutes: int
    approvalTimeoutSeconds: int
    version: int | None = None


class PolicyUpdate(Contract):
    approvalRequired: bool
    maxWindowHours: int = Field(ge=1, le=720)
    maxEntries: int = Field(ge=1, le=255)
    freeParkingMinutes: int = Field(ge=0, le=1440)
    approvalTimeoutSeconds: int = Field(ge=1, le=604800)
    version: int | None = Field(default=None, description="The version you read (omit only for the first write)")


class EntryView(Contract):
    entryId: str
    gateId: str
    direction: str
    method: str
    subjectKind: str
    subjectId: str
    houseId: str | None = None
    at: str
    offline: bool
    flag: str | None = None
    carPlate: str | None = None
    freeParkingUntil: str | None = None


class EntryPage(Page):
    items: list[EntryView]


class EntryQuery(PageQuery):
    gateId: Id | None = None
    houseId: Id | None = None
    subjectId: Id | None = Field(default=None, description="A pass id or a person id")
    day: Day | None = Field(default=None, description="UTC day; required when no gate, house or subject is given")
    since: Time | None = None
    until: Time | None = None


class StatsQuery(Contract):
    fromDay: Day = Field(description="UTC day, YYYY-MM-DD")
    days: int = Field(default=7, ge=1, le=31)


class DayStats(Contract):
    day: str
    counts: dict[str, int] = Field(description="`{direction}#{method}#{kind}` and `flag#{flag}` -> count")


class StatsView(Contract):
    days: list[DayStats]
    totals: dict[str, int]


class PassListQuery(PageQuery):
    pass


class RotatedKeyView(Contract):
    keyId: str


def pass_view(visitor_pass: Any) -> PassView:

    return PassView(**pass_view_dict(visitor_pass))


def verify_view(decision: Any) -> VerifyView:
    from chalicelib.kernel.clock import iso

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
