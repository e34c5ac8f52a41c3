"""Bulk import of houses and residents (001 7.3.7 c): the template's columns and row-by-row validation.

Pure rules only: each row is checked on its own (types, enumerations, ID-card checksum, phone, address parts) and
against the rest of the file (one row per address code and per ID number, at most one owner per house, residents
pointing at a house). Checks against stored data (buildings exist, codes and IDs not taken) happen in the import
service, which feeds its findings back as `RowError`s so the caller gets one report.

Modes: `strict` (default) writes nothing unless every row is valid; `partial` writes the valid rows and reports
the others (a resident row whose house row is invalid is itself invalid).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import chalicelib.registry.addresses as addresses
from chalicelib.kernel.errors import DomainError
from chalicelib.registry.model import GENDERS, ID_TYPES, POPULATION_TYPES, RELATIONS, normalise_name, validate_tags

HOUSE_SHEET = "Houses"
RESIDENT_SHEET = "Residents"
HOUSE_COLUMNS = (
    "compoundCode",
    "buildingNumber",
    "unit",
    "floor",
    "room",
    "houseNumber",
    "areaSqm",
    "use",
    "occupancy",
)
RESIDENT_COLUMNS = (
    "compoundCode",
    "buildingNumber",
    "unit",
    "floor",
    "room",
    "name",
    "gender",
    "idType",
    "idNumber",
    "phone",
    "relation",
    "relationToOwner",
    "populationType",
    "keyCategory",
    "moveInDate",
    "tags",
)
USES = ("residential", "commercial", "office", "other")
OCCUPANCIES = ("self_occupied", "rented", "vacant", "unknown")
TEMPLATE_NOTES = [
    "Registry import template (001 7.3.7). Fill the Houses and Residents sheets; keep the header row as it is.",
    "A house is named by compoundCode (15 digits, empty when the building is in no compound), buildingNumber, "
    "unit, floor, room; its standard address code is AREA-BBBB-UU-FFFRR.",
    "Buildings must be registered first. Residents point at a house in this file or already registered.",
    "relation: owner | family | tenant (one owner per house). populationType: permanent | floating | key.",
    "gender: male | female | unknown. idType: resident_id_card (checked) | passport | ... tags: comma-separated.",
    "moveInDate: YYYY-MM-DD. mode=strict (default) imports nothing when any row is invalid; mode=partial imports "
    "the valid rows.",
]


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str | None
    code: str
    message: str

    def as_detail(self) -> dict[str, Any]:
        where = f"{self.sheet}[{self.row}]" + (f".{self.column}" if self.column else "")
        return {"field": where, "code": self.code, "message": self.message}


@dataclass
class HouseRow:
    row: int
    area_code: str
    building_number: str
    address_code: str
    fields: dict[str, Any]


@dataclass
class ResidentRow:
    row: int
    address_code: str
    person: dict[str, Any]  # PersonFields-shaped: name, gender, idType, idNumber, phone, populationType, ...
    relation: str
    relation_to_owner: str | None
    since: datetime


@dataclass
class Plan:
    houses: list[HouseRow] = field(default_factory=list)
    residents: list[ResidentRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def bad_rows(self, sheet: str) -> set[int]:
        return {e.row for e in self.errors if e.sheet == sheet}


class _RowProblem(Exception):
    def __init__(self, column: str | None, code: str, message: str):
        super().__init__(message)
        self.column, self.code, self.message = column, code, message


def _text(values: dict[str, Any], column: str, *, required: bool = False, max_length: int = 200) -> str | None:
    value = values.get(column)
    if value is None:
        if required:
            raise _RowProblem(column, "required", f"{column} is required")
        return None
    text = str(value).strip()
    if len(text) > max_length:
        raise _RowProblem(column, "too_long", f"{column} is longer than {max_length}")
    return text


def _int(values: dict[str, Any], column: str, low: int, high: int) -> int:
    value = values.get(column)
    if value is None:
        raise _RowProblem(column, "required", f"{column} is required")
    try:
        number = int(str(value).strip())
    except ValueError as exc:
        raise _RowProblem(column, "not_a_number", f"{column} must be a whole number") from exc
    if not low <= number <= high:
        raise _RowProblem(column, "out_of_range", f"{column} must be {low}..{high}")
    return number


def _choice(values: dict[str, Any], column: str, options: tuple[str, ...], default: str | None) -> str | None:
    value = _text(values, column)
    if value is None:
        return default
    if value not in options:
        raise _RowProblem(column, "invalid_choice", f"{column} must be one of {', '.join(options)}")
    return value


def _address(values: dict[str, Any], community_code: str) -> tuple[str, str, str]:
    compound = _text(values, "compoundCode")
    if compound is not None and (
        not compound.isdigit() or len(compound) != 15 or not compound.startswith(community_code)
    ):
        raise _RowProblem("compoundCode", "invalid", "compoundCode is 15 digits starting with the community code")
    area = compound or community_code
    building = _text(values, "buildingNumber", required=True) or ""
    try:
        code = addresses.house_code(
            area, building, _int(values, "unit", 1, 99), _int(values, "floor", -9, 199), _int(values, "room", 1, 99)
        )
    except DomainError as exc:
        column = exc.details[0]["field"] if exc.details else None
        raise _RowProblem("buildingNumber" if column == "number" else column, "invalid", exc.message) from exc
    return area, addresses.normalise_building_number(building), code


def _date(values: dict[str, Any], column: str, today: datetime) -> datetime:
    value = values.get(column)
    if value is None:
        return today
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise _RowProblem(column, "invalid_date", f"{column} is YYYY-MM-DD") from exc
    return datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC)


def plan_import(
    community_code: str,
    sheets: dict[str, list[tuple[int, dict[str, Any]]]],
    now: datetime,
    *,
    valid_id_card: Any,
    normalise_phone: Any,
) -> Plan:
    """Check every row; returns the rows that may be written and the errors of the others.

    `valid_id_card` / `normalise_phone` are passed in (from security.pii) so this module stays free of adapters.
    """
    plan = Plan()
    seen_codes: dict[str, int] = {}
    for number, values in sheets.get(HOUSE_SHEET, []):
        try:
            area, building, code = _address(values, community_code)
            if code in seen_codes:
                raise _RowProblem(None, "duplicate_house", f"same house as row {seen_codes[code]}")
            fields = {
                "unit": int(values["unit"]),
                "floor": int(values["floor"]),
                "room": int(values["room"]),
                "houseNumber": _text(values, "houseNumber", max_length=40),
                "areaSqm": _area(values),
                "use": _choice(values, "use", USES, "residential"),
                "occupancy": _choice(values, "occupancy", OCCUPANCIES, "unknown"),
            }
            seen_codes[code] = number
            plan.houses.append(HouseRow(number, area, building, code, fields))
        except _RowProblem as p:
            plan.errors.append(RowError(HOUSE_SHEET, number, p.column, p.code, p.message))
        except Exception:  # any other failure to read a cell rejects this row alone, with a reason
            plan.errors.append(RowError(HOUSE_SHEET, number, None, "unreadable_row", "the row cannot be read"))
    seen_ids: dict[str, int] = {}
    owners: dict[str, int] = {}
    members: set[tuple[str, str]] = set()
    for number, values in sheets.get(RESIDENT_SHEET, []):
        try:
            _, _, code = _address(values, community_code)
            name = _text(values, "name", required=True, max_length=40) or ""
            id_type = _choice(values, "idType", ID_TYPES, "resident_id_card") or "resident_id_card"
            id_number = _text(values, "idNumber", max_length=32)
            if id_number:
                id_number = id_number.replace(" ", "").upper()
                if id_type == "resident_id_card" and not valid_id_card(id_number):
                    raise _RowProblem("idNumber", "invalid_id_number", "ID-card number fails the GB 11643 check")
                if id_number in seen_ids:
                    raise _RowProblem("idNumber", "duplicate_person", f"same ID number as row {seen_ids[id_number]}")
            phone = _text(values, "phone", max_length=20)
            if phone:
                phone = normalise_phone(phone)
                if not phone.isdigit() or not 5 <= len(phone) <= 15:
                    raise _RowProblem("phone", "invalid_phone", "phone is 5-15 digits")
            if not id_number and not phone:
                raise _RowProblem("idNumber", "required", "give an ID number or a phone")
            relation = _choice(values, "relation", RELATIONS, None)
            if relation is None:
                raise _RowProblem("relation", "required", "relation is required (owner|family|tenant)")
            population = _choice(values, "populationType", POPULATION_TYPES, "permanent") or "permanent"
            key_category = _text(values, "keyCategory", max_length=40)
            if (population == "key") != bool(key_category):
                raise _RowProblem("keyCategory", "key_category", "keyCategory is given exactly for key persons")
            tags = [t for t in (_text(values, "tags") or "").replace("\uff0c", ",").split(",") if t.strip()]
            try:
                tags = validate_tags(tags)
            except DomainError as exc:
                raise _RowProblem("tags", "invalid_tag", exc.message) from exc
            member_key = (code, id_number or f"{normalise_name(name)}#{phone}")
            if member_key in members:
                raise _RowProblem(None, "duplicate_member", "this person is listed twice for this house")
            if relation == "owner" and code in owners:
                raise _RowProblem("relation", "second_owner", f"row {owners[code]} already names the owner")
            person = {
                "name": name,
                "gender": _choice(values, "gender", GENDERS, "unknown"),
                "idType": id_type,
                "idNumber": id_number,
                "phone": phone,
                "populationType": population,
                "keyCategory": key_category,
                "tags": tags,
            }
            since = _date(values, "moveInDate", now)
            members.add(member_key)
            if id_number:
                seen_ids[id_number] = number
            if relation == "owner":
                owners[code] = number
            plan.residents.append(
                ResidentRow(number, code, person, relation, _text(values, "relationToOwner", max_length=20), since)
            )
        except _RowProblem as p:
            plan.errors.append(RowError(RESIDENT_SHEET, number, p.column, p.code, p.message))
        except Exception:  # any other failure to read a cell rejects this row alone, with a reason
            plan.errors.append(RowError(RESIDENT_SHEET, number, None, "unreadable_row", "the row cannot be read"))
    return plan


def _area(values: dict[str, Any]) -> float | None:
    value = values.get("areaSqm")
    if value is None:
        return None
    try:
        area = float(value)
    except (TypeError, ValueError) as exc:
        raise _RowProblem("areaSqm", "not_a_number", "areaSqm must be a number") from exc
    if not 0 < area <= 100000:
        raise _RowProblem("areaSqm", "out_of_range", "areaSqm must be 0..100000")
    return area


def drop_dependents(plan: Plan, unknown_codes: set[str]) -> None:
    """In partial mode: residents whose house row failed (or is unknown) fail too, with a row error."""
    kept = []
    for resident in plan.residents:
        if resident.address_code in unknown_codes:
            plan.errors.append(
                RowError(
                    RESIDENT_SHEET,
                    resident.row,
                    None,
                    "house_not_imported",
                    f"house {resident.address_code} is neither registered nor imported",
                )
            )
        else:
            kept.append(resident)
    plan.residents = kept
