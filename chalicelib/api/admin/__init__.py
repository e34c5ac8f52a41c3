"""Administration routes, one module per entity (handlers: parse -> service -> view).

- `staff`: staff accounts (001 7.3.3 / 002 6.4.12) · `audit`: the audit log (001 10.2.2)
- `views`: every request and response model, the staff account's view and the parsing of client times, in one place

A community admin manages the staff (guard, technician, manager) of their own community; only the platform admin
creates or changes admin accounts and accounts spanning several communities. Phone numbers are shown masked; the
full number is a separate, audited read.
"""

from __future__ import annotations

from chalicelib.api.admin import audit, staff

BLUEPRINTS = (staff.bp, audit.bp)
