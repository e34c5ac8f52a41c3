"""Bulk import and export of houses and residents as .xlsx (001 7.3.7 c), through the registry's own rules.

All-or-nothing (strict, the default): every row is validated, in itself, against the file and against stored
data, before anything is written; any invalid row -> 400 `IMPORT_ROWS_INVALID` with one detail per problem
(`Residents[7].idNumber`) and no write. Valid files are written in transactions of at most 100 actions (houses
first, then residents; a row's items never straddle two). A batch can still fail when someone else registers the
same house or ID number between validation and write: the batches already written by this import are deleted
again (every item is new and tagged with the import id) and the answer is 409 `IMPORT_CONFLICT` naming the rows.
Partial mode writes each valid row in its own transaction and reports the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import chalicelib.registry.addresses as addresses
import chalicelib.registry.import_rows as imports
from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, InvalidInput
from chalicelib.registry.model import Change, Record
from chalicelib.registry.service import RegistryService
from chalicelib.registry.spreadsheets import read_workbook, write_workbook

BATCH_ACTIONS = 100
SHEETS: dict[str, Sequence[str]] = {
    imports.HOUSE_SHEET: imports.HOUSE_COLUMNS,
    imports.RESIDENT_SHEET: imports.RESIDENT_COLUMNS,
}


@dataclass
class ImportOutcome:
    import_id: str
    mode: str
    dry_run: bool
    received: tuple[int, int]
    valid: tuple[int, int] = (0, 0)
    imported: tuple[int, int] = (0, 0)
    errors: list[imports.RowError] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.mode == "strict" and bool(self.errors)

    @property
    def committed(self) -> bool:
        return not self.dry_run and sum(self.imported) > 0

    def sorted_errors(self) -> list[imports.RowError]:
        return sorted(self.errors, key=lambda e: (e.sheet, e.row))

    def refusal(self) -> InvalidInput:
        return InvalidInput(
            f"{len(self.errors)} row(s) are invalid; nothing was imported",
            code="IMPORT_ROWS_INVALID",
            details=[e.as_detail() for e in self.sorted_errors()][:500],
        )


Group = tuple[str, int, Change]  # (sheet, row, what the row writes)


class ImportService:
    def __init__(self, registry: RegistryService):
        self.registry = registry
        self.repo = registry.repo

    def template(self, community_id: str) -> bytes:
        example_house = ["", "1", 1, 12, 2, "1-1-1202", 89.5, "residential", "self_occupied"]
        example_resident = ["", "1", 1, 12, 2, "张三", "male", "resident_id_card", "", "13800138000", "owner"]
        example_resident += ["", "permanent", "", "2020-05-01", ""]
        return write_workbook(
            {
                imports.HOUSE_SHEET: (imports.HOUSE_COLUMNS, [example_house]),
                imports.RESIDENT_SHEET: (imports.RESIDENT_COLUMNS, [example_resident]),
            },
            notes=[
                *imports.TEMPLATE_NOTES,
                f"Community code: {community_id}. Delete the example rows before importing.",
            ],
        )

    def run(self, community_id: str, data: bytes, mode: str, dry_run: bool, actor: str) -> ImportOutcome:
        self.registry.community(community_id)
        sheets = read_workbook(data, SHEETS)
        outcome = ImportOutcome(
            import_id=self.repo.new_id("imp"),
            mode=mode,
            dry_run=dry_run,
            received=(len(sheets[imports.HOUSE_SHEET]), len(sheets[imports.RESIDENT_SHEET])),
        )
        personal = self.registry.personal
        plan = imports.plan_import(
            community_id,
            sheets,
            self.registry.now(),
            valid_id_card=personal.valid_id_card,
            normalise_phone=personal.normalise_phone,
        )
        buildings, existing = self._check_stored(community_id, plan)
        outcome.errors = plan.errors
        if outcome.refused:
            return outcome
        outcome.valid = (len(plan.houses), len(plan.residents))
        if not dry_run and (plan.houses or plan.residents):
            groups = self._row_groups(community_id, plan, buildings, existing, actor, outcome.import_id)
            write = self._write_partial if mode == "partial" else self._write_strict
            outcome.imported = write(groups, plan)
        return outcome

    def _check_stored(self, cid: str, plan: imports.Plan) -> tuple[dict[str, Record], dict[str, str]]:
        """Findings against the registry: buildings exist, house codes and ID numbers are free, one owner."""
        building_codes = {addresses.building_code(h.area_code, h.building_number) for h in plan.houses}
        house_codes = {h.address_code for h in plan.houses} | {r.address_code for r in plan.residents}
        personal = self.registry.personal
        id_indexes = {
            r.row: personal.index("id_card", r.person["idNumber"]) for r in plan.residents if r.person.get("idNumber")
        }
        held = self.repo.claims_held(
            cid,
            [("address", c) for c in building_codes | house_codes] + [("id_card", i) for i in id_indexes.values()],
        )
        building_ids = [bid for c in building_codes if (bid := held.get(("address", c)))]
        buildings = {
            str(b.attrs.get("buildingCode")): b for b in self.repo.get_many(cid, "building", building_ids).values()
        }
        existing = {c: hid for c in house_codes if (hid := held.get(("address", c)))}
        owned = self.repo.houses_with_owner(cid, existing.values())

        kept_houses = []
        for h in plan.houses:
            code = addresses.building_code(h.area_code, h.building_number)
            if code not in buildings:
                problem = ("buildingNumber", "building_not_found", f"building {code} is not registered")
                plan.errors.append(imports.RowError(imports.HOUSE_SHEET, h.row, *problem))
            elif h.address_code in existing:
                problem = (None, "house_exists", f"house {h.address_code} is already registered")  # type: ignore[assignment]
                plan.errors.append(imports.RowError(imports.HOUSE_SHEET, h.row, *problem))
            else:
                kept_houses.append(h)
        failed_house_rows = {h.address_code for h in plan.houses} - {h.address_code for h in kept_houses}
        plan.houses = kept_houses
        in_file = {h.address_code for h in kept_houses}
        kept_residents = []
        for r in plan.residents:
            found: tuple[str | None, str, str] | None = None
            if r.address_code not in in_file and r.address_code not in existing:
                why = "its house row is invalid" if r.address_code in failed_house_rows else "it is not registered"
                found = (None, "house_not_found", f"house {r.address_code}: {why}")
            elif r.row in id_indexes and held.get(("id_card", id_indexes[r.row])):
                found = ("idNumber", "person_exists", "a person with this ID number is already registered")
            elif r.relation == "owner" and existing.get(r.address_code) in owned:
                found = ("relation", "owner_exists", "this house already has a current owner")
            if found:
                plan.errors.append(imports.RowError(imports.RESIDENT_SHEET, r.row, *found))
            else:
                kept_residents.append(r)
        plan.residents = kept_residents
        return buildings, existing

    def _row_groups(
        self,
        cid: str,
        plan: imports.Plan,
        buildings: dict[str, Record],
        existing: dict[str, str],
        actor: str,
        import_id: str,
    ) -> list[Group]:
        """Each valid row as the change it writes; houses first so residents can point at them."""
        groups: list[Group] = []
        house_ids = dict(existing)
        for h in plan.houses:
            building = buildings[addresses.building_code(h.area_code, h.building_number)]
            house, claims = self.registry.new_house(cid, building, h.fields, "import", actor, import_id)
            house_ids[h.address_code] = house.id
            groups.append((imports.HOUSE_SHEET, h.row, Change().create(house, claims)))
        for r in plan.residents:
            person, claims = self.registry.new_person(cid, r.person, "import", actor, import_id)
            residency = self.registry.residency_of(
                cid,
                house_ids[r.address_code],
                person,
                r.relation,
                r.relation_to_owner,
                r.since,
                "import",
                actor,
                import_id=import_id,
            )
            groups.append((imports.RESIDENT_SHEET, r.row, Change().create(person, claims).move_in(residency)))
        return groups

    def _write_partial(self, groups: list[Group], plan: imports.Plan) -> tuple[int, int]:
        done = {imports.HOUSE_SHEET: 0, imports.RESIDENT_SHEET: 0}
        failed: set[str] = set()
        for sheet, row, change in groups:
            if any(r.house_id in failed for r in change.moves_in):
                plan.errors.append(imports.RowError(sheet, row, None, "house_not_imported", "its house failed"))
                continue
            try:
                self.repo.commit(change)
                done[sheet] += 1
            except Conflict as exc:
                plan.errors.append(imports.RowError(sheet, row, None, exc.code.lower(), exc.message))
                if sheet == imports.HOUSE_SHEET:
                    failed.add(change.creates[0][0].id)
        return done[imports.HOUSE_SHEET], done[imports.RESIDENT_SHEET]

    def _write_strict(self, groups: list[Group], plan: imports.Plan) -> tuple[int, int]:
        done = {imports.HOUSE_SHEET: 0, imports.RESIDENT_SHEET: 0}
        written: list[Change] = []
        for batch in self._batches(groups):
            merged = Change()
            for _, _, change in batch:
                merged.creates.extend(change.creates)
                merged.moves_in.extend(change.moves_in)
            try:
                self.repo.commit(merged)
            except Conflict as exc:
                self.repo.undo(written)
                first = batch[0]
                raise Conflict(
                    f"{exc.message} (batch from {first[0]} row {first[1]}); the import was rolled back",
                    code="IMPORT_CONFLICT",
                    details=[{"field": f"{s}[{r}]", "code": exc.code, "message": exc.message} for s, r, _ in batch][
                        :100
                    ],
                ) from exc
            written.append(merged)
            for sheet, _, _ in batch:
                done[sheet] += 1
        return done[imports.HOUSE_SHEET], done[imports.RESIDENT_SHEET]

    @staticmethod
    def _batches(groups: list[Group]) -> list[list[Group]]:
        batches: list[list[Group]] = []
        current: list[Group] = []
        size = 0
        previous_sheet = None
        for group in groups:
            n = len(group[2])
            # A new batch when full, and between houses and residents (a resident's house is then committed).
            if current and (size + n > BATCH_ACTIONS or group[0] != previous_sheet):
                batches.append(current)
                current, size = [], 0
            current.append(group)
            size += n
            previous_sheet = group[0]
        if current:
            batches.append(current)
        return batches

    # --- export -----------------------------------------------------------------------------------------------

    def export(self, community_id: str, full: bool) -> tuple[bytes, int, int]:
        """The two sheets filled from the registry; phone and ID numbers masked unless `full`."""
        houses: list[Record] = []
        cursor: str | None = None
        while True:
            page, cursor = self.repo.houses(community_id, None, None, 100, cursor)
            houses.extend(page)
            if not cursor:
                break
        house_rows: list[list[Any]] = []
        resident_rows: list[list[Any]] = []
        for house in houses:
            a = house.attrs
            place = [
                a.get("compoundCode") or "",
                a["buildingCode"].split("-")[1].lstrip("0") or "0",
                a["unit"],
                a["floor"],
                a["room"],
            ]
            house_rows.append([*place, a.get("houseNumber"), a.get("areaSqm"), a.get("use"), a.get("occupancy")])
            residents = self.repo.residents(community_id, house.id)
            people = self.repo.get_many(community_id, "person", [r.person_id for r in residents])
            for residency in residents:
                person = people.get(residency.person_id)
                if person is None:
                    continue
                resident_rows.append(self._resident_row(place, residency.relation, residency, person, full))
        data = write_workbook(
            {
                imports.HOUSE_SHEET: (imports.HOUSE_COLUMNS, house_rows),
                imports.RESIDENT_SHEET: (imports.RESIDENT_COLUMNS, resident_rows),
            }
        )
        return data, len(house_rows), len(resident_rows)

    def _resident_row(self, place: list[Any], relation: str, residency: Any, person: Record, full: bool) -> list[Any]:
        p, s = person.attrs, person.sealed or {}
        values = (
            self.registry.personal.reveal(s) if full else {"idNumber": s.get("idMasked"), "phone": s.get("phoneMasked")}
        )
        since: datetime = residency.since
        return [
            *place,
            p.get("name"),
            p.get("gender"),
            p.get("idType"),
            values.get("idNumber"),
            values.get("phone"),
            relation,
            residency.relation_to_owner,
            p.get("populationType"),
            p.get("keyCategory"),
            iso(since)[:10],
            ",".join(p.get("tags", [])),
        ]
