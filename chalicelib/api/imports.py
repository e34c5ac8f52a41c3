"""Bulk import and export of houses and residents as .xlsx (001 7.3.7 c).

- `GET  .../imports/template` -> the template workbook (JSON with base64 content: the mini-program and staff app
  save it as a file; no binary media type needed on the way out).
- `POST .../imports?mode=strict|partial&dryRun=true|false` with the workbook as the raw body
  (Content-Type `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` or `application/octet-stream`,
  at most 5 MB) -> a row-by-row report.
- `GET  .../exports/houses-residents?full=false` -> the same two sheets filled from the registry.

All-or-nothing (strict, the default): every row is validated, in itself, against the file and against stored
data, before anything is written; any invalid row -> 400 `IMPORT_ROWS_INVALID` with one detail per problem
(`Residents[7].idNumber`) and no write. Valid files are written in TransactWrite batches of at most 100 actions
(houses first, then residents; a row's items never straddle two batches). A batch can still fail when someone
else registers the same house or ID number between validation and write: the batches already written by this
import are deleted again (every item is new, created by this import, and tagged with its import id) and the
answer is 409 `IMPORT_CONFLICT` naming the row. Partial mode writes each valid row in its own transaction and
reports the rest. Exports mask phone and ID numbers unless the caller holds `people:reveal` and asks for
`full=true` (audited as a bulk `person.reveal`); only a full export can be imported again.
"""

from __future__ import annotations

import base64
from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.api.contracts import Contract
from chalicelib.api.http import Call, endpoint
from chalicelib.security.access import Access

bp = Blueprint(__name__)

BASE = "/v1/staff/communities/{community_id}"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
BATCH_ACTIONS = 100
ACCEPTED_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream")


class FileOut(Contract):
    fileName: str
    contentType: str
    contentBase64: str
    houses: int = 0
    residents: int = 0


class RowErrorOut(Contract):
    sheet: str
    row: int
    column: str | None = None
    code: str
    message: str


class Counts(Contract):
    received: int
    valid: int
    imported: int


class ImportReport(Contract):
    importId: str
    mode: str
    dryRun: bool
    committed: bool
    houses: Counts
    residents: Counts
    errors: list[RowErrorOut]


class ImportQuery(Contract):
    mode: Literal["strict", "partial"] = "strict"
    dryRun: bool = False


class ExportQuery(Contract):
    full: bool = Field(default=False, description="unmasked phone/ID numbers (needs people:reveal; audited)")


def _file(name: str, data: bytes, houses: int = 0, residents: int = 0) -> FileOut:
    from chalicelib.domain.spreadsheets import XLSX_MIME

    return FileOut(
        fileName=name,
        contentType=XLSX_MIME,
        contentBase64=base64.b64encode(data).decode(),
        houses=houses,
        residents=residents,
    )


@endpoint(
    bp,
    "GET",
    f"{BASE}/imports/template",
    audience="staff",
    access=Access.community("import:run"),
    summary="Download the .xlsx import template (houses and residents)",
    response=FileOut,
)
def import_template(call: Call[Any]) -> FileOut:
    from chalicelib.domain import imports
    from chalicelib.domain.spreadsheets import write_workbook

    cid = call.path["community_id"]
    example_house = ["", "1", 1, 12, 2, "1-1-1202", 89.5, "residential", "self_occupied"]
    example_resident = [
        "",
        "1",
        1,
        12,
        2,
        "张三",
        "male",
        "resident_id_card",
        "",
        "13800138000",
        "owner",
        "",
        "permanent",
        "",
        "2020-05-01",
        "",
    ]
    data = write_workbook(
        {
            imports.HOUSE_SHEET: (imports.HOUSE_COLUMNS, [example_house]),
            imports.RESIDENT_SHEET: (imports.RESIDENT_COLUMNS, [example_resident]),
        },
        notes=[*imports.TEMPLATE_NOTES, f"Community code: {cid}. Delete the example rows before importing."],
    )
    return _file(f"registry-template-{cid}.xlsx", data)


# --- import -----------------------------------------------------------------------------------------------------


def _content_type(call: Call[Any]) -> str:
    headers = {k.lower(): v for k, v in call.headers.items()}
    return (headers.get("content-type") or "").split(";")[0].strip().lower()


@endpoint(
    bp,
    "POST",
    f"{BASE}/imports",
    audience="staff",
    access=Access.community("import:run"),
    summary="Import houses and residents from an .xlsx workbook (strict: all or nothing)",
    query=ImportQuery,
    response=ImportReport,
    errors=(400, 404, 409, 413, 415),
    raw_body=True,
    body_media_type=ACCEPTED_TYPES[0],
)
def run_import(call: Call[Any]) -> ImportReport:
    from chalicelib.api.errors import ApiError

    if _content_type(call) not in ACCEPTED_TYPES:
        raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE", f"send the workbook as {ACCEPTED_TYPES[0]}")
    if len(call.raw_body) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", f"workbooks are limited to {MAX_UPLOAD_BYTES} bytes")
    if not call.raw_body:
        raise ApiError(400, "NOT_A_SPREADSHEET", "the request body is empty")
    report = Importer(call).run(call.raw_body, call.query.mode, call.query.dryRun)
    return report


def _row_order(error: Any) -> tuple[str, int]:
    return (error.sheet, error.row)


class Importer:
    """Validate a workbook against the file and the registry, then write it (see module docstring)."""

    def __init__(self, call: Call[Any]):
        from chalicelib.domain.clock import utcnow
        from chalicelib.store import registry as store

        self.call = call
        self.cid = call.path["community_id"]
        self.now = utcnow()
        self.import_id = store.new_id("imp")
        self.actor = call.who.subject

    def run(self, data: bytes, mode: str, dry_run: bool) -> ImportReport:
        from chalicelib.api import registry_ops as ops
        from chalicelib.domain import imports
        from chalicelib.domain.errors import InvalidInput
        from chalicelib.domain.spreadsheets import read_workbook
        from chalicelib.security import pii

        ops.community_node(self.cid)
        sheets = read_workbook(
            data, {imports.HOUSE_SHEET: imports.HOUSE_COLUMNS, imports.RESIDENT_SHEET: imports.RESIDENT_COLUMNS}
        )
        received = (len(sheets[imports.HOUSE_SHEET]), len(sheets[imports.RESIDENT_SHEET]))
        plan = imports.plan_import(
            self.cid, sheets, self.now, valid_id_card=pii.valid_id_card, normalise_phone=pii.normalise_phone
        )
        buildings, existing_houses = self._check_stored(plan)
        if plan.errors and mode == "strict":
            self._audit("failed", received, (0, 0), len(plan.errors))
            raise InvalidInput(
                f"{len(plan.errors)} row(s) are invalid; nothing was imported",
                code="IMPORT_ROWS_INVALID",
                details=[e.as_detail() for e in sorted(plan.errors, key=_row_order)][:500],
            )
        valid = (len(plan.houses), len(plan.residents))
        imported = (0, 0)
        if not dry_run and (plan.houses or plan.residents):
            imported = self._write(plan, buildings, existing_houses, mode)
        self._audit("success", received, imported, len(plan.errors))
        return ImportReport(
            importId=self.import_id,
            mode=mode,
            dryRun=dry_run,
            committed=not dry_run and sum(imported) > 0,
            houses=Counts(received=received[0], valid=valid[0], imported=imported[0]),
            residents=Counts(received=received[1], valid=valid[1], imported=imported[1]),
            errors=[
                RowErrorOut(sheet=e.sheet, row=e.row, column=e.column, code=e.code, message=e.message)
                for e in sorted(plan.errors, key=lambda e: (e.sheet, e.row))
            ],
        )

    def _audit(self, outcome: str, received: tuple[int, int], imported: tuple[int, int], errors: int) -> None:
        from chalicelib.security import audit

        audit.record_call(
            self.call,
            "registry.import",
            "import",
            self.import_id,
            outcome=outcome,
            detail={"received": list(received), "imported": list(imported), "errors": errors},
        )

    def _check_stored(self, plan: Any) -> tuple[dict[str, Any], dict[str, str]]:
        """Findings against the registry: buildings exist, house codes and ID numbers are free, one owner."""
        from chalicelib.domain import imports
        from chalicelib.domain.addresses import building_code
        from chalicelib.security import pii
        from chalicelib.store import registry as store

        cid = self.cid
        building_codes = {building_code(h.area_code, h.building_number) for h in plan.houses}
        house_codes = {h.address_code for h in plan.houses} | {r.address_code for r in plan.residents}
        id_indexes = {
            r.row: pii.blind_index("id_card", r.person["idNumber"]) for r in plan.residents if r.person.get("idNumber")
        }
        locks = store.batch_get(
            [(store.lock_pk(cid, "ADDR", c), "LOCK") for c in building_codes | house_codes]
            + [(store.lock_pk(cid, "IDCARD", i), "LOCK") for i in id_indexes.values()]
        )

        def held(kind: str, value: str) -> str | None:
            item = locks.get((store.lock_pk(cid, kind, value), "LOCK"))
            return item.entity_id if item else None

        building_items = store.batch_get(
            (store.entity_pk(cid, "building", bid), "BUILDING")
            for bid in (held("ADDR", c) for c in building_codes)
            if bid
        )
        buildings: dict[str, Any] = {str((b.attrs or {}).get("buildingCode")): b for b in building_items.values()}
        existing = {c: hid for c in house_codes if (hid := held("ADDR", c))}
        owners = store.batch_get((store.house_pk(cid, hid), "OWNER") for hid in existing.values())

        kept_houses = []
        for h in plan.houses:
            code = building_code(h.area_code, h.building_number)
            if code not in buildings:
                plan.errors.append(
                    imports.RowError(
                        imports.HOUSE_SHEET,
                        h.row,
                        "buildingNumber",
                        "building_not_found",
                        f"building {code} is not registered",
                    )
                )
            elif h.address_code in existing:
                plan.errors.append(
                    imports.RowError(
                        imports.HOUSE_SHEET,
                        h.row,
                        None,
                        "house_exists",
                        f"house {h.address_code} is already registered",
                    )
                )
            else:
                kept_houses.append(h)
        failed_house_rows = {h.address_code for h in plan.houses} - {h.address_code for h in kept_houses}
        plan.houses = kept_houses
        in_file = {h.address_code for h in kept_houses}
        kept_residents = []
        for r in plan.residents:
            problem: tuple[str | None, str, str] | None = None
            if r.address_code not in in_file and r.address_code not in existing:
                why = "its house row is invalid" if r.address_code in failed_house_rows else "it is not registered"
                problem = (None, "house_not_found", f"house {r.address_code}: {why}")
            elif r.row in id_indexes and held("IDCARD", id_indexes[r.row]):
                problem = ("idNumber", "person_exists", "a person with this ID number is already registered")
            elif (
                r.relation == "owner"
                and r.address_code in existing
                and (store.house_pk(cid, existing[r.address_code]), "OWNER") in owners
            ):
                problem = ("relation", "owner_exists", "this house already has a current owner")
            if problem:
                plan.errors.append(imports.RowError(imports.RESIDENT_SHEET, r.row, *problem))
            else:
                kept_residents.append(r)
        plan.residents = kept_residents
        return buildings, existing

    def _row_groups(
        self, plan: Any, buildings: dict[str, Any], existing: dict[str, str]
    ) -> list[tuple[str, int, list[tuple[Any, str, str]]]]:
        """Each valid row as (sheet, row, put actions); houses first so residents can point at them."""
        from chalicelib.api import registry_ops as ops
        from chalicelib.domain import imports
        from chalicelib.domain.addresses import building_code
        from chalicelib.store import registry as store

        groups: list[tuple[str, int, list[tuple[Any, str, str]]]] = []
        house_ids = dict(existing)
        for h in plan.houses:
            building = buildings[building_code(h.area_code, h.building_number)]
            prepared = ops.prepare_house(
                self.cid, self.cid, building, h.fields, self.now, "import", self.actor, self.import_id
            )
            house_ids[h.address_code] = prepared.item.entity_id
            groups.append(
                (imports.HOUSE_SHEET, h.row, [(prepared.item, "HOUSE_EXISTS", "house exists"), *prepared.locks])
            )
        for r in plan.residents:
            person = ops.prepare_person(self.cid, r.person, self.now, "import", self.actor, self.import_id)
            hid = house_ids[r.address_code]
            member = store.member_record(
                self.cid,
                hid,
                person.item.entity_id,
                r.person["name"],
                r.relation,
                r.relation_to_owner,
                r.since,
                self.now,
                "import",
                self.actor,
                import_id=self.import_id,
            )
            actions = [
                (person.item, "PERSON_EXISTS", "person exists"),
                *person.locks,
                (member, "ALREADY_MEMBER", "this person already lives in this house"),
            ]
            if r.relation == "owner":
                actions.append(
                    (
                        store.owner_marker(self.cid, hid, person.item.entity_id, self.now, "import", self.import_id),
                        "OWNER_EXISTS",
                        "this house already has an owner",
                    )
                )
            groups.append((imports.RESIDENT_SHEET, r.row, actions))
        return groups

    def _write(self, plan: Any, buildings: dict[str, Any], existing: dict[str, str], mode: str) -> tuple[int, int]:
        from chalicelib.domain import imports
        from chalicelib.domain.errors import Conflict

        groups = self._row_groups(plan, buildings, existing)
        done = {imports.HOUSE_SHEET: 0, imports.RESIDENT_SHEET: 0}
        if mode == "partial":
            failed: set[str] = set()
            for sheet, row, actions in groups:
                if sheet == imports.RESIDENT_SHEET and any(getattr(a[0], "house_id", None) in failed for a in actions):
                    plan.errors.append(imports.RowError(sheet, row, None, "house_not_imported", "its house failed"))
                    continue
                try:
                    self._tx(actions).commit()
                    done[sheet] += 1
                except Conflict as exc:
                    plan.errors.append(imports.RowError(sheet, row, None, exc.code.lower(), exc.message))
                    if sheet == imports.HOUSE_SHEET:
                        failed.add(actions[0][0].entity_id)
            return done[imports.HOUSE_SHEET], done[imports.RESIDENT_SHEET]
        written: list[Any] = []
        for batch in self._batches(groups):
            try:
                self._tx([a for _, _, actions in batch for a in actions]).commit()
            except Conflict as exc:
                self._roll_back(written)
                first = batch[0]
                raise Conflict(
                    f"{exc.message} (batch from {first[0]} row {first[1]}); the import was rolled back",
                    code="IMPORT_CONFLICT",
                    details=[{"field": f"{s}[{r}]", "code": exc.code, "message": exc.message} for s, r, _ in batch][
                        :100
                    ],
                ) from exc
            for sheet, _, actions in batch:
                done[sheet] += 1
                written.extend(a[0] for a in actions)
        return done[imports.HOUSE_SHEET], done[imports.RESIDENT_SHEET]

    @staticmethod
    def _tx(actions: list[tuple[Any, str, str]]) -> Any:
        from chalicelib.store import registry as store

        tx = store.Tx()
        for item, code, message in actions:
            tx.put_new(item, code, message)
        return tx

    @staticmethod
    def _batches(groups: list[tuple[str, int, list[Any]]]) -> list[list[tuple[str, int, list[Any]]]]:
        batches: list[list[tuple[str, int, list[Any]]]] = []
        current: list[tuple[str, int, list[Any]]] = []
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

    @staticmethod
    def _roll_back(items: list[Any]) -> None:
        """Delete what earlier batches of this import wrote (all new items, tagged with this import's id)."""
        from chalicelib.store.registry import MemberRecord, RegistryItem

        for model in (RegistryItem, MemberRecord):
            mine = [i for i in items if isinstance(i, model)]
            if not mine:
                continue
            with model.batch_write() as batch:
                for item in mine:
                    batch.delete(item)


# --- export -----------------------------------------------------------------------------------------------------


@endpoint(
    bp,
    "GET",
    f"{BASE}/exports/houses-residents",
    audience="staff",
    access=Access.community("import:run"),
    summary="Export houses and current residents as .xlsx (masked unless full=true with people:reveal)",
    query=ExportQuery,
    response=FileOut,
    errors=(403,),
)
def export_registry(call: Call[Any]) -> FileOut:
    from chalicelib.api.registry_views import reveal_person
    from chalicelib.domain import imports
    from chalicelib.domain.clock import iso
    from chalicelib.domain.errors import Forbidden
    from chalicelib.domain.spreadsheets import write_workbook
    from chalicelib.security import audit
    from chalicelib.security.permissions import has_permission
    from chalicelib.store import registry as store

    cid, full = call.path["community_id"], call.query.full
    if full and not has_permission(call.who.roles, "people:reveal"):
        raise Forbidden("full exports need people:reveal", code="PERMISSION_DENIED")
    houses: list[Any] = []
    cursor: str | None = None
    while True:
        page, cursor = store.query_index("gsi1", f"C#{cid}#HOUSES", None, 100, cursor)
        houses.extend(page)
        if not cursor:
            break
    house_rows, resident_rows = [], []
    for house in houses:
        a = house.attrs or {}
        place = [
            a.get("compoundCode") or "",
            a["buildingCode"].split("-")[1].lstrip("0") or "0",
            a["unit"],
            a["floor"],
            a["room"],
        ]
        house_rows.append([*place, a.get("houseNumber"), a.get("areaSqm"), a.get("use"), a.get("occupancy")])
        members = store.current_members(cid, house.entity_id)
        people = store.batch_get((store.entity_pk(cid, "person", m.person_id), "PERSON") for m in members)
        for m in members:
            person = people.get((store.entity_pk(cid, "person", m.person_id), "PERSON"))
            if person is None:
                continue
            p, s = person.attrs or {}, person.sealed or {}
            values = reveal_person(person) if full else {"idNumber": s.get("idMasked"), "phone": s.get("phoneMasked")}
            resident_rows.append(
                [
                    *place,
                    p.get("name"),
                    p.get("gender"),
                    p.get("idType"),
                    values.get("idNumber"),
                    values.get("phone"),
                    m.relation,
                    m.relation_to_owner,
                    p.get("populationType"),
                    p.get("keyCategory"),
                    iso(m.since)[:10],
                    ",".join(p.get("tags", [])),
                ]
            )
    data = write_workbook(
        {
            imports.HOUSE_SHEET: (imports.HOUSE_COLUMNS, house_rows),
            imports.RESIDENT_SHEET: (imports.RESIDENT_COLUMNS, resident_rows),
        }
    )
    audit.record_call(
        call,
        "person.reveal" if full else "registry.export",
        "export",
        cid,
        detail={"houses": len(house_rows), "residents": len(resident_rows), "full": full},
    )
    return _file(f"registry-{cid}.xlsx", data, len(house_rows), len(resident_rows))
