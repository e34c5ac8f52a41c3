"""Parking bench: the plate decision's round trip and the fee rule's cost.

1. Plate event -> barrier command (000 6.1.1 j asks <= 1 s on average): the seeded demo car park's simulated entry and
   exit barriers (their own certificates, mTLS, Mosquitto) publish `plate_recognized` events at a steady rate (cars
   in, then the same cars out within their free minutes); each is timed from the publish to the moment the barrier
   receives its `open_gate` command (broker -> rules bridge -> `parking_plate_event` -> the decision -> the device
   command workflow -> broker -> barrier). Prints p50/p95/max and the load average.
2. The fee rule (`chalicelib/parking/tariff.py::fee_fen`) per stay, for stays of 2 hours to 30 days.

    python bench/parking.py                          # starts its own stack (`python -m infra.localcloud up`)
    python bench/parking.py --state .local/state.json --events 500 --rate 10
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import timeit
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import OwnStack, percentile  # noqa: E402


def fee_rule_figures() -> None:
    from chalicelib.parking.tariff import PER_PERIOD, Tariff, fee_fen

    per_unit = Tariff(free_minutes=15, day_rate_fen=300, night_rate_fen=100, daily_cap_fen=3000, stay_cap_fen=20000)
    per_period = Tariff(free_minutes=15, mode=PER_PERIOD, day_period_fen=500, night_period_fen=800)
    entered = datetime(2026, 12, 7, 9, 37, tzinfo=UTC)
    print("fee rule (fee_fen), microseconds per stay:")
    for name, tariff in (("per_unit", per_unit), ("per_period", per_period)):
        for label, length in (
            ("2 h", timedelta(hours=2)),
            ("1 day", timedelta(days=1)),
            ("7 days", timedelta(days=7)),
            ("30 days", timedelta(days=30)),
        ):
            left = entered + length
            runs = 20000
            seconds = min(timeit.repeat(lambda: fee_fen(tariff, entered, left), number=runs, repeat=3))  # noqa: B023
            print(f"  {name:<10} {label:<8} {seconds / runs * 1e6:7.2f} µs")


def plate_round_trips(state: dict[str, Any], events: int, rate: float) -> None:
    from bench.load import Api, staff_token
    from iot.simulator.run import Behaviour, SimulatedDevice

    seeded = state["demo"]["parking"]
    community, mqtt = seeded["communityId"], state["mqtt"]
    quiet = Behaviour(telemetry_every=3600, heartbeat_every=3600, fault_probability=0, alarm_probability=0)

    def barrier(device: dict[str, Any]) -> SimulatedDevice:
        return SimulatedDevice(
            device["deviceId"],
            community,
            "barrier_gate",
            device["cert"],
            device["key"],
            mqtt["ca"],
            mqtt["host"],
            int(mqtt["port"]),
            quiet,
        )

    rng = random.Random(int(time.time()))
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    cars = events // 2
    plates = [f"川{rng.choice(letters)}{rng.randrange(10**5):05d}" for _ in range(cars)]
    # each car in, and out 5 s later (well inside the free minutes): 2 events per car, `rate` events a second
    schedule = sorted(
        [(k * 2 / rate, plates[k], "in") for k in range(cars)]
        + [(k * 2 / rate + 5.1, plates[k], "out") for k in range(cars)]
    )
    sent: list[tuple[str, str, float, float]] = []  # (plate, direction, monotonic, wall clock) at publish
    with barrier(seeded["entry"]) as gate_in, barrier(seeded["exit"]) as gate_out:
        time.sleep(1.0)
        started = time.monotonic()
        for offset, plate, direction in schedule:
            time.sleep(max(0.0, started + offset - time.monotonic()))
            sim = gate_in if direction == "in" else gate_out
            sent.append((plate, direction, time.monotonic(), time.time()))
            sim.send_plate(plate, direction)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(gate_in.received) + len(gate_out.received) < len(schedule):
            time.sleep(0.2)
        opened: dict[tuple[str, str], tuple[float, str]] = {}
        for sim, direction in ((gate_in, "in"), (gate_out, "out")):
            for message, at in zip(sim.received, sim.received_at, strict=False):
                params = message.get("params") or {}
                if message.get("name") == "open_gate":
                    opened.setdefault((str(params.get("plate")), direction), (at, str(message.get("commandId"))))
    lags = [opened[(p, d)][0] - t for p, d, t, _ in sent if (p, d) in opened]
    missing = len(sent) - len(lags)
    print(f"plate event -> open_gate at the barrier: {len(sent)} events at {rate:g}/s, {missing} without a command")
    print(
        f"  p50 {percentile(lags, 50) * 1000:.0f} ms   p95 {percentile(lags, 95) * 1000:.0f} ms   "
        f"max {max(lags) * 1000 if lags else float('nan'):.0f} ms   mean {sum(lags) / max(1, len(lags)) * 1000:.0f} ms"
    )
    # over time: a stall (a periodic job, a collector pause) shows as one window's lags, a saturated stack as lags
    # that grow from window to window
    windows: dict[int, list[float]] = {}
    for p, d, t, _ in sent:
        if (p, d) in opened:
            windows.setdefault(int((t - sent[0][2]) // 5), []).append(opened[(p, d)][0] - t)
    print(
        "  by 5 s of publishing, p50/max ms: "
        + " ".join(f"{percentile(v, 50) * 1000:.0f}/{max(v) * 1000:.0f}" for _, v in sorted(windows.items()))
    )
    # where the time goes, from the command records (wall clock): publish -> command requested (the decision,
    # through the broker, the rules bridge and parking_plate_event) -> command sent (the command workflow's start
    # and its publish task) -> received by the barrier
    api = Api(f"{state['api']}/v1/staff/communities/{community}", staff_token(state, community))
    decided, dispatched = [], []
    for plate, direction, _mono, wall in sent[:: max(1, len(sent) // 100)]:
        if (plate, direction) not in opened:
            continue
        at, command_id = opened[(plate, direction)]
        status, command = api("GET", f"/commands/{command_id}")
        if status != 200:
            continue
        times = {
            h["status"]: datetime.fromisoformat(h["at"].replace("Z", "+00:00")).timestamp() for h in command["history"]
        }
        if "pending" in times and "sent" in times:
            decided.append(times["pending"] - wall)
            dispatched.append(times["sent"] - times["pending"])
    if decided:
        print(
            f"  stages (sample of {len(decided)}): publish -> command requested"
            f" p50 {percentile(decided, 50) * 1000:.0f} ms"
            f" p95 {percentile(decided, 95) * 1000:.0f} ms; requested -> stored as sent p50"
            f" {percentile(dispatched, 50) * 1000:.0f} ms p95 {percentile(dispatched, 95) * 1000:.0f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state", type=Path, help="state file of a running `make up` (default: start a stack)")
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--rate", type=float, default=10.0, help="plate events per second")
    parser.add_argument("--fee-only", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    fee_rule_figures()
    if args.fee_only:
        return 0
    own = None if args.state else OwnStack(ROOT)
    try:
        state = json.loads(args.state.read_text()) if args.state else own.start()  # type: ignore[union-attr]
        plate_round_trips(state, args.events, args.rate)
    finally:
        if own is not None:
            own.stop()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
