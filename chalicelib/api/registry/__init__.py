"""Registry and household routes, one module per audience and entity (handlers: parse -> service -> view).

- `org_units`: the organisation hierarchy (admin) · `buildings`: buildings and units · `houses`: houses and their
  residents (staff) · `people` · `vehicles` · `organisations` · `applications`: household applications (staff)
- `households`: the resident side (bind, apply, invite, remove, move out) · `imports`: .xlsx import and export
- `views`: every response model and the masking of personal data, in one place
"""

from __future__ import annotations

from chalicelib.api.registry import (
    applications,
    buildings,
    households,
    houses,
    imports,
    org_units,
    organisations,
    people,
    vehicles,
)

BLUEPRINTS = (
    org_units.bp,
    buildings.bp,
    houses.bp,
    people.bp,
    vehicles.bp,
    organisations.bp,
    households.bp,
    applications.bp,
    imports.bp,
)
