"""Roles and the function permissions each grants (001 7.3.5). Deny by default: a permission absent here is refused.

Data scope (which community, which household) is checked by `security.access`, not here.
"""

from __future__ import annotations

RESIDENT_ROLES = frozenset({"resident.owner", "resident.family", "resident.tenant"})
STAFF_ROLES = frozenset({"staff.guard", "staff.technician", "staff.manager", "staff.care"})
ADMIN_ROLES = frozenset({"community.admin", "platform.admin"})
PARTNER_ROLES = frozenset({"partner"})
# Roles only the identity service puts into tokens, never assigned by an admin:
# a signed-in resident not (yet) bound to any house, and a staff account that must change its password first.
UNBOUND_RESIDENT = "resident.unbound"
PASSWORD_CHANGE_ONLY = "account.password_change"
SESSION_ROLES = frozenset({UNBOUND_RESIDENT, PASSWORD_CHANGE_ONLY})
ALL_ROLES = RESIDENT_ROLES | STAFF_ROLES | ADMIN_ROLES | PARTNER_ROLES | SESSION_ROLES
# What a community admin may hand out in their own community; the platform admin may hand out any of these.
COMMUNITY_ASSIGNABLE_ROLES = STAFF_ROLES
PLATFORM_ASSIGNABLE_ROLES = STAFF_ROLES | ADMIN_ROLES
RELATION_ROLES = {"owner": "resident.owner", "family": "resident.family", "tenant": "resident.tenant"}

# Every resident, whatever their relation, may do these on their own households.
_RESIDENT = {"me:read", "resident:me", "household:self", "household:apply", "resident:phone"}
_STAFF = {"me:read", "staff:me", "password:change", "registry:read", "device:read", "command:read"}
# Work orders: every resident reports for their household; every staff member reads, reports (patrol)
# and accepts; technicians work tickets; managers assign, close, keep categories and skills, see statistics.
_RESIDENT |= {"workorder:household"}
_STAFF |= {"workorder:read", "workorder:report", "workorder:accept"}
_WORK_ORDER_TECHNICIAN = {"workorder:work"}
_WORK_ORDER_MANAGER = {"workorder:work", "workorder:manage"}
_MANAGER = (
    _STAFF
    | {
        "registry:write",
        "household:approve",
        "people:reveal",
        "import:run",
        "device:write",
        "device:provision",
        "device:command:*",
    }
    | _WORK_ORDER_MANAGER
)
_COMMUNITY_ADMIN = _MANAGER | {"audit:read", "staff:manage"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "resident.owner": frozenset(_RESIDENT | {"household:invite"}),
    "resident.family": frozenset(_RESIDENT),
    "resident.tenant": frozenset(_RESIDENT),
    "staff.guard": frozenset(_STAFF | {"device:command:open_door", "device:command:open_gate"}),
    "staff.technician": frozenset(
        _STAFF | {"device:write", "device:provision", "device:command:*"} | _WORK_ORDER_TECHNICIAN
    ),
    "staff.manager": frozenset(_MANAGER),
    "staff.care": frozenset(_STAFF),  # a community care worker (care register below)
    "community.admin": frozenset(_COMMUNITY_ADMIN),
    "platform.admin": frozenset(_COMMUNITY_ADMIN | {"org:write", "platform:manage", "platform:audit"}),
    "partner": frozenset({"partner:read"}),
    # household:self lets a new resident ask for their households (none yet: an empty list, not a 403); every other
    # household:self route is household-scoped, and an unbound token names no house.
    UNBOUND_RESIDENT: frozenset({"resident:me", "household:self", "household:apply", "resident:phone"}),
    PASSWORD_CHANGE_ONLY: frozenset({"staff:me", "password:change"}),
}

# -- payments: residents pay their own house's bills (household scope) and read the published ledger;
# every staff member reads bills and arrears; managers and admins define fees, run billing, request and approve
# refunds (a refund needs two different people: checked in the domain), reconcile and publish the ledger.
_PAYMENT_PERMISSIONS: dict[str, set[str]] = {
    "resident.owner": {"payment:self", "ledger:read"},
    "resident.family": {"payment:self", "ledger:read"},
    "resident.tenant": {"payment:self", "ledger:read"},
    "staff.guard": {"billing:read"},
    "staff.technician": {"billing:read"},
    "staff.manager": {"billing:read", "billing:write", "refund:request", "refund:approve", "ledger:publish"},
    "community.admin": {"billing:read", "billing:write", "refund:request", "refund:approve", "ledger:publish"},
    "platform.admin": {"billing:read", "billing:write", "refund:request", "refund:approve", "ledger:publish"},
}
ROLE_PERMISSIONS = {role: perms | _PAYMENT_PERMISSIONS.get(role, set()) for role, perms in ROLE_PERMISSIONS.items()}
# ---- alarm handling: every staff member reads and handles alarms (acknowledge, assign, comment, clear);
# managers and admins configure rules and the duty roster; residents read their home's alarms and press SOS.
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"alarm:read", "alarm:handle"}
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"alarm:configure"}
for _role in RESIDENT_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"alarm:home", "alarm:sos"}
# ---- end of alarm handling
# ---- notification templates: managers read which templates each message kind uses; admins set them.
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"notify:read"}
for _role in ("community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"notify:configure"}


def permissions_of(roles: frozenset[str] | set[str]) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def has_permission(roles: frozenset[str] | set[str], permission: str) -> bool:
    """True when a role grants `permission` exactly or through a `prefix:*` wildcard."""
    granted = permissions_of(roles)
    if permission in granted:
        return True
    parts = permission.split(":")
    return any(":".join(parts[:i]) + ":*" in granted for i in range(1, len(parts)))


# -- visitor passes and access -------------------------------------------------------------------------
# Residents of every relation invite visitors for their own houses; guards register walk-ins, approve and verify;
# managers also set the policy; a gate (a device signed in with its certificate) only verifies in its community.
GATE_ROLE = "device.gate"  # put into a token by the gate-session route only, never assigned by an admin
_RESIDENT_ACCESS = {"visitor:invite", "door:open", "credential:self"}
_DECIDE = {"visitor:read", "visitor:walk_in", "visitor:approve", "entry:read", "credential:read"}
_MANAGE = _DECIDE | {"visitor:policy", "credential:manage"}  # credentials: the six operations of 004 6.1.1 b
_VISITOR_GRANTS: dict[str, set[str]] = {
    "resident.owner": _RESIDENT_ACCESS,
    "resident.family": _RESIDENT_ACCESS,
    "resident.tenant": _RESIDENT_ACCESS,
    "staff.guard": _DECIDE | {"visitor:verify"},
    "staff.technician": {"visitor:read", "entry:read", "credential:read"},
    "staff.manager": _MANAGE,
    "community.admin": _MANAGE,
    "platform.admin": _MANAGE | {"passkeys:rotate"},
}
ROLE_PERMISSIONS = {role: frozenset(p | _VISITOR_GRANTS.get(role, set())) for role, p in ROLE_PERMISSIONS.items()}
ROLE_PERMISSIONS[GATE_ROLE] = frozenset({"gate:verify"})
# -- end of visitor passes ----------------------------------------------------------------------------------------

# ---- exports: managers and admins export spreadsheets (arrears, bills, income, work orders, alarms, entries)
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"export:run"}

# ---- owners' votes: residents cast for their own unit (the owner check is the domain's: a family member or tenant
# only with a recorded written delegation); every staff member reads votes and results; managers and admins open
# votes, enter paper ballots and record delegations.
for _role in RESIDENT_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"vote:cast"}
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"vote:read"}
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"vote:manage"}
# ---- notices: residents read what targets their household; every staff member reads notices and read rates;
# managers and admins draft, approve (a second person: checked in the domain) and publish.
for _role in RESIDENT_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"notice:self"}
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"notice:read"}
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"notice:write", "notice:approve"}
# ---- questionnaires: residents answer for their household (or themselves); every staff member reads results;
# managers and admins create them.
for _role in RESIDENT_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"questionnaire:answer"}
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"questionnaire:read"}
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"questionnaire:manage"}
# ---- care: a care worker and the managers keep the register and handle care alerts; health data is read by a care
# role only (the care worker and the community admin); every account may ask for the people it guards (the service
# answers only those it is a guardian of).
_CARE = {"care:read", "care:manage", "care:handle"}
for _role in ("staff.care", "staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _CARE
for _role in ("staff.care", "community.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"care:health"}
for _role in RESIDENT_ROLES | STAFF_ROLES | ADMIN_ROLES | {UNBOUND_RESIDENT}:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"care:guard"}
# ---- end of care
# ---- partners: only the platform admin onboards partner organisations, rotates their secrets and cuts them off
ROLE_PERMISSIONS["platform.admin"] = ROLE_PERMISSIONS["platform.admin"] | {"partner:manage"}
# ---- governance: every staff member reads anomaly warnings; managers and admins handle them and set thresholds
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"warning:read"}
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"warning:handle", "warning:configure"}
# ---- watch lists: only the community admin and the platform admin (and police partners, by signed request)
for _role in ("community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"watchlist:manage"}

# ---- parking: any signed-in WeChat user (a visitor's driver too) may see and pay what a car owes; staff read car
# parks, the cars inside and passage records; guards approve held cars and release cars by hand; managers and
# admins set up car parks.
for _role in RESIDENT_ROLES | {UNBOUND_RESIDENT}:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"parking:pay"}
for _role in RESIDENT_ROLES:  # their own house's monthly passes
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"parking:monthly"}
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"parking:read"}
for _role in ("staff.guard", "staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"parking:guard"}
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"parking:manage"}
# ---- end of parking

# ---- patrol: every staff member reads checkpoints, rounds and reports; guards (and managers) scan checkpoints;
# managers and admins set up checkpoints, routes and plans and start rounds.
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"patrol:read"}
for _role in ("staff.guard", "staff.manager"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"patrol:scan"}
for _role in ("staff.manager", "community.admin", "platform.admin"):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"patrol:manage"}
# ---- end of patrol

# ---- parcel lockers: a household's residents list their parcels, open their compartment remotely and book sending
# a parcel; staff (the locker operator's contact) read the bookings and the reminder limit; managers and admins
# set the limit.
for _role in RESIDENT_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"lockers:read", "lockers:open", "lockers:book"}
for _role in STAFF_ROLES | ADMIN_ROLES:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"lockers:bookings"}
for _role in ("staff.manager", "community.admin", "platform.admin"):  # the reminder limit
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"lockers:manage"}
# ---- end of parcel lockers
