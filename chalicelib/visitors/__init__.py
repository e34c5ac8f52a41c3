"""Visitors and access (001 8.2.2.4-8.2.2.5; 003 6.5.5, 6.5.7; 004 6.1.1 b/c/e): visitor passes (invitation or
walk-in, approval, expiry), signed QR passes and keypad passcodes that gates verify offline, gates signing in with
their device certificate, entry records, residents opening doors from the mini-program, and access credentials
(cards, QR, faces by reference, app) of residents and staff.

- rules and use cases: `model.py` (passes, entry records, policies, the ports), `service.py` (issuing, approval,
  revocation, the workflow's tasks), `admission.py` (gates: keys to download, verification, offline uploads),
  `passes.py` (the Ed25519-signed credential), `keypad.py` (keypad passcodes: the code, one refusal, the budgets
  of wrong codes and their alarm, the offline keypad), `keyring.py` (signing keys, published), `gate_sessions.py`
  (sign-in with the device certificate, once per nonce; sessions bound to that certificate), `doors.py`,
  `credentials.py`
- storage: `repository.py` (passes, passcode slots, policies, published keys), `repository_entries.py` (entry
  records and their daily counters), `repository_credentials.py`, `repository_gates.py` (sign-in nonces, keypad
  budgets); table: `visitors` (`kernel/tables.py: VisitorTable`)
- workflow: stepfunctions/visitor_pass.asl.json (approval with a timeout, then expiry); Lambda tasks in `tasks.py`
- secret: the pass-signing secret (`PASS_SIGNING_SECRET_ARN`); adapters: `adapters.py` (Secrets Manager, Step
  Functions, the registry, the device ledger, identity's staff accounts, and the devices capability's hand-off of
  a gate's `passcode_guessing` event to the alarm evaluation, as ports); wiring: `wiring.py`
- HTTP: `routes_resident.py`, `routes_staff.py`, `routes_gates.py`, `routes_doors.py`, `routes_credentials.py`,
  `contracts.py`. Tests: `tests/visitors/`.

What other capabilities use is below: the registry's move-out takes part through `credential_move_out`; a
capability above this one hears of residents' passages through `use_passage_listener` (plugged in by app.py); parking
reads the cars visitors bring (`visitor_car_pass`, `visitor_car_plates`) and is told when a pass naming a car
changes through the port `use_car_pass_listener` (plugged in `app.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.visitors.passage_listeners import use_passage_listener

__all__ = [
    "credential_move_out",
    "entries_between",
    "entry_from_stream",
    "last_entry_of",
    "passages_between",
    "use_car_pass_listener",
    "use_passage_listener",
    "visitor_car_pass",
    "visitor_car_plates",
]


def credential_move_out(tx: Any, community_id: str, house_id: str, person_id: str, now: datetime, reason: str) -> Any:
    """A participant in the registry's move-out transaction (its `Tx`): every live credential the person holds for
    the house is deregistered and its reference released in the same transaction (the storage loads here, on the
    first move-out, not when the package is imported)."""
    from chalicelib.visitors.repository_credentials import deregister_actions

    return deregister_actions(tx, community_id, house_id, person_id, now, reason)


def entries_between(community_id: str, since: datetime, until: datetime) -> Any:
    """Every passage through the community's gates in [since, until), day by day (Beijing days), newest first."""
    from datetime import timedelta

    from chalicelib.visitors.repository_entries import DynamoEntryLog, day_of

    log = DynamoEntryLog()
    day = until
    while day >= since - timedelta(days=1):
        cursor: str | None = None
        while True:
            page, cursor = log.search(community_id, day=day_of(day), since=since, until=until, limit=200, cursor=cursor)
            yield from page
            if not cursor:
                break
        day -= timedelta(days=1)


def passages_between(community_id: str, since: datetime, until: datetime, parallel: int = 3) -> Any:
    """Every passage through the community's gates in [since, until) as plain strings (`PASSAGE_FIELDS`: subject,
    kind, gate, direction, `at` as stored, house, plate), each read once, in no particular order: the UTC days
    are read `parallel` at a time (one Query per day, whole 1 MB pages, projected; see `passages_of_day`), so the
    store answers the next days while the caller folds one. For bulk readers (the daily warning run)."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor
    from datetime import timedelta

    from chalicelib.visitors.repository_entries import day_of, passages_of_day

    days = []
    day = until
    while day >= since - timedelta(days=1):
        days.append(day_of(day))
        day -= timedelta(days=1)
    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="passages") as pool:
        window: deque[Any] = deque()
        for d in days:
            window.append(pool.submit(passages_of_day, community_id, d, since, until))
            if len(window) > parallel:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def last_entry_of(community_id: str, person_id: str) -> Any:
    """The person's latest passage through the community's gates (an `EntryRecord`), or None (one Query; records
    are kept 400 days)."""
    from chalicelib.visitors.repository_entries import DynamoEntryLog

    found, _ = DynamoEntryLog().search(community_id, subject_id=person_id, limit=1)
    return found[0] if found else None


def visitor_car_pass(community_id: str, plate: str, at: datetime, gate_id: str) -> dict[str, Any] | None:
    """The visitor pass naming this car that admits it at `at` through this gate (active or arrived, in its window,
    entries left), with the community's free parking minutes for visitors' cars; None when no pass does. A barrier
    reads it; the pass's entries are the gates' to count."""
    from chalicelib.visitors.model import ADMITTING
    from chalicelib.visitors.repository import DynamoPassRepository, DynamoPolicyStore

    for found in DynamoPassRepository().by_plate(community_id, plate, at):
        if (
            found.status in ADMITTING
            and found.starts_at <= at < found.ends_at
            and found.entries_used < found.entries
            and (not found.gates or gate_id in found.gates)
        ):
            minutes = DynamoPolicyStore().get(community_id).free_parking_minutes
            return {"passId": found.pass_id, "houseId": found.house_id, "freeParkingMinutes": minutes}
    return None


def entry_from_stream(image: dict[str, Any]) -> Any:
    """The passage (`EntryRecord`) a visitors-table stream image holds (DynamoDB attribute values, as the stream
    carries them), or None when the item is not an entry record (passes, policies, counters)."""
    from chalicelib.visitors.repository_entries import EntryItem, from_entry_item

    if (image.get("sk") or {}).get("S") != "ENTRY" or "entry_id" not in image:
        return None
    return from_entry_item(EntryItem.from_raw_data(image))


def visitor_car_plates(community_id: str, since: datetime, until: datetime) -> list[str]:
    """The plates named by the community's admitting visitor passes (active or arrived, entries left) whose window
    meets [since, until), sorted. One Query of the passes naming a car whose window ends after `since` (a sparse
    index): what it reads is the community's current and future car passes, not its history."""
    from chalicelib.visitors.model import ADMITTING
    from chalicelib.visitors.repository import DynamoPassRepository, normalise_plate

    plates: set[str] = set()
    for found in DynamoPassRepository().car_passes_ending_after(community_id, since):
        plate = normalise_plate(found.visitor.car_plate) if found.visitor.car_plate else None
        if (
            plate
            and found.status in ADMITTING
            and found.starts_at < until
            and found.ends_at > since
            and found.entries_used < found.entries
        ):
            plates.add(plate)
    return sorted(plates)


def use_car_pass_listener(listener: Any) -> None:
    """Plug in `(community_id, plate) -> None`, told after a visitor pass naming the plate was issued, approved or
    revoked (a higher capability plugs it in from app.py; a listener's failure never undoes the pass)."""
    from chalicelib.visitors.car_listeners import use_car_pass_listener as plug

    plug(listener)
