"""Owners' vote benchmark: N ballots from N units cast concurrently through the API against the local cloud, then a
recount from the ballots.

    python bench/owners_vote.py [--units 5000] [--workers 32]

1. A community of N houses (registered areas 60-150 m2 in 0.01 steps; every 10th house unsold, i.e. the developer's;
   every 7th owner holds a second house), each owner's account bound, written through the registry repository.
2. A vote is opened through the staff route (the denominators are read from the registry then: timed).
3. N ballots, one per unit, each by its owner's token over real HTTP (Chalice's local server, as `make up` serves
   it; moto server in its own process), from `--workers` threads at once; the unsold units' ballots on paper,
   entered by staff with a scan: p50 / p95 / p99 per ballot and the throughput. Then 500 units' second ballots:
   all must be refused (409).
4. The stored ballots are counted and the tally (`VoteService.recount`: one Query over the ballots, exact
   arithmetic, the seal) is compared with the tally computed here from what was sent; the recount is timed (best
   and median of 5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build_estate(units: int, workers: int) -> Any:
    from tests.support.votes import Estate, estate

    areas = [f"{60 + (i * 37) % 9001 / 100:.2f}" for i in range(units)]
    owners: list[str | None] = []
    for i in range(units):
        if i % 10 == 9:
            owners.append(None)
        elif i % 7 == 1:
            owners.append(f"o{i - 1}")  # the previous house's owner holds this one too
        else:
            owners.append(f"o{i}")
    first = estate(areas[:1], owners[:1])
    merged = Estate(first.community, list(first.houses), dict(first.account_of_house), dict(first.person_of_account))
    # chunks keep an owner's houses together (a shared owner is the previous house's)
    chunks: list[tuple[list[str], list[str | None]]] = []
    start = 1
    while start < units:
        end = min(units, start + 50)
        while end < units and owners[end] is not None and owners[end] == owners[end - 1]:
            end += 1
        chunks.append((areas[start:end], owners[start:end]))
        start = end
    lock = threading.Lock()

    def one(chunk: tuple[list[str], list[str | None]]) -> None:
        part = estate(chunk[0], chunk[1], community=merged.community)
        with lock:
            merged.houses.extend(part.houses)
            merged.account_of_house.update(part.account_of_house)
            merged.person_of_account.update(part.person_of_account)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, chunks))
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument(
        "--recount-only",
        action="store_true",
        help="write the ballots straight to the table (no registry, no HTTP) and time only the recount",
    )
    args = parser.parse_args(argv)
    if args.recount_only:
        return recount_only(args.units)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    from infra.localcloud.cloud import LocalCloud

    cloud = LocalCloud(Path(tempfile.mkdtemp(prefix="sc-bench-votes-")), broker=False).start()
    try:
        import requests

        import app
        from chalicelib.kernel.tables import TABLES

        # moto answers a GSI Query by scanning the whole table: reading 5,000 houses' index pages of a table of
        # ~25,000 registry items takes longer than the functions' 5 s read timeout; the bench waits for it.
        for model in TABLES:
            model.Meta.read_timeout_seconds = 300
            model._connection = None
        from chalicelib.votes import wiring
        from chalicelib.votes.model import exact_area
        from tests.support.live_api import serve
        from tests.support.votes import iso, now

        base = serve(app.app)
        url = next(base)
        t0 = time.perf_counter()
        place = build_estate(args.units, 8)
        print(f"registry: {len(place.houses)} houses written in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        opened = requests.post(
            f"{url}/v1/staff/communities/{place.community}/votes",
            headers={"Authorization": f"Bearer {place.staff_token()}"},
            json={
                "title": "续聘物业服务企业",
                "matter": "property_manager",
                "closesAt": iso(now() + timedelta(hours=2)),
            },
            timeout=120,
        )
        assert opened.status_code == 201, opened.text
        vote = opened.json()
        print(
            f"open vote: {(time.perf_counter() - t0) * 1000:.0f} ms (denominators: {vote['totalUnits']} units, "
            f"{vote['totalArea']} m2, {vote['totalOwners']} persons)"
        )

        choices = ("agree", "agree", "against", "abstain")
        sent = {h: choices[i % 4] for i, h in enumerate(place.houses)}
        tokens = {h: place.owner_token(h) for h in place.houses if h in place.account_of_house}
        local = threading.local()

        def session() -> requests.Session:
            if not hasattr(local, "s"):
                local.s = requests.Session()
            return local.s  # type: ignore[no-any-return]

        staff = place.staff_token()
        s3 = cloud.client("s3")

        def cast(house: str) -> tuple[int, float]:
            """The owner's ballot online; an unsold unit's (the developer's) on paper, entered by staff with its
            scan (an upload slot from the API, the scan put into the bucket, the paper-ballot route)."""
            vote_id = vote["voteId"]
            started = time.perf_counter()
            if house in tokens:
                path = f"/v1/resident/communities/{place.community}/houses/{house}/votes/{vote_id}/ballot"
                r = session().post(
                    url + path, headers={"Authorization": f"Bearer {tokens[house]}"}, json={"choice": sent[house]},
                    timeout=120,
                )  # fmt: skip
                return r.status_code, (time.perf_counter() - started) * 1000
            votes = f"{url}/v1/staff/communities/{place.community}/votes/{vote_id}"
            auth = {"Authorization": f"Bearer {staff}"}
            slot = session().post(f"{votes}/scan-uploads", headers=auth, json={"contentType": "image/jpeg", "size": 9})
            s3.put_object(Bucket=os.environ["MEDIA_BUCKET"], Key=slot.json()["key"], Body=b"\xff\xd8paper")
            r = session().post(
                f"{votes}/paper-ballots", headers=auth, timeout=120,
                json={"houseId": house, "choice": sent[house], "scanKey": slot.json()["key"]},
            )  # fmt: skip
            return r.status_code + 1000, (time.perf_counter() - started) * 1000  # 1201: a paper ballot stored

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            results = list(pool.map(cast, place.houses))
        wall = time.perf_counter() - t0
        online = [ms for s, ms in results if s < 1000]
        paper = [ms for s, ms in results if s >= 1000]
        statuses = {s: sum(1 for x, _ in results if x == s) for s in {s for s, _ in results}}
        print(
            f"ballots: {len(results)} from {args.workers} threads in {wall:.1f} s ({len(results) / wall:.0f}/s); "
            f"statuses {statuses} (1201 = a paper ballot stored)"
        )
        for name, latencies in (("online ballot", online), ("paper ballot (upload slot + scan + entry)", paper)):
            print(
                f"  per {name}: n {len(latencies)}, p50 {percentile(latencies, 50):.0f} ms, "
                f"p95 {percentile(latencies, 95):.0f} ms, p99 {percentile(latencies, 99):.0f} ms, "
                f"max {max(latencies):.0f} ms"
            )
        with ThreadPoolExecutor(args.workers) as pool:
            again = [s for s, _ in pool.map(cast, place.houses[:500])]
        print(f"second ballots for 500 units: statuses {sorted(set(again))} (1409 = a second paper ballot refused)")

        service = wiring.vote_service()
        stored = service.store.ballots(place.community, vote["voteId"])
        record = service.get(place.community, vote["voteId"])
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            counted, _, digest = service.recount(record)
            times.append(time.perf_counter() - t0)
        expected_agree = sum((exact_area(_area_of(place, h)) for h in place.houses if sent[h] == "agree"), Fraction(0))
        print(
            f"stored ballots: {len(stored)}; recount of {counted.ballots} ballots: best {min(times) * 1000:.0f} ms, "
            f"median {statistics.median(times) * 1000:.0f} ms; digest {digest[:16]}..."
        )
        exact = counted.ballots == len(place.houses) and counted.agree_area == expected_agree
        print(
            f"tally exact: {exact} (agree area {counted.agree_area} = {float(counted.agree_area):.2f} m2, expected "
            f"{float(expected_agree):.2f} m2, ballots {counted.ballots} of {len(place.houses)} units, "
            f"voted owners {counted.voted_owners}, agree owners {counted.agree_owners}, passed {counted.passed})"
        )
        base.close()
    finally:
        cloud.stop()
    return 0


def recount_only(units: int) -> int:
    """The recount alone: `units` ballots (as a cast writes them, over the 8 shards) and the tally, timed 7 times,
    with the load average (the machine is shared: the figure moves with it)."""
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    from infra.localcloud.cloud import LocalCloud

    cloud = LocalCloud(Path(tempfile.mkdtemp(prefix="sc-bench-recount-")), broker=False).start()
    try:
        from chalicelib.kernel.clock import utcnow
        from chalicelib.votes import wiring
        from chalicelib.votes.model import Vote
        from chalicelib.votes.repository import BallotRecord, shard_pk

        at = utcnow()
        vote = Vote(
            "c-bench", "v-bench", "续聘物业服务企业", "", "property_manager", at, at + timedelta(hours=2), False,
            False, "mgr", at, Fraction(units * 90), units, units, "salt",
        )  # fmt: skip
        choices = ("agree", "agree", "against", "abstain")
        with BallotRecord.batch_write() as batch:
            for i in range(units):
                house = f"h{i:06d}"
                batch.save(
                    BallotRecord(
                        shard_pk(vote.community_id, vote.vote_id, house),
                        f"BALLOT#{house}",
                        area="90",
                        owner=f"p{i:06d}",
                        choice=choices[i % 4],
                        channel="online",
                        cast_by=f"acc{i:06d}",
                        cast_at=at,
                        delegate=False,
                        changes=0,
                    )
                )
        service = wiring.vote_service()
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            counted, _, digest = service.recount(vote)
            times.append(time.perf_counter() - t0)
        reads = []
        for _ in range(5):
            t0 = time.perf_counter()
            service.store.casts(vote.community_id, vote.vote_id, False)
            reads.append(time.perf_counter() - t0)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"of which reading the ballots (8 shard Queries): best {min(reads) * 1000:.0f} ms")
        print(
            f"recount of {counted.ballots} ballots: best {min(times) * 1000:.0f} ms, median "
            f"{statistics.median(times) * 1000:.0f} ms (load average {load}; {os.cpu_count()} cores); "
            f"digest {digest[:16]}..."
        )
    finally:
        cloud.stop()
    return 0


_AREAS: dict[str, str] = {}


def _area_of(place: Any, house: str) -> str:
    if not _AREAS:
        from chalicelib.registry import houses_of

        for h in houses_of(place.community):
            _AREAS[h.id] = str(h.attrs.get("areaSqm"))
    return _AREAS[house]


if __name__ == "__main__":
    raise SystemExit(main())
