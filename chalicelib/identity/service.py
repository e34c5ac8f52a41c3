"""The identity service: staff and resident accounts, sign-in and sessions (refresh-token families), and the
administration of staff accounts. Pure Python.

One object for every identity use case, built by `wiring.identity_service()`: the ports, the account look-ups
and ending an account's sessions are `IdentityBase` (base.py); sign-in, password change, refresh and logout are
`SignInAndSessions` (sign_in.py); the administration of staff accounts is `StaffAdministration` (staff_admin.py).
The entities, rules and ports are in model.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.identity.sign_in import SignInAndSessions
from chalicelib.identity.staff_admin import StaffAdministration


@dataclass
class IdentityService(SignInAndSessions, StaffAdministration):
    """Constructed with the ports of `IdentityBase`: staff, residents, families, hasher, wechat, personal,
    memberships_of, now and (optionally) cutoffs."""
