"""The cost of a community: what each kind of work consumes on the local cloud, scaled to a month, priced in yuan.

    python bench/cost_model.py [--hours 1] [--json build/cost.json]

Reference community: 1,000 households; 500 devices, spread evenly over the device catalogue's types
(iot/device_types), each sending telemetry at its type's `telemetry_seconds` (none on a timer for a type that reports
on change only) and a heartbeat after each `heartbeat_seconds` with nothing else sent; 2 alarms and 5 work orders a day,
300 bills a month, 200 visitor passes a day. A month is 30 days.

How it counts (bench/cost_meter.py): each kind of work runs through the real functions on the local cloud (moto in
this process, in-process Lambda, moto's Step Functions engine running the ASL), and the meter counts what really
happened: invocations and their measured durations, log bytes, DynamoDB units by table from item sizes, SQS and S3
requests, workflow transitions from each execution's history. Per-unit counts are scaled to the month.

- Device messages: one simulated hour of the whole fleet is ingested after a warm-up hour (so presence writes are
  the steady state's), with timestamps an hour apart from real time, in the batches the event source mappings form
  (telemetry and heartbeats: the 2 s batching window, at most 500; events one by one). The rule SQL from infra/ is
  evaluated per message. The broker and the rule's SQS action are not run here: IoT messages, rule evaluations and
  actions are counted from the messages, and SQS as the rule's SendMessage per message plus the mapping's
  ReceiveMessage and DeleteMessageBatch per ten.
- Alarms: an alarm event through ingestion, the alarm queue, the consumer, the workflow (acknowledged, then cleared
  by the guard), to the end of its execution. Work orders: reported, accepted, grabbed, started, after-photo uploaded
  (S3 presigned POST, the media function), resolved and rated, all through the API. Visitor passes: invited through
  the API and verified once at a gate. Bills: a billing run over a few houses, scaled to 300 bills (paying them is
  not driven yet: no WeChat Pay order, notification or payment workflow is counted).
- Scheduled functions run once each and are scaled by their schedule.
- Fixed monthly lines of the stack (CloudWatch alarms from the template, secrets, the KMS key, the ESM pollers' idle
  long polls) are printed apart: a stack serving several communities shares them.
Not counted: resident app browsing beyond these flows, bill payments, device events that raise no alarm (door,
plate, parcel: the catalogue gives no rates) and the on-change telemetry that follows them, data transfer out,
Secrets Manager and KMS API calls. An index write that changes the index key is counted as one unit (DynamoDB
charges two: a delete and a put); device presence is on no index, so this touches only low-rate business items.
Lambda durations are measured in-process on this machine and move with its load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import cost_drivers, pricing  # noqa: E402
from bench.cost_meter import Meter, install_stdout  # noqa: E402

REFERENCE = {
    "households": 1000,
    "devices": 500,
    "alarms_per_day": 2,
    "work_orders_per_day": 5,
    "bills_per_month": 300,
    "passes_per_day": 200,
}
DAYS = 30
MINUTES = DAYS * 24 * 60


def function_memory(stage: str = "prod") -> dict[str, int]:
    """Each function's memory as deployed (.chalice/config.json: stage override, else the app's default)."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    default = int(config.get("lambda_memory_size", 128))
    stage_cfg = config.get("stages", {}).get(stage, {})
    default = int(stage_cfg.get("lambda_memory_size", default))
    memory: dict[str, int] = {}
    for scope in (config, stage_cfg):
        for name, fn in scope.get("lambda_functions", {}).items():
            if "lambda_memory_size" in fn:
                memory[name] = int(fn["lambda_memory_size"])
    return {"*": default, **memory}


def fixed_month(meter: Meter) -> dict[tuple[str, str], float]:
    from infra.localcloud.template import load_template

    resources = load_template()["Resources"].values()
    kinds = [r.get("Type") for r in resources]
    mappings = kinds.count("AWS::Lambda::EventSourceMapping")
    return {
        ("cloudwatch_alarms", "template alarms"): kinds.count("AWS::CloudWatch::Alarm"),
        ("cloudwatch_dashboards", ""): kinds.count("AWS::CloudWatch::Dashboard"),
        ("secrets", ""): kinds.count("AWS::SecretsManager::Secret"),
        ("kms_keys", ""): kinds.count("AWS::KMS::Key"),
        # Lambda keeps five long polls (20 s) open per SQS mapping, idle or not.
        ("sqs_requests", "idle long polls of the mappings"): mappings * 5 * 3 * MINUTES,
        ("custom_metrics", "EMF metrics seen"): len(meter.metrics),
    }


def scaled(meter: Meter, factors: dict[str, float]) -> dict[tuple[str, str], float]:
    month: dict[tuple[str, str], float] = {}
    for kind, usage in meter.usage.items():
        for key, quantity in usage.items():
            month[key] = month.get(key, 0.0) + quantity * factors[kind]
    return month


def finish(month: dict[tuple[str, str], float], meter: Meter) -> dict[tuple[str, str], float]:
    """Storage and log retention at steady state, from a month's writes."""
    out = dict(month)
    logs = sum(q for (m, _), q in month.items() if m == "logs_ingested_gb")
    out[("logs_stored_gb_months", "180-day retention")] = logs * 6  # raw bytes (CloudWatch stores them compressed)
    s3 = out.pop(("s3_stored_bytes", ""), 0.0)
    out[("s3_storage_gb_months", "one year of uploads")] = s3 * 12 / pricing.GB
    for (m, table), quantity in list(out.items()):
        if m == "dynamodb_stored_bytes":
            del out[(m, table)]
            meter_name = (
                "dynamodb_ia_storage_gb_months" if table in cost_drivers.IA_TABLES else "dynamodb_storage_gb_months"
            )
            months = cost_drivers.RETENTION_MONTHS.get(table, 12)
            out[(meter_name, table)] = out.get((meter_name, table), 0.0) + quantity * months / pricing.GB
    return out


def report(lines: list[pricing.Line], fixed: list[pricing.Line], households: int) -> None:
    total = sum(line.yuan for line in lines)
    print(f"\nper month, usage-driven, by component (reference community, {households} households):")
    for component, amount in pricing.by_component(lines).items():
        print(f"  {component:<16}{pricing.yuan(amount):>12}{pricing.yuan(amount / households, 4):>12} /household")
    print(f"  {'total':<16}{pricing.yuan(total):>12}{pricing.yuan(total / households, 3):>12} /household")
    print("\nlargest lines:")
    for line in lines[:12]:
        print(
            f"  {pricing.yuan(line.yuan):>10}  {line.component:<15}{line.meter:<28}{line.detail:<34}"
            f"{line.quantity:>16,.1f}"
        )
    fixed_total = sum(line.yuan for line in fixed)
    print("\nper month, fixed for the stack (shared by every community it serves):")
    for line in fixed:
        print(f"  {pricing.yuan(line.yuan):>10}  {line.component:<15}{line.meter:<28}{line.detail}")
    print(f"  {pricing.yuan(fixed_total):>10}  total fixed ({pricing.yuan(fixed_total / households, 3)} /household)")
    per = total / households
    print(
        f"\n¥ per household per month: {pricing.yuan(per, 3)} usage-driven "
        f"(goal <= ¥0.30: {'met' if per <= 0.30 else 'MISSED'}); "
        f"{pricing.yuan((total + fixed_total) / households, 3)} with the stack's fixed lines on this one community"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours", type=float, default=1.0, help="simulated hours of device traffic measured")
    parser.add_argument("--json", type=Path, help="write the priced lines here")
    parser.add_argument(
        "--heartbeats",
        choices=("when-silent", "always"),
        default="when-silent",
        help="device heartbeats: after a silent period (the simulator's rule) or every period (before that rule)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "INFO")  # as deployed (the template's setting)

    meter = Meter()
    install_stdout(meter)  # before any logger exists: the function loggers write through it
    meter.install()
    from chalicelib.kernel import observability

    original = observability.middleware_for

    def middleware_for(name: str) -> list[Any]:
        return [meter.timed(name), *original(name)]

    observability.middleware_for = middleware_for  # type: ignore[assignment]
    memory = function_memory()
    from infra.localcloud.cloud import LocalCloud

    cloud = LocalCloud(Path(tempfile.mkdtemp(prefix="sc-cost-")), broker=False).start()
    started = time.monotonic()
    try:
        import app

        meter.memory = {name: memory.get(name, memory["*"]) for name in app.function_names()}
        drivers = cost_drivers.Drivers(cloud, meter, args.heartbeats)
        factors = drivers.run(REFERENCE, args.hours, DAYS)
    finally:
        cloud.stop()
    prices = pricing.load_prices()
    month = finish(scaled(meter, factors), meter)
    lines = pricing.price(month, prices)
    fixed = pricing.price(fixed_month(meter), prices)
    print(
        f"cost of a community: counted on the local cloud in {time.monotonic() - started:.0f} s; prices "
        f"{prices['currency']} read {prices['read_on']} (bench/prices_aws_cn.json, USD lines at "
        f"{prices['usd_to_cny']['rate']} CNY/USD)"
    )
    for kind, note in drivers.notes.items():
        print(f"  {kind}: {note}")
    report(lines, fixed, REFERENCE["households"])
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        rows = [line.__dict__ for line in lines + fixed]
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    return 0 if math.isfinite(sum(line.yuan for line in lines)) else 1


if __name__ == "__main__":
    sys.exit(main())
