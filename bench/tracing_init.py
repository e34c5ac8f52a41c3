"""Lambda init with and without tracing: median over 10 fresh processes of the time to import `app`, beside the
floor (`bench/cold_start.py` measures init plus the first invocation).

The floor is a fresh process importing only `chalice` and `boto3` (what any Chalice app on Lambda pays). Both run
with the Lambda-like environment of a deployed dev stage (tracing off); a third figure shows the prod setting
(TRACING=on; the X-Ray SDK is loaded and botocore patched by the first invocation, not by the init: the last
figure is that deferred cost, paid once per container by its first request). Targets: ratio <= 1.5, with tracing
on <= 1.3.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 10

PROBE = """
import time
t = time.perf_counter()
{imports}
print(time.perf_counter() - t)
"""


def probe(imports: str, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(imports=imports)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def whole_process(imports: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", imports], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def interleaved(probes: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Median per probe over RUNS rounds; each round runs every probe once, so a busy machine skews all alike."""
    samples: dict[str, list[float]] = {name: [] for name in probes}
    for _ in range(RUNS):
        for name, run in probes.items():
            samples[name].append(run())
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_", "TRACING"))},
        "AWS_REGION": "cn-north-1",
        "AWS_DEFAULT_REGION": "cn-north-1",
        "AWS_LAMBDA_FUNCTION_NAME": "smartcommunity-dev",
        "LAMBDA_TASK_ROOT": str(ROOT),  # Lambda always sets it; the X-Ray SDK and Powertools read it
        "STAGE": "dev",
        "TRACING": "off",
        "PYTHONDONTWRITEBYTECODE": "0",
    }
    # Warm the bytecode cache once so every figure measures imports, not compilation.
    subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env, check=True, capture_output=True)
    traced_env = {**env, "TRACING": "on"}
    m = interleaved(
        {
            "floor": lambda: probe("import chalice, boto3", env),
            "init": lambda: probe("import app", env),
            "traced": lambda: probe("import app", traced_env),
            "deferred": lambda: probe(
                "import app\nt = time.perf_counter()\nfrom chalicelib.kernel.observability import tracer\ntracer()",
                traced_env,
            ),
            "floor_proc": lambda: whole_process("import chalice, boto3", env),
            "init_proc": lambda: whole_process("import app", env),
        }
    )
    floor, init, traced, deferred = m["floor"], m["init"], m["traced"], m["deferred"]
    floor_proc, init_proc = m["floor_proc"], m["init_proc"]
    print(f"cold start (median of {RUNS} fresh processes each, interleaved)")
    print(
        f"  floor: import chalice, boto3          {floor * 1000:7.1f} ms   (whole process {floor_proc * 1000:.1f} ms)"
    )
    print(f"  app:   import app (tracing off)       {init * 1000:7.1f} ms   (whole process {init_proc * 1000:.1f} ms)")
    print(f"  app:   import app (TRACING=on, prod)  {traced * 1000:7.1f} ms")
    print(
        f"  ratio app/floor                       {init / floor:7.2f}   (target <= 1.5; whole process "
        f"{init_proc / floor_proc:.2f})"
    )
    print(f"  ratio with tracing on                 {traced / floor:7.2f}   (target <= 1.3)")
    print(f"  first invocation with tracing on: Tracer + botocore patch {deferred * 1000:.1f} ms (deferred from init)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
