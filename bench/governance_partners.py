"""Governance and partners figures, printed (never asserted):

1. the daily warning run's rule pass over N residents, M vehicles and P passages (default 10,000 / 2,000 /
   1,000,000), every passage read exactly once (counted), in this process: the time the rules take once the passages
   stream in. Reading 1,000,000 passages from DynamoDB is not part of this figure (see `--dynamo`);
2. `--dynamo`: the daily warning run end to end against the local cloud (moto in its own process, as `make up`):
   a community of N residents, M vehicles, 3,000 houses and P entry records over the last 400 days seeded into the
   real tables (BatchWriteItem of the repositories' own item shapes; timed apart, not counted), then the scheduled
   function `governance_daily_warnings` (what production runs at 02:00), timed, with every DynamoDB request this
   process makes counted by operation and table, and the items each returned (each entry record read at most
   once: the items read from the entry log equal the records seeded), load average at start and end, and the moto
   process's peak RSS;
3. `--feed`: a change-feed page of 1,000 changes read from the local cloud's partners table (moto), after
   appending them, median of 5 pages, and the HTTP page through the signed partner route;



    .venv/bin/python bench/governance_partners.py [--passages 1000000] [--feed]
    .venv/bin/python bench/governance_partners.py --dynamo [--passages 1000000]   (the rule pass in-process skipped)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rule_pass(residents: int, vehicles: int, passages: int) -> None:
    from chalicelib.governance.model import Passage, Snapshot, evaluate
    from chalicelib.governance.service import Counted

    now = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    rng = random.Random(7)
    people = [f"p{i}" for i in range(residents)]
    plates = [f"京A{i:05d}" for i in range(vehicles)]
    snap = Snapshot(
        residents={p: ("drug" if i % 500 == 0 else "") for i, p in enumerate(people)},
        vehicles=set(plates),
        vacant_houses={f"h{i}" for i in range(0, 3000, 50)},
    )
    gates = ("east", "west", "north", "garage")

    def stream():  # type: ignore[no-untyped-def]
        for i in range(passages):
            at = now - timedelta(seconds=rng.randint(0, 400 * 86400))
            if i % 5 == 0:
                yield Passage(plates[i % vehicles], "vehicle", rng.choice(gates), rng.choice(("in", "out")), at)
            elif i % 97 == 0:
                yield Passage(f"card{i % 300}", "unregistered", "east", "in", at, f"h{i % 3000}")
            else:
                person = people[i % residents]
                yield Passage(person, "resident", rng.choice(gates), rng.choice(("in", "out")), at, f"h{i % 3000}")

    counted = Counted(stream())
    started = time.perf_counter()
    found = evaluate(counted, snap, now)
    elapsed = time.perf_counter() - started
    by_kind: dict[str, int] = {}
    for f in found:
        by_kind[f.kind] = by_kind.get(f.kind, 0) + 1
    print(f"rule pass: {residents} residents, {vehicles} vehicles, {counted.count} passages read once each")
    print(f"  {elapsed:.1f} s (generating the passages included), {len(found)} findings: {by_kind}")


def feed_page(cloud_dir: Path) -> None:
    from infra.localcloud.cloud import LocalCloud

    cloud = LocalCloud(cloud_dir, broker=False, separate_moto=True).start()  # moto in its own process, as make up
    try:
        from chalicelib.partners import wiring

        feed = wiring.change_feed()
        started = time.perf_counter()
        for i in range(1000):
            feed.append("c-bench", "people", f"p{i}", "upsert", {"name": f"张{i}", "phone": {"masked": "138****0000"}})
        print(f"feed: 1,000 appends in {time.perf_counter() - started:.1f} s (counter + conditional put each)")
        times, cpu = [], []
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            page, cursor = feed.page("c-bench", "people", 0, 1000)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert len(page) == 1000 and cursor == 1000
        print(
            f"feed page of 1,000 changes (store read): median {statistics.median(times):.0f} ms,",
            [round(t) for t in times],
            f"of which this process's CPU (the rest is the moto process): median {statistics.median(cpu):.0f} ms;",
            f"load average {os.getloadavg()[0]:.1f}",
        )
    finally:
        cloud.stop()


SCHEDULED = {
    "version": "0",
    "id": "bench",
    "detail-type": "Scheduled Event",
    "source": "aws.events",
    "account": "123456789012",
    "time": "2026-12-07T18:00:00Z",
    "region": "cn-north-1",
    "resources": [],
    "detail": {},
}


class RequestCounter:
    """Every botocore call of this process: requests and items returned, by operation and table."""

    def __init__(self) -> None:
        self.requests: dict[tuple[str, str], int] = {}
        self.items: dict[tuple[str, str], int] = {}

    def install(self) -> None:
        from botocore.client import BaseClient

        base = BaseClient._make_api_call
        counter = self

        def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
            out = base(client, operation, params)
            table = str(params.get("TableName") or ",".join(sorted(params.get("RequestItems") or {})) or "-")
            key = (operation, table.rsplit("-", 1)[-1] if "-" in table else table)
            counter.requests[key] = counter.requests.get(key, 0) + 1
            if operation in ("Query", "Scan"):
                counter.items[key] = counter.items.get(key, 0) + int(out.get("Count", 0))
            elif operation == "BatchGetItem":
                got = sum(len(v) for v in (out.get("Responses") or {}).values())
                counter.items[key] = counter.items.get(key, 0) + got
            elif operation == "GetItem":
                counter.items[key] = counter.items.get(key, 0) + (1 if out.get("Item") else 0)
            return out

        BaseClient._make_api_call = counted  # type: ignore[method-assign]

    def reset(self) -> None:
        self.requests.clear()
        self.items.clear()


def peak_rss_mb(pid: int | None) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return f"{int(line.split()[1]) / 1024:.0f} MB"
    except (OSError, ValueError):
        pass
    return "unknown"


def _chunks(n: int, parts: int) -> list[range]:
    step = -(-n // parts)
    return [range(i, min(n, i + step)) for i in range(0, n, step)]


def seed(community: str, residents: int, vehicles: int, passages: int, now: datetime) -> dict[str, int]:
    """The registry (houses, people, vehicles), the community's enrolment and the entry records, in the tables'
    production layout (the repositories' `to_item` / `to_entry_item`), by BatchWriteItem (25 items a request)."""
    from concurrent.futures import ThreadPoolExecutor

    from chalicelib.governance.model import Thresholds
    from chalicelib.governance.repository import DynamoWarningStore
    from chalicelib.registry.model import Record
    from chalicelib.registry.repository import to_item
    from chalicelib.registry.repository_items import RegistryItem
    from chalicelib.visitors.model import EntryRecord
    from chalicelib.visitors.repository_entries import EntryItem, to_entry_item

    houses = 3000
    t0 = time.perf_counter()
    with RegistryItem.batch_write() as batch:
        for h in range(houses):
            attrs = {
                "addressCode": f"A{h:06d}",
                "buildingId": f"b{h // 100}",
                "occupancy": "vacant" if h % 50 == 0 else "occupied",
            }
            batch.save(to_item(Record("house", f"h{h}", community, attrs, now)))
        for i in range(residents):
            attrs = {"name": f"居民{i:05d}", "keyCategory": "drug" if i % 500 == 0 else ""}
            batch.save(to_item(Record("person", f"p{i}", community, attrs, now)))
        for v in range(vehicles):
            attrs = {"plate": f"京A{v:05d}", "ownerPersonId": f"p{v}"}
            batch.save(to_item(Record("vehicle", f"v{v}", community, attrs, now)))
    DynamoWarningStore().set_thresholds(community, Thresholds())
    print(f"  registry seeded in {time.perf_counter() - t0:.1f} s", flush=True)

    gates = ("east", "west", "north", "garage")

    import boto3
    from botocore.config import Config

    # the entry log's own item (`to_entry_item`, serialised by its model), sent by the low-level client: PynamoDB's
    # batch writer spent ~1 ms of this process's CPU per item, which made seeding, not the run, the long part
    client = boto3.client("dynamodb", config=Config(parameter_validation=False, max_pool_connections=4))
    table = EntryItem.Meta.table_name

    def write(part: range) -> None:
        rng = random.Random(part.start)
        pending: list[dict[str, Any]] = []

        def flush() -> None:
            request = {table: [{"PutRequest": {"Item": item}} for item in pending]}
            while request:
                request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            pending.clear()

        for i in part:
            # inside the run's 400 days even after an hour of seeding (the run's window starts at its own now)
            at = now - timedelta(seconds=rng.randint(60, 400 * 86400 - 3600))
            person = f"p{i % residents}"
            kind, subject, plate = "resident", person, None
            if i % 5 == 0:
                plate = f"京A{i % vehicles:05d}"
                subject = f"p{i % vehicles}"
            elif i % 97 == 0:
                kind, subject = "card", f"card{i % 300}"
            entry = EntryRecord(
                entry_id=f"e{i:08d}",
                community_id=community,
                gate_id=rng.choice(gates),
                direction=rng.choice(("in", "out")),
                method="plate" if plate else "face",
                subject_kind=kind,
                subject_id=subject,
                house_id=f"h{i % houses}",
                at=at,
                car_plate=plate,
                recorded_at=at,
            )
            pending.append(to_entry_item(entry).serialize())
            if len(pending) == 25:
                flush()
        if pending:
            flush()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(write, _chunks(passages, 8)))
    return {"houses": houses, "residents": residents, "vehicles": vehicles, "entries": passages}


def dynamo_run(residents: int, vehicles: int, passages: int) -> None:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "SmartCommunityBench")
    from infra.localcloud.cloud import LocalCloud

    cloud = LocalCloud(Path(tempfile.mkdtemp(prefix="bench-gov-")), broker=False, separate_moto=True).start()
    try:
        from chalicelib.governance import tasks

        counter = RequestCounter()
        counter.install()
        community = "c-bench-gov"
        now = datetime.now(UTC)
        print(f"load average before seeding {os.getloadavg()[0]:.2f} (2 cores shared)", flush=True)
        t0 = time.perf_counter()
        seeded = seed(community, residents, vehicles, passages, now)
        print(
            f"seed: {seeded} in {time.perf_counter() - t0:.0f} s (not counted); moto RSS {peak_rss_mb(cloud.moto.pid)}"
        )
        writes = dict(counter.requests)
        print(f"  seed requests: {writes}", flush=True)
        counter.reset()
        from infra.localcloud.lambdas import LocalLambdaContext

        arn = "arn:aws-cn:lambda:cn-north-1:123456789012:function:governance_daily_warnings"
        context = LocalLambdaContext("governance_daily_warnings", arn, timeout_ms=900_000)
        load_start = os.getloadavg()
        started, cpu = time.perf_counter(), time.process_time()
        out = tasks.daily_warnings(SCHEDULED, context)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        load_end = os.getloadavg()
        print(
            f"daily warning run (governance_daily_warnings): {elapsed:.1f} s, of which this process's CPU {cpu:.1f} s"
        )
        print(f"  result: {out}")
        read = {k: v for k, v in counter.items.items()}
        print(f"  requests by (operation, table): {dict(sorted(counter.requests.items()))}")
        print(f"  items returned by (operation, table): {dict(sorted(read.items()))}")
        entries_read = sum(v for (op, table), v in read.items() if op == "Query" and table == "visitors")
        queries = sum(v for (op, table), v in counter.requests.items() if op == "Query" and table == "visitors")
        print(
            f"  entry records read {entries_read} of {passages} seeded in {queries} Query requests"
            f" ({'each read once' if entries_read == passages else 'MISMATCH'})"
        )
        from chalicelib.governance.repository import DynamoWarningStore

        raised = DynamoWarningStore().find(community, None, 100_000)
        by_kind: dict[str, int] = {}
        for w in raised:
            by_kind[w.kind] = by_kind.get(w.kind, 0) + 1
        print(f"  warnings raised: {len(raised)} {dict(sorted(by_kind.items()))}")
        print(
            f"  load average at start {load_start[0]:.2f} / {load_start[1]:.2f} / {load_start[2]:.2f},"
            f" at end {load_end[0]:.2f} / {load_end[1]:.2f} / {load_end[2]:.2f}"
        )
        print(f"  moto process peak RSS {peak_rss_mb(cloud.moto.pid)}")
    finally:
        cloud.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--vehicles", type=int, default=2_000)
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--feed", action="store_true")
    parser.add_argument("--dynamo", action="store_true")
    args = parser.parse_args()
    if args.dynamo:
        dynamo_run(args.residents, args.vehicles, args.passages)
        return 0
    rule_pass(args.residents, args.vehicles, args.passages)
    if args.feed:
        feed_page(Path(tempfile.mkdtemp(prefix="bench-feed-")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
