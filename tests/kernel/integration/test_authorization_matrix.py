"""The authorisation matrix: every route x every role (+ anonymous) x own/other community (and household).

The expected access is declared HERE, route by route, from the permission model as people understand it (who
should be able to do what), not read back from the routes' own `Access`: a route whose declaration drifts from
this table fails. A new route without a row here fails too, and so does a row for a route that is gone.

Rules checked per call:
- no token on a non-public route: 401;
- a role outside the route's row: 403 (PERMISSION_DENIED);
- a community-scoped route (path has {community_id}) for a community not in the token: 403, except for the
  platform admin (token scope "*");
- a household route (path has {house_id}) for a resident whose token lacks that house: 403;
- allowed: the authorisation check lets it through and the answer is not 5xx (the handler may answer 400/404 to
  dummy ids, 401 ACCOUNT_NOT_FOUND for the matrix's made-up subjects, or refuse on its own grounds).
The check's own decision is watched (a wrapper around `http.authorize`) besides the HTTP status, so a handler's
later refusal never passes for the gate's.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.support.identity import token_for

PUBLIC = "public"
SIGNED = "signed"  # a partner's signed request: no bearer token passes
RESIDENTS = {"resident.owner", "resident.family", "resident.tenant"}
UNBOUND = "resident.unbound"
GUARD, TECH, MANAGER, CARE = "staff.guard", "staff.technician", "staff.manager", "staff.care"
STAFF = {GUARD, TECH, MANAGER, CARE}
CADMIN, PADMIN = "community.admin", "platform.admin"
ADMINS = {CADMIN, PADMIN}
PASSWORD_ONLY = "account.password_change"
PARTNER = "partner"
ROLES = sorted(RESIDENTS | {UNBOUND} | STAFF | ADMINS | {PASSWORD_ONLY, PARTNER})

EVERY_STAFF = STAFF | ADMINS
# Payments, visitor passes, entry records and credentials are read by every staff member but the care worker, whose
# role reads only what care needs (deny by default: no finances, no gate records; long absence has its own route).
BUT_CARE = EVERY_STAFF - {CARE}
DEVICE_WRITERS = {TECH, MANAGER} | ADMINS
REGISTRY_WRITERS = {MANAGER} | ADMINS
WORK_ORDER_WORKERS = {TECH, MANAGER} | ADMINS

EXPECTED: dict[str, set[str] | str] = {
    "GET /v1/health": PUBLIC,
    # sign-in and sessions
    "POST /v1/public/resident/login": PUBLIC,
    "POST /v1/public/staff/login": PUBLIC,
    "POST /v1/public/token/refresh": PUBLIC,
    "POST /v1/public/logout": PUBLIC,
    "GET /v1/resident/me": RESIDENTS | {UNBOUND},
    "POST /v1/resident/phone": RESIDENTS | {UNBOUND},
    "GET /v1/staff/me": EVERY_STAFF | {PASSWORD_ONLY},
    "POST /v1/staff/password": EVERY_STAFF | {PASSWORD_ONLY},
    # staff administration and audit
    "POST /v1/admin/communities/{community_id}/staff": ADMINS,
    "POST /v1/admin/staff": {PADMIN},
    "GET /v1/admin/communities/{community_id}/staff": ADMINS,
    "GET /v1/admin/communities/{community_id}/staff/{account_id}": ADMINS,
    "GET /v1/admin/communities/{community_id}/staff/{account_id}/phone": {MANAGER} | ADMINS,
    "POST /v1/admin/communities/{community_id}/staff/{account_id}/disable": ADMINS,
    "POST /v1/admin/communities/{community_id}/staff/{account_id}/enable": ADMINS,
    "POST /v1/admin/communities/{community_id}/staff/{account_id}/unlock": ADMINS,
    "POST /v1/admin/communities/{community_id}/staff/{account_id}/password": ADMINS,
    "POST /v1/admin/communities/{community_id}/staff/{account_id}/remove": ADMINS,
    "GET /v1/admin/communities/{community_id}/audit": ADMINS,
    "GET /v1/admin/platform/audit": {PADMIN},
    # devices: every staff member reads; technicians, managers and admins change and provision
    "POST /v1/staff/communities/{community_id}/devices": DEVICE_WRITERS,
    "GET /v1/staff/communities/{community_id}/devices": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/devices/{device_id}": EVERY_STAFF,
    "PATCH /v1/staff/communities/{community_id}/devices/{device_id}": DEVICE_WRITERS,
    "POST /v1/staff/communities/{community_id}/devices/{device_id}/retire": DEVICE_WRITERS,
    "GET /v1/staff/communities/{community_id}/devices/{device_id}/certificates": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/devices/{device_id}/certificate": DEVICE_WRITERS,
    "POST /v1/staff/communities/{community_id}/devices/{device_id}/certificate/rotate": DEVICE_WRITERS,
    "POST /v1/staff/communities/{community_id}/devices/{device_id}/certificate/revoke": DEVICE_WRITERS,
    # commands: the route lets every staff member in; which command each may send is checked per command name
    # (a guard may open doors and gates only), since the name is in the body
    "POST /v1/staff/communities/{community_id}/devices/{device_id}/commands": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/commands/broadcast": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/buildings/{building_id}/unlock-doors": DEVICE_WRITERS,
    "GET /v1/staff/communities/{community_id}/commands": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/devices/{device_id}/commands": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/commands/{command_id}": EVERY_STAFF,
    # organisation tree: reference data every staff member may read; only the platform admin shapes it
    "POST /v1/admin/org-units": {PADMIN},
    "GET /v1/admin/org-units": EVERY_STAFF,
    "GET /v1/admin/org-units/{code}": EVERY_STAFF,
    # registry: every staff member reads (guards check people at the gate, masked); managers and admins write
    "POST /v1/staff/communities/{community_id}/buildings": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/buildings": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/buildings/{building_id}": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/buildings/{building_id}/units": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/buildings/{building_id}/units": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/houses": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/houses": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/houses/{house_id}": EVERY_STAFF,
    "PATCH /v1/staff/communities/{community_id}/houses/{house_id}": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/houses/{house_id}/members": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/houses/{house_id}/members": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/houses/{house_id}/members/{person_id}/move-out": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/people": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/people": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/people/{person_id}": EVERY_STAFF,
    "PATCH /v1/staff/communities/{community_id}/people/{person_id}": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/people/{person_id}/residences": EVERY_STAFF,
    # full ID-card / phone numbers: managers and admins only (and each read is audited)
    "POST /v1/staff/communities/{community_id}/people/{person_id}/reveal": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/vehicles": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/vehicles": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/vehicles/{vehicle_id}": EVERY_STAFF,
    "PATCH /v1/staff/communities/{community_id}/vehicles/{vehicle_id}": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/organisations": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/organisations": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/organisations/{organisation_id}": EVERY_STAFF,
    "PATCH /v1/staff/communities/{community_id}/organisations/{organisation_id}": REGISTRY_WRITERS,
    # bulk import / export (personal data of many people): managers and admins
    "GET /v1/staff/communities/{community_id}/imports/template": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/imports": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/exports/houses-residents": REGISTRY_WRITERS,
    # exports (spreadsheets as short-lived links): managers and admins
    "POST /v1/staff/communities/{community_id}/exports": {MANAGER} | ADMINS,
    "GET /v1/staff/communities/{community_id}/exports/{export_id}": {MANAGER} | ADMINS,
    # households: residents apply (also before they belong anywhere), managers and admins approve
    "POST /v1/resident/communities/{community_id}/bindings": RESIDENTS | {UNBOUND},
    "POST /v1/resident/communities/{community_id}/household-applications": RESIDENTS | {UNBOUND},
    "GET /v1/resident/household-applications": RESIDENTS | {UNBOUND},
    "GET /v1/resident/households": RESIDENTS | {UNBOUND},  # a new resident's answer is an empty list
    # the directory a resident browses to find their house (places only, no people)
    "GET /v1/resident/directory/places": RESIDENTS | {UNBOUND},
    "GET /v1/resident/directory/communities/{community_id}/buildings": RESIDENTS | {UNBOUND},
    "GET /v1/resident/directory/communities/{community_id}/buildings/{building_id}/units": RESIDENTS | {UNBOUND},
    "GET /v1/resident/directory/communities/{community_id}/buildings/{building_id}/units/{unit}/houses": RESIDENTS
    | {UNBOUND},
    "GET /v1/staff/communities/{community_id}/household-applications": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/household-applications/{application_id}/approve": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/household-applications/{application_id}/reject": REGISTRY_WRITERS,
    # inside one's own household: every member reads and moves out; only the owner adds or removes members
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/members": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/move-out": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/members": {"resident.owner"},
    "DELETE /v1/resident/communities/{community_id}/houses/{house_id}/members/{person_id}": {"resident.owner"},
    # work orders: every member of a household reports and follows its tickets
    "GET /v1/resident/communities/{community_id}/work-order-categories": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/work-orders": RESIDENTS,
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/work-orders": RESIDENTS,
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/photos": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/rate": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/urge": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/reopen": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/work-orders/{ticket_id}/cancel": RESIDENTS,
    # ... every staff member reads, reports (patrol) and accepts; technicians (and managers) work tickets;
    # managers and admins assign, close, record return visits, keep categories and skills and see statistics
    "POST /v1/staff/communities/{community_id}/work-orders": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/work-orders": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/work-order-pool": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/my-work-orders": WORK_ORDER_WORKERS,
    "GET /v1/staff/communities/{community_id}/work-orders/{ticket_id}": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/accept": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/assign": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/grab": WORK_ORDER_WORKERS,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/start": WORK_ORDER_WORKERS,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/photos": WORK_ORDER_WORKERS,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/resolve": WORK_ORDER_WORKERS,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/return-visit": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/work-orders/{ticket_id}/close": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/work-order-categories": EVERY_STAFF,
    "PUT /v1/staff/communities/{community_id}/work-order-categories/{category_id}": REGISTRY_WRITERS,
    "PUT /v1/staff/communities/{community_id}/work-order-technicians/{account_id}": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/work-order-statistics": REGISTRY_WRITERS,
    # payments: residents see and pay their own house's bills and read the published ledger; WeChat
    # Pay's notifications are public (their signature authenticates them); every staff member reads bills,
    # arrears, refunds and reconciliation; managers and admins define fees, bill, refund, reconcile and publish
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/bills": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/payments": RESIDENTS,
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/payments": RESIDENTS,
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/payments/{order_id}": RESIDENTS,
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/payments/{order_id}/receipt": RESIDENTS,
    "GET /v1/resident/communities/{community_id}/ledger": RESIDENTS,
    "POST /v1/public/wechatpay/notify": PUBLIC,
    "POST /v1/staff/communities/{community_id}/fee-items": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/fee-items": BUT_CARE,
    "POST /v1/staff/communities/{community_id}/billing-runs": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/arrears": BUT_CARE,
    "POST /v1/staff/communities/{community_id}/refunds": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/refunds": BUT_CARE,
    "POST /v1/staff/communities/{community_id}/refunds/{refund_id}/approve": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/refunds/{refund_id}/reject": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/refunds/{refund_id}/sync": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/reconciliations": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/reconciliations/{day}": BUT_CARE,
    "GET /v1/staff/communities/{community_id}/income": BUT_CARE,
    "POST /v1/staff/communities/{community_id}/ledger/{month}/publish": REGISTRY_WRITERS,
    # alarm handling: every staff member reads and handles alarms in their own community; managers and
    # admins configure rules and the duty roster; residents read their own home's alarms and press SOS there
    "GET /v1/staff/communities/{community_id}/alarms": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/alarms": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/alarms/{alarm_id}": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/alarms/{alarm_id}/acknowledge": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/alarms/{alarm_id}/assign": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/alarms/{alarm_id}/comments": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/alarms/{alarm_id}/clear": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/alarm-statistics": EVERY_STAFF,
    "GET /v1/staff/communities/{community_id}/duty-roster": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/duty-roster": REGISTRY_WRITERS,
    "DELETE /v1/staff/communities/{community_id}/duty-roster/{shift_id}": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/alarm-rules/{device_type}": EVERY_STAFF,
    "PUT /v1/staff/communities/{community_id}/alarm-rules/{device_type}": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/notification-deliveries": EVERY_STAFF,
    "GET /v1/resident/communities/{community_id}/houses/{house_id}/alarms": RESIDENTS,
    "POST /v1/resident/communities/{community_id}/houses/{house_id}/sos": RESIDENTS,
    # end of alarm handling
    # notification templates: managers read them, admins set and reset them
    "GET /v1/staff/communities/{community_id}/notification-templates": REGISTRY_WRITERS,
    "PUT /v1/staff/communities/{community_id}/notification-templates/{kind}": ADMINS,
    "DELETE /v1/staff/communities/{community_id}/notification-templates/{kind}": ADMINS,
    # governance: every staff member reads warnings; managers and admins handle them, set thresholds, run now
    "GET /v1/staff/communities/{community_id}/warnings": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/warnings/{warning_id}/acknowledge": REGISTRY_WRITERS,
    "POST /v1/staff/communities/{community_id}/warnings/{warning_id}/resolve": REGISTRY_WRITERS,
    "PUT /v1/staff/communities/{community_id}/warning-thresholds": REGISTRY_WRITERS,
    "GET /v1/staff/communities/{community_id}/warning-thresholds": EVERY_STAFF,
    "POST /v1/staff/communities/{community_id}/warnings/run": REGISTRY_WRITERS,
    # watch lists: the community admin and the platform admin; police partners by signed request
    "GET /v1/staff/communities/{community_id}/watch-list": ADMINS,
    "POST /v1/staff/communities/{community_id}/watch-list": ADMINS,
    "POST /v1/staff/communities/{community_id}/watch-list/remove": ADMINS,
    "GET /v1/partner/communities/{community_id}/watch-list": SIGNED,
    "POST /v1/partner/communities/{community_id}/watch-list": SIGNED,
    "GET /v1/partner/communities/{community_id}/subscriptions": SIGNED,
    "POST /VIID/System/Register": PUBLIC,  # HTTP Digest, checked by the handler (GA/T 1400)
    "POST /VIID/System/Keepalive": PUBLIC,
    "POST /VIID/Subscribes": PUBLIC,  # HTTP Digest, checked by the handler
    "POST /v1/partner/communities/{community_id}/subscriptions": SIGNED,
    # partners: the platform admin onboards, rotates, cuts off; the open data routes take a partner's signed request
    # (API key + HMAC), never a token: every bearer caller is refused with SIGNATURE_INVALID
    "POST /v1/admin/partners": {PADMIN},
    "GET /v1/admin/partners": {PADMIN},
    "GET /v1/admin/partners/{partner_id}": {PADMIN},
    "POST /v1/admin/partners/{partner_id}/keys": {PADMIN},
    "POST /v1/admin/partners/{partner_id}/cut-off": {PADMIN},
    "GET /v1/admin/partners/{partner_id}/usage": {PADMIN},
    "GET /v1/admin/partners/{partner_id}/report": {PADMIN},
    "POST /v1/admin/partners/{partner_id}/report/export": {PADMIN},
    "POST /v1/admin/partners/{partner_id}/subscriptions/{subscription_id}/revive": {PADMIN},
    **{
        f"GET /v1/partner/communities/{{community_id}}/{tail}": SIGNED
        for tail in (
            "people",
            "houses",
            "access-records",
            "alarms",
            *(f"feeds/{r}" for r in ("people", "houses", "vehicles", "access-records", "alarms", "devices")),
        )
    },
}

# -- visitor passes and access ---------------------------------------------------------------------------
# Every resident relation invites for their own house; guards register walk-ins, decide and verify at the gate;
# managers and admins decide and set the policy; every staff member reads passes and entry records; a gate (a
# device signed in with its certificate) only verifies in its own community; only the platform admin rotates keys.
GATE = "device.gate"
ROLES = sorted({*ROLES, GATE})
_HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}"
_HOUSE_PASSES = _HOUSE + "/visitor-passes"
_STAFF_VISITORS = "/v1/staff/communities/{community_id}"
_DECIDERS = {GUARD, MANAGER} | ADMINS
EXPECTED.update(
    {
        f"POST {_HOUSE_PASSES}": RESIDENTS,
        f"GET {_HOUSE_PASSES}": RESIDENTS,
        f"GET {_HOUSE_PASSES}/{{pass_id}}": RESIDENTS,
        f"GET {_HOUSE_PASSES}/{{pass_id}}/qr": RESIDENTS,
        f"GET {_HOUSE_PASSES}/{{pass_id}}/passcode": RESIDENTS,
        f"POST {_HOUSE_PASSES}/{{pass_id}}/revoke": RESIDENTS,
        f"POST {_HOUSE_PASSES}/{{pass_id}}/confirm": RESIDENTS,
        f"POST {_HOUSE_PASSES}/{{pass_id}}/decline": RESIDENTS,
        f"POST {_STAFF_VISITORS}/visitor-passes/walk-in": _DECIDERS,
        f"GET {_STAFF_VISITORS}/visitor-passes": BUT_CARE,
        f"GET {_STAFF_VISITORS}/visitor-passes/{{pass_id}}": BUT_CARE,
        f"POST {_STAFF_VISITORS}/visitor-passes/{{pass_id}}/approve": _DECIDERS,
        f"POST {_STAFF_VISITORS}/visitor-passes/{{pass_id}}/reject": _DECIDERS,
        f"POST {_STAFF_VISITORS}/visitor-passes/{{pass_id}}/revoke": _DECIDERS,
        f"POST {_STAFF_VISITORS}/visitor-passes/verify": {GUARD},
        f"GET {_STAFF_VISITORS}/entry-records": BUT_CARE,
        f"GET {_STAFF_VISITORS}/entry-records/statistics": BUT_CARE,
        f"GET {_STAFF_VISITORS}/visitor-policy": BUT_CARE,
        f"PUT {_STAFF_VISITORS}/visitor-policy": {MANAGER} | ADMINS,
        "POST /v1/gate/sessions": PUBLIC,
        "GET /v1/gate/communities/{community_id}/pass-keys": {GATE},
        "GET /v1/gate/communities/{community_id}/keypad-passes": {GATE},
        "POST /v1/gate/communities/{community_id}/verify": {GATE},
        "POST /v1/gate/communities/{community_id}/offline-entries": {GATE},
        "POST /v1/admin/pass-keys/rotate": {PADMIN},
        "POST /v1/staff/communities/{community_id}/credentials": {MANAGER} | ADMINS,
        "GET /v1/staff/communities/{community_id}/credentials": BUT_CARE,
        "GET /v1/staff/communities/{community_id}/credentials/{credential_id}": BUT_CARE,
        "POST /v1/staff/communities/{community_id}/credentials/{credential_id}/authorise": {MANAGER} | ADMINS,
        "POST /v1/staff/communities/{community_id}/credentials/{credential_id}/report-loss": {MANAGER} | ADMINS,
        "POST /v1/staff/communities/{community_id}/credentials/{credential_id}/cancel-loss": {MANAGER} | ADMINS,
        "POST /v1/staff/communities/{community_id}/credentials/{credential_id}/deregister": {MANAGER} | ADMINS,
        "POST /v1/staff/communities/{community_id}/credentials/{credential_id}/extend": {MANAGER} | ADMINS,
        "GET /v1/resident/communities/{community_id}/houses/{house_id}/credentials": RESIDENTS,
        f"POST {_HOUSE}/credentials/{{credential_id}}/report-loss": RESIDENTS,
        "POST /v1/gate/communities/{community_id}/credentials/present": {GATE},
        "GET /v1/resident/communities/{community_id}/houses/{house_id}/doors": RESIDENTS,
        "POST /v1/resident/communities/{community_id}/houses/{house_id}/doors/{device_id}/open": RESIDENTS,
        "GET /v1/resident/communities/{community_id}/houses/{house_id}/door-commands/{command_id}": RESIDENTS,
    }
)
# -- end of visitor passes --------------------------------------------------------------------------------------
# -- parking: any signed-in WeChat user (a visitor's driver too) sees and pays what a car owes and the free spaces;
# staff read; guards approve and release; managers set up car parks.
_PARKING = "/v1/staff/communities/{community_id}/parking"
EXPECTED.update(
    {
        f"POST {_PARKING}/parks": {MANAGER} | ADMINS,
        f"GET {_PARKING}/parks": EVERY_STAFF,
        f"GET {_PARKING}/parks/{{park_id}}/stays": EVERY_STAFF,
        f"GET {_PARKING}/passages": EVERY_STAFF,
        f"POST {_PARKING}/stays/{{stay_id}}/approve": {GUARD, MANAGER} | ADMINS,
        f"POST {_PARKING}/releases": {GUARD, MANAGER} | ADMINS,
        "GET /v1/resident/communities/{community_id}/parking/fees": RESIDENTS | {UNBOUND},
        "POST /v1/resident/communities/{community_id}/parking/payments": RESIDENTS | {UNBOUND},
        "GET /v1/resident/communities/{community_id}/parking/vacancies": RESIDENTS | {UNBOUND},
        f"POST {_PARKING}/monthly-passes": {MANAGER} | ADMINS,
        f"GET {_PARKING}/revenue/{{day}}": {MANAGER} | ADMINS,
        f"GET {_PARKING}/unpaid-exits": EVERY_STAFF,
        f"GET {_PARKING}/offline-discrepancies": EVERY_STAFF,
        f"POST {_PARKING}/unpaid-exits/{{stay_id}}/settlement": {MANAGER} | ADMINS,
        f"POST {_PARKING}/offline-discrepancies/{{passage_id}}/resolution": {MANAGER} | ADMINS,
        "POST /v1/resident/communities/{community_id}/houses/{house_id}/parking/monthly-passes/{pass_id}/renewals": (
            RESIDENTS
        ),
        f"POST {_PARKING}/parks/{{park_id}}/zones": {MANAGER} | ADMINS,
        f"GET {_PARKING}/occupancy": EVERY_STAFF,
        f"POST {_PARKING}/parks/{{park_id}}/spaces": {MANAGER} | ADMINS,
        f"GET {_PARKING}/parks/{{park_id}}/spaces": EVERY_STAFF,
        "GET /v1/resident/communities/{community_id}/parking/parks/{park_id}/zones": RESIDENTS | {UNBOUND},
        "POST /v1/resident/communities/{community_id}/houses/{house_id}/parking/reservations": RESIDENTS,
        "GET /v1/resident/communities/{community_id}/houses/{house_id}/parking/reservations": RESIDENTS,
        "POST /v1/resident/communities/{community_id}/houses/{house_id}/parking/reservations/{reservation_id}/cancel": (
            RESIDENTS
        ),
    }
)
# -- end of parking ---------------------------------------------------------------------------------------------
# -- parcel lockers: a household's residents list, open and book; every staff member reads the bookings and the
# reminder limit; managers and admins set it
EXPECTED.update(
    {
        f"GET {_HOUSE}/parcels": RESIDENTS,
        f"POST {_HOUSE}/parcels/{{parcel_id}}/open": RESIDENTS,
        f"POST {_HOUSE}/parcel-bookings": RESIDENTS,
        "GET /v1/staff/communities/{community_id}/parcel-bookings": EVERY_STAFF,
        "GET /v1/staff/communities/{community_id}/parcels/waiting": EVERY_STAFF,
        "GET /v1/staff/communities/{community_id}/parcel-settings": EVERY_STAFF,
        "PUT /v1/staff/communities/{community_id}/parcel-settings": {MANAGER} | ADMINS,
    }
)
# -- end of parcel lockers ----------------------------------------------------------------------------------------
# -- patrol: staff read; guards and managers scan; managers and admins set up and start rounds
_PATROL = "/v1/staff/communities/{community_id}/patrol"
EXPECTED.update(
    {
        f"POST {_PATROL}/checkpoints": {MANAGER} | ADMINS,
        f"GET {_PATROL}/checkpoints": EVERY_STAFF,
        f"POST {_PATROL}/routes": {MANAGER} | ADMINS,
        f"POST {_PATROL}/plans": {MANAGER} | ADMINS,
        f"POST {_PATROL}/rounds": {MANAGER} | ADMINS,
        f"GET {_PATROL}/rounds/{{round_id}}": EVERY_STAFF,
        f"POST {_PATROL}/rounds/{{round_id}}/scans": {GUARD, MANAGER},
        f"POST {_PATROL}/photo-uploads": {GUARD, MANAGER},
        f"GET {_PATROL}/reports/{{day}}": EVERY_STAFF,
    }
)
# -- end of patrol ----------------------------------------------------------------------------------------------

# -- owners' votes: every resident relation reaches the house's vote routes (the owner-or-delegate check is the
# domain's, answered 403 NOT_UNIT_OWNER); every staff member reads votes and results; managers and admins open
# votes, enter paper ballots with their scans and record written delegations.
_HOUSE_VOTES = _HOUSE + "/votes"
_STAFF_VOTES = "/v1/staff/communities/{community_id}/votes"
_VOTE_MANAGERS = {MANAGER} | ADMINS
EXPECTED.update(
    {
        f"GET {_HOUSE_VOTES}": RESIDENTS,
        f"GET {_HOUSE_VOTES}/{{vote_id}}": RESIDENTS,
        f"POST {_HOUSE_VOTES}/{{vote_id}}/ballot": RESIDENTS,
        f"PUT {_HOUSE_VOTES}/{{vote_id}}/ballot": RESIDENTS,
        f"GET {_HOUSE_VOTES}/{{vote_id}}/published-ballots": RESIDENTS,
        f"POST {_STAFF_VOTES}": _VOTE_MANAGERS,
        f"GET {_STAFF_VOTES}": EVERY_STAFF,
        f"GET {_STAFF_VOTES}/{{vote_id}}": EVERY_STAFF,
        f"GET {_STAFF_VOTES}/{{vote_id}}/participation": EVERY_STAFF,
        f"POST {_STAFF_VOTES}/{{vote_id}}/scan-uploads": _VOTE_MANAGERS,
        f"POST {_STAFF_VOTES}/{{vote_id}}/paper-ballots": _VOTE_MANAGERS,
        f"POST {_STAFF_VOTES}/{{vote_id}}/delegations": _VOTE_MANAGERS,
        f"GET {_STAFF_VOTES}/{{vote_id}}/published-ballots": EVERY_STAFF,
    }
)
# -- end of owners' votes ---------------------------------------------------------------------------------------

# -- notices: every resident relation reads what targets the household; every staff member reads notices and read
# rates; managers and admins draft, approve (never their own: the domain's check), publish and withdraw.
_HOUSE_NOTICES = _HOUSE + "/notices"
_STAFF_NOTICES = "/v1/staff/communities/{community_id}/notices"
EXPECTED.update(
    {
        f"GET {_HOUSE_NOTICES}": RESIDENTS,
        f"GET {_HOUSE_NOTICES}/{{notice_id}}": RESIDENTS,
        f"POST {_HOUSE_NOTICES}/{{notice_id}}/read": RESIDENTS,
        f"POST {_STAFF_NOTICES}": {MANAGER} | ADMINS,
        f"GET {_STAFF_NOTICES}": EVERY_STAFF,
        f"GET {_STAFF_NOTICES}/{{notice_id}}": EVERY_STAFF,
        f"POST {_STAFF_NOTICES}/{{notice_id}}/approve": {MANAGER} | ADMINS,
        f"POST {_STAFF_NOTICES}/{{notice_id}}/publish": {MANAGER} | ADMINS,
        f"POST {_STAFF_NOTICES}/{{notice_id}}/withdraw": {MANAGER} | ADMINS,
        f"POST {_STAFF_NOTICES}/{{notice_id}}/attachments": {MANAGER} | ADMINS,
        # consent to WeChat subscribe messages: every resident of the community reports and reads their own
        "GET /v1/resident/communities/{community_id}/notification-consents": RESIDENTS,
        "POST /v1/resident/communities/{community_id}/notification-consents": RESIDENTS,
    }
)
# -- end of notices ---------------------------------------------------------------------------------------------

# -- questionnaires: residents answer for their household (or themselves); every staff member reads results and
# exports the answers; managers and admins create questionnaires.
_HOUSE_QUESTIONNAIRES = _HOUSE + "/questionnaires"
_STAFF_QUESTIONNAIRES = "/v1/staff/communities/{community_id}/questionnaires"
EXPECTED.update(
    {
        f"GET {_HOUSE_QUESTIONNAIRES}": RESIDENTS,
        f"POST {_HOUSE_QUESTIONNAIRES}/{{questionnaire_id}}/answer": RESIDENTS,
        f"POST {_STAFF_QUESTIONNAIRES}": {MANAGER} | ADMINS,
        f"GET {_STAFF_QUESTIONNAIRES}": EVERY_STAFF,
        f"GET {_STAFF_QUESTIONNAIRES}/{{questionnaire_id}}": EVERY_STAFF,
        f"POST {_STAFF_QUESTIONNAIRES}/{{questionnaire_id}}/export": EVERY_STAFF,
    }
)
# -- end of questionnaires --------------------------------------------------------------------------------------
# -- care: the care worker (`staff.care`), managers and admins keep the register and handle care alerts; health data
# needs a care role (the care worker and the community admin); every signed-in person may ask for the people they
# guard (the service answers only their own, anyone else's is a 404).
_CARE = "/v1/staff/communities/{community_id}/care"
_CARE_KEEPERS = {CARE, MANAGER} | ADMINS
_GUARDIANS = RESIDENTS | {UNBOUND} | STAFF | ADMINS
EXPECTED.update(
    {
        f"POST {_CARE}/people": _CARE_KEEPERS,
        f"GET {_CARE}/people": _CARE_KEEPERS,
        f"GET {_CARE}/people/{{person_id}}": _CARE_KEEPERS,
        f"GET {_CARE}/people/{{person_id}}/health": {CARE, CADMIN},
        f"PUT {_CARE}/people/{{person_id}}/guardians": _CARE_KEEPERS,
        f"GET {_CARE}/alerts": _CARE_KEEPERS,
        f"POST {_CARE}/alerts/{{alert_id}}/acknowledge": _CARE_KEEPERS,
        f"POST {_CARE}/alerts/{{alert_id}}/resolve": _CARE_KEEPERS,
        f"GET {_CARE}/long-absence": _CARE_KEEPERS,
        "GET /v1/resident/care/guarded": _GUARDIANS,
        "GET /v1/resident/care/guarded/{care_id}": _GUARDIANS,
        "POST /v1/resident/care/guarded/{care_id}/alerts/{alert_id}/acknowledge": _GUARDIANS,
        "POST /v1/resident/care/guarded/{care_id}/alarms/{alarm_id}/acknowledge": _GUARDIANS,
    }
)
# -- end of care --------------------------------------------------------------------------------------------------

# Routes whose {community_id} the caller need not belong to yet: a resident applies to join a community.
ANY_COMMUNITY = {
    "POST /v1/resident/communities/{community_id}/bindings",
    "POST /v1/resident/communities/{community_id}/household-applications",
    "GET /v1/resident/directory/communities/{community_id}/buildings",
    "GET /v1/resident/directory/communities/{community_id}/buildings/{building_id}/units",
    "GET /v1/resident/directory/communities/{community_id}/buildings/{building_id}/units/{unit}/houses",
    # a driver pays for a car at any community's exit, and sees any community's free spaces
    "GET /v1/resident/communities/{community_id}/parking/fees",
    "POST /v1/resident/communities/{community_id}/parking/payments",
    "GET /v1/resident/communities/{community_id}/parking/vacancies",
    "GET /v1/resident/communities/{community_id}/parking/parks/{park_id}/zones",
}

OWN, OTHER = "c-own-matrix", "c-other-matrix"
OWN_HOUSE, OTHER_HOUSE = "h-own-matrix", "h-other-matrix"
AUTH_CODES = {"PERMISSION_DENIED", "COMMUNITY_FORBIDDEN", "HOUSEHOLD_FORBIDDEN"}
TOKEN_CODES = {"TOKEN_MISSING", "TOKEN_INVALID", "TOKEN_EXPIRED"}


def endpoints() -> list[Any]:
    from chalicelib.kernel.lazy_routes import all_endpoints

    ENDPOINTS = all_endpoints()
    return list(ENDPOINTS)


def key(ep: Any) -> str:
    return f"{ep.method} {ep.path}"


def token(role: str) -> str:
    if role in RESIDENTS or role == UNBOUND:
        return token_for(
            {role},
            {OWN} if role != UNBOUND else set(),
            kind="resident",
            households={OWN_HOUSE} if role != UNBOUND else set(),
            subject="matrix-resident",
        )
    communities = {"*"} if role == PADMIN else set() if role == PASSWORD_ONLY else {OWN}
    kind = "admin" if role in ADMINS else "partner" if role == PARTNER else "device" if role == GATE else "staff"
    return token_for({role}, communities, kind=kind, subject="matrix-" + role)


def fill(path: str, community: str, house: str) -> str:
    path = path.replace("{community_id}", community).replace("{house_id}", house)
    return re.sub(r"\{[a-z_]+\}", "dummy-1", path)


def call(client: Any, ep: Any, path: str, bearer: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    if ep.method in ("POST", "PUT", "PATCH"):
        return client.http.request(ep.method, path, headers=headers, body=b"{}")
    return client.http.request(ep.method, path, headers=headers)


def code_of(response: Any) -> str | None:
    try:
        return str(json.loads(response.body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def test_every_route_has_a_row_and_every_row_a_route(app: Any) -> None:
    declared = {key(ep) for ep in endpoints()}
    assert not declared - EXPECTED.keys(), (
        f"routes without an expected-access row: {sorted(declared - EXPECTED.keys())}"
    )
    assert not EXPECTED.keys() - declared, f"rows for routes that no longer exist: {sorted(EXPECTED.keys() - declared)}"


def test_every_chalice_route_went_through_the_endpoint_decorator(app: Any) -> None:
    from chalicelib.kernel.method_override import needs_override

    declared = {key(ep) for ep in endpoints()}
    # A PATCH endpoint is also routed as POST + X-HTTP-Method-Override (wx.request has no PATCH): same view.
    declared |= {f"POST {ep.path}" for ep in endpoints() if needs_override(ep.method)}
    registered = {f"{method} {path}" for path, methods in app.routes.items() for method in methods}
    assert registered == declared, f"routes bypassing @endpoint: {sorted(registered - declared)}"


def cases() -> list[tuple[str, str, str, str]]:
    """(route key, role, community, house): own and other community, own and other household when scoped."""
    out = []
    for ep in endpoints():
        scopes = [(OWN, OWN_HOUSE)]
        if "{community_id}" in ep.path:
            scopes.append((OTHER, OWN_HOUSE))
        if "{house_id}" in ep.path:
            scopes.append((OWN, OTHER_HOUSE))
        for role in [*ROLES, "anonymous"]:
            for community, house in scopes:
                out.append((key(ep), role, community, house))
    return out


def expected_status(route: str, role: str, community: str, house: str) -> str:
    allowed = EXPECTED[route]
    if allowed == PUBLIC:
        return "allowed"
    if allowed == SIGNED:
        return "signed"
    if role == "anonymous":
        return "401"
    assert isinstance(allowed, set)
    if role not in allowed:
        return "403"
    if "{community_id}" in route and community != OWN and role != PADMIN and route not in ANY_COMMUNITY:
        return "403"
    if "{house_id}" in route and house != OWN_HOUSE and (role in RESIDENTS or role == UNBOUND):
        return "403"
    return "allowed"


def answer_matches(want: str, status: int, gate: str) -> bool:
    """`gate` is what the one authorisation check decided ("allowed" or the error code it raised): a handler
    may refuse for its own reasons afterwards (a stale membership, a per-command permission), which is not the
    route's access and must not make a refused call look allowed or the other way round."""
    if want == "signed":
        return status == 401 and gate == "SIGNATURE_INVALID"
    if want == "401":
        return status == 401 and gate in TOKEN_CODES
    if want == "403":
        return status == 403 and gate in AUTH_CODES
    return gate == "allowed" and status < 500


def test_authorisation_matrix(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.kernel import http
    from chalicelib.kernel.errors import DomainError

    gate: list[str] = []
    real_authorize = http.authorize

    def watched(*args: Any, **kwargs: Any) -> Any:
        try:
            principal = real_authorize(*args, **kwargs)
        except DomainError as exc:
            gate.append(exc.code)
            raise
        gate.append("allowed")
        return principal

    monkeypatch.setattr(http, "authorize", watched)
    by_key = {key(ep): ep for ep in endpoints()}
    tokens = {role: token(role) for role in ROLES}
    failures: list[str] = []
    for route, role, community, house in cases():
        if route not in EXPECTED:
            continue  # reported by test_every_route_has_a_row_and_every_row_a_route
        ep = by_key[route]
        gate.clear()
        response = call(client, ep, fill(ep.path, community, house), tokens.get(role))
        status, code = response.status_code, code_of(response)
        decided = gate[0] if gate else "not checked"
        want = expected_status(route, role, community, house)
        where = f"{route} as {role} in {community}/{house}: got {status} {code} (gate: {decided}), want {want}"
        if not answer_matches(want, status, decided):
            failures.append(where)
    assert not failures, f"{len(failures)} mismatches:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_is_exercised_somewhere(role: str) -> None:
    """A role no row allows would be dead weight (or a row was forgotten)."""
    allowed_somewhere = any(isinstance(v, set) and role in v for v in EXPECTED.values())
    assert allowed_somewhere or role == PARTNER, f"{role} is allowed nowhere"
