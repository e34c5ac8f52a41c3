"""Cold start: median over 10 fresh processes of the time to import `app` (the Lambda init), beside the floor.

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 10

PROBE = """
import time
t = time.perf_counter()
{imports}
print(time.perf_counter() - t)
"""


def measure(imports: str, env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(imports=imports)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    return statistics.median(samples)


def measure_process(imports: str, env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", imports], cwd=ROOT, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


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
    floor = measure("import chalice, boto3", env)
    init = measure("import app", env)
    traced = measure("import app", {**env, "TRACING": "on"})
    deferred = measure(
        "import app\nt = time.perf_counter()\nfrom chalicelib.observability import tracer\ntracer()",
        {**env, "TRACING": "on"},
    )
    floor_proc = measure_process("import chalice, boto3", env)
    init_proc = measure_process("import app", env)
    print(f"cold start (median of {RUNS} fresh processes)")
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
