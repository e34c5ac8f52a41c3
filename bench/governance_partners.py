"""Governance and partners figures, printed (never asserted):

1. the daily warning run's rule pass over N residents, M vehicles and P passages (default 10,000 / 2,000 /
   1,000,000), every passage read exactly once (counted), in this process: the time the rules take once the passages
   stream in. Reading 1,000,000 passages from DynamoDB is not part of this figure (see `--from-cloud`);
2. `--feed`: a change-feed page of 1,000 changes read from the local cloud's partners table (moto), after
   appending them, median of 5 pages, and the HTTP page through the signed partner route;



    .venv/bin/python bench/governance_partners.py [--passages 1000000] [--feed]
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--vehicles", type=int, default=2_000)
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--feed", action="store_true")
    args = parser.parse_args()
    rule_pass(args.residents, args.vehicles, args.passages)
    if args.feed:
        feed_page(Path(tempfile.mkdtemp(prefix="bench-feed-")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
