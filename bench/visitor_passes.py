"""Visitor-pass benchmark: token size and QR version, offline verification speed, online verification latency.

    python bench/visitor_passes.py [--offline 10000] [--online 300]

1. Token size in bytes (binary and base64url text) and the QR version segno picks, with 0, 1 and 8 allowed gates.
2. Offline verification as a gate does it (`PassVerifier.check`: decode, key lookup, Ed25519 verify, window, gate):
   median over 10,000, beside one raw Ed25519 signature verification (the floor) measured the same way.
   Target: <= 0.2 ms on this machine.
3. Online verification against the local cloud (moto server over HTTP, started here): p50 / p99 of
   `VisitorPassService.verify` (ledger read, pass read, one TransactWrite taking the entry and writing the record and
   counters), and of the whole gate route through the Chalice test client (token check, JSON, the same).
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def token_sizes() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from chalicelib.visitors import passes

    key = Ed25519PrivateKey.generate()
    now = int(time.time())
    print("token size and QR version (byte mode, lowest version, error correction boosted where free):")
    for n in (0, 1, 8):
        claims = passes.PassClaims(
            "vp" + "ab" * 8, "110105001001", now, now + 3600, 1, tuple(f"g{i}" for i in range(n))
        )
        token = passes.sign(claims, key, "0a1b2c3d")
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        _, version, level = passes.qr_png(token)
        print(f"  {n} gates: {len(raw)} bytes binary, {len(token)} characters text -> QR version {version}-{level}")


def offline(count: int) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from chalicelib.visitors import passes

    key = Ed25519PrivateKey.generate()
    now = int(time.time())
    token = passes.sign(
        passes.PassClaims("vp" + "ab" * 8, "110105001001", now - 60, now + 3600, 1, ("gate-1",)), key, "0a1b2c3d"
    )
    verifier = passes.PassVerifier("110105001001", {"0a1b2c3d": passes.public_key_b64(key)})
    parsed = passes.parse(token)
    public = key.public_key()

    def measure(fn: object) -> list[float]:
        samples = []
        for _ in range(count):
            t0 = time.perf_counter_ns()
            fn()  # type: ignore[operator]
            samples.append((time.perf_counter_ns() - t0) / 1e6)
        return samples

    assert verifier.check(token, "gate-1", time.time()).ok
    full = measure(lambda: verifier.check(token, "gate-1", time.time()))
    raw = measure(lambda: public.verify(parsed.signature, parsed.signed))
    med_full, med_raw = statistics.median(full), statistics.median(raw)
    print(f"offline verification over {count:,} (ms): median {med_full:.4f}, p99 {percentile(full, 99):.4f}")
    print(f"raw Ed25519 verify over {count:,} (ms):    median {med_raw:.4f}, p99 {percentile(raw, 99):.4f}")
    print(f"  parsing + checks add {med_full - med_raw:.4f} ms (target: total <= 0.2 ms)")


def online(count: int) -> None:
    import contextlib
    import io
    import os

    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    from infra.localcloud.cloud import LocalCloud

    cloud = LocalCloud(Path(tempfile.mkdtemp(prefix="sc-bench-")), broker=False).start()
    try:
        from chalice.test import Client

        import app
        from chalicelib.visitors import wiring
        from tests.support.visitors import add_gate, gate_token, new_place, now

        place = new_place()
        gate = add_gate(place.community)
        service = wiring.visitor_service()
        from chalicelib.visitors.model import VisitorPolicy
        from chalicelib.visitors.repository import DynamoPolicyStore

        DynamoPolicyStore().put(VisitorPolicy(place.community, max_entries=255))

        def new_pass() -> str:
            start = now()
            from datetime import timedelta

            return str(
                service.invite(
                    place.resident,
                    place.community,
                    place.house,
                    name="Bench",
                    phone="13912345678",
                    reason="bench",
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    entries=255,
                ).token
            )

        tokens = [new_pass() for _ in range(count // 250 + 2)]
        domain_ms: list[float] = []
        for i in range(count):
            t0 = time.perf_counter()
            decision = service.verify(place.community, gate.device_id, tokens[i // 250])
            domain_ms.append((time.perf_counter() - t0) * 1000)
            assert decision.admitted, decision
        with Client(app.app) as client, contextlib.redirect_stdout(io.StringIO()):
            session = gate_token(client, place.community, gate)
            headers = {"Authorization": f"Bearer {session}", "Content-Type": "application/json"}
            route_ms: list[float] = []
            tokens = [new_pass() for _ in range(count // 250 + 2)]
            for i in range(count):
                body = json.dumps({"token": tokens[i // 250]})
                t0 = time.perf_counter()
                response = client.http.post(
                    f"/v1/gate/communities/{place.community}/verify", headers=headers, body=body
                )
                route_ms.append((time.perf_counter() - t0) * 1000)
                assert json.loads(response.body)["admitted"], response.body
        print(f"online verification against the local cloud, {count} scans (ms):")
        floor_ms: list[float] = []
        pass_id = service.get(place.community, service.verify(place.community, gate.device_id, tokens[0]).pass_id)
        for _ in range(100):
            t0 = time.perf_counter()
            service.repo.get(place.community, pass_id.pass_id)
            floor_ms.append((time.perf_counter() - t0) * 1000)
        for label, values in (
            ("service (domain -> DynamoDB on moto)", domain_ms),
            ("gate route (HTTP handler + service) ", route_ms),
            ("one GetItem on moto, for scale      ", floor_ms),
        ):
            print(f"  {label}: p50 {percentile(values, 50):.1f}, p99 {percentile(values, 99):.1f}")
        print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    finally:
        cloud.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offline", type=int, default=10_000)
    parser.add_argument("--online", type=int, default=300)
    args = parser.parse_args(argv)
    token_sizes()
    offline(args.offline)
    if args.online:
        online(args.online)
    return 0


if __name__ == "__main__":
    sys.exit(main())
