"""`python -m infra.localcloud up`: the whole system on one machine (what `make up` runs).

Starts the local cloud (moto + Mosquitto + rules bridge), seeds the demo community, serves the API with Chalice's
local server at http://127.0.0.1:PORT, writes .local/state.json (ports, demo logins, device certificates) and prints
the URLs. Ctrl-C (or SIGTERM) stops everything cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def serve_api(app_obj: Any, port: int, console: Any = None) -> Any:
    """Chalice's own local server (what `chalice local` runs), in a thread of this process: a thread per connection,
    and a listen queue that takes a burst of concurrent clients (`infra/localcloud/servers.py`).

    API Gateway's own errors (unknown route: 403 "Missing Authentication Token") get the app's error body, as the
    GatewayResponses in infra/resources.yaml give them in AWS.
    """
    from chalice.config import Config
    from chalice.local import ChaliceRequestHandler, LocalDevServer, LocalGatewayException, ThreadedHTTPServer

    from infra.localcloud.servers import LISTEN_BACKLOG

    class ApiServer(ThreadedHTTPServer):
        """Chalice's threaded server with a listen queue deep enough for a burst of clients (servers.py)."""

        request_queue_size = LISTEN_BACKLOG

    class GatewayErrorsAsAppErrors(ChaliceRequestHandler):
        """Also: one console line per request (method, path, status, latency) instead of the access log."""

        def setup(self) -> None:
            super().setup()
            # headers and body go out in separate writes: no Nagle delay on keep-alive connections
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def parse_request(self) -> bool:
            self._started = time.perf_counter()
            return bool(super().parse_request())

        def log_request(self, code: Any = "-", size: Any = "-") -> None:
            if console is None:
                super().log_request(code, size)
                return
            started = getattr(self, "_started", time.perf_counter())
            status = int(code) if str(code).isdigit() else 0
            console.request(self.command or "-", self.path, status, (time.perf_counter() - started) * 1000)

        def _send_error_response(self, error: LocalGatewayException) -> None:
            try:
                message = json.loads(error.body or b"{}").get("message", "request refused by the gateway")
            except ValueError:
                message = "request refused by the gateway"
            code = "MISSING_AUTHENTICATION_TOKEN" if error.CODE == 403 else f"GATEWAY_{error.CODE}"
            body = {
                "error": {
                    "code": code,
                    "message": message,
                    "requestId": str(error.headers.get("x-amzn-RequestId", "")),
                    "details": [],
                }
            }
            self._send_http_response(error.CODE, {"Content-Type": "application/json"}, json.dumps(body))

    from chalice.local import CustomLocalChalice, LocalChalice

    config = Config.create(chalice_stage="local", app_name="smartcommunity", project_dir=str(ROOT), chalice_app=app_obj)
    if not isinstance(app_obj, LocalChalice):  # what chalice.local.create_local_server does
        CustomLocalChalice.__bases__ = (LocalChalice, app_obj.__class__)
        app_obj.__class__ = CustomLocalChalice
    server = LocalDevServer(
        app_obj, config, "127.0.0.1", port, handler_cls=GatewayErrorsAsAppErrors, server_cls=ApiServer
    )
    thread = threading.Thread(target=server.serve_forever, name="api", daemon=True)
    thread.start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.localcloud", description=__doc__)
    parser.add_argument("command", choices=["up"])
    parser.add_argument("--port", type=int, default=8000, help="API port")
    parser.add_argument("--moto-port", type=int, default=0, help="local AWS endpoint port (0 = free port)")
    parser.add_argument("--mqtt-port", type=int, default=0, help="Mosquitto TLS port (0 = free port)")
    parser.add_argument("--console-port", type=int, default=0, help="the duty-room console's port (0 = free port)")
    parser.add_argument("--workdir", default=str(ROOT / ".local"))
    parser.add_argument("--no-seed", action="store_true", help="start empty")
    parser.add_argument(
        "--moto-in-process", action="store_true", help="run moto on a thread of this process (default: its own process)"
    )
    args = parser.parse_args(argv)

    from infra.localcloud.cloud import LocalCloud
    from infra.localcloud.console import Console, device_counts_every, install

    # From the first line on (seeding included): one readable line per log record, no EMF metric document.
    console = Console()
    install(console)
    workdir = Path(args.workdir)
    cloud = LocalCloud(
        workdir / "cloud",
        moto_port=args.moto_port,
        mqtt_port=args.mqtt_port,
        separate_moto=not args.moto_in_process,
    ).start()
    stopped = threading.Event()
    server = None
    wechatpay = None  # payments
    live = web = None  # the duty-room console and its live channel
    # Notification providers: local WeChat / SMS / push servers that check signatures and keep what
    # they received (GET <url>/_received lists it); the app's channels point at them.
    from infra.localcloud.notify_providers import LocalProviders

    providers = LocalProviders().start()
    cloud._export(providers.environment())
    try:
        import app
        from chalicelib.kernel import wiring

        wiring.reset()

        demo: dict[str, Any] = {}
        if not args.no_seed:
            from infra.localcloud.seed import seed_demo

            demo = seed_demo(workdir)
        # payments: the local WeChat Pay server, its merchant secret, demo fee items and bills
        from infra.localcloud.seed_payments import seed_payments, start_local_wechatpay

        wechatpay = start_local_wechatpay(cloud, args.port)
        if not args.no_seed:
            demo["payments"] = seed_payments(demo["registry"]["community_ids"][0])
            demo.setdefault("logins", {})["payments"] = (
                f"the bound resident pays a bill; local WeChat Pay at {wechatpay.base_url} pays it after 3 s; "
                "a refund one manager requests and the second manager approves completes 3 s later "
                f"(POST {wechatpay.base_url}/local/refunds/fail-next fails the next one)"
            )
        # partners: a partner's receiving server (GA/T 1400 SubscribeNotifications); the demo partner subscribes
        # to the demo community's people feed, posted every minute by partner_push
        from infra.localcloud.viid_receiver import ViidReceiver

        viid = ViidReceiver().start()
        if not args.no_seed:
            from infra.localcloud.seed_partners import seed_subscription

            demo.setdefault("logins", {})["partner push"] = seed_subscription(
                demo["registry"]["community_ids"][0], viid.base_url
            )
        cloud.start_scheduler()
        install(console)  # again: the app's loggers exist now
        server = serve_api(app.app, args.port, console)
        # The console's live channel (a local WebSocket API and its management endpoint) and the console itself.
        from infra.localcloud.live_socket import LiveSocketServer
        from infra.localcloud.web_console import WebConsole

        live = LiveSocketServer(cloud.registry.invoke).start()
        cloud._export({"LIVE_CALLBACK_URL": live.callback_url})
        web = WebConsole(args.port, live.url, port=args.console_port).start()
        state = {
            "api": f"http://127.0.0.1:{args.port}",
            "aws_endpoint": cloud.environment["AWS_ENDPOINT_URL"],
            "region": cloud.region,
            "mqtt": {
                "host": "127.0.0.1",
                "port": cloud.broker.port if cloud.broker else None,
                "ca": cloud.environment.get("MQTT_CA"),
            },
            "environment": {k: v for k, v in cloud.environment.items() if not k.startswith("AWS_SE")},
            "wechatpay": wechatpay.base_url,  # payments
            "viid_receiver": viid.base_url,  # partners: what a subscribed partner received (GET /_received)
            "console": web.base_url,
            "live": {"url": live.url, "callback": live.callback_url, "built": web.built},
            "demo": demo,
            "notify": {
                "wechat": providers.wechat.base_url,
                "sms": providers.sms.base_url,
                "push": providers.push.base_url,
            },
        }
        state_path = workdir / "state.json"
        state_path.write_text(json.dumps(state, indent=2, ensure_ascii=False))
        console.stream.write(banner(state, state_path, console) + "\n")  # as it is, without a time stamp
        console.stream.flush()
        if cloud.bridge is not None:
            period = float(os.environ.get("LOCALCLOUD_DEVICE_COUNTS_SECONDS", "60"))
            device_counts_every(console, cloud.bridge.take_counts, stopped, period)

        def stop(signum: int, _frame: Any) -> None:
            stopped.set()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        stopped.wait()
        sys.stdout = sys.__stdout__
        print("\nstopping...", flush=True)
    finally:
        if server is not None:
            server.shutdown()
        if web is not None:
            web.stop()
        if live is not None:
            live.stop()
        if wechatpay is not None:  # payments
            wechatpay.stop()
        cloud.stop()
        providers.stop()
    print("stopped", flush=True)
    return 0


def banner(state: dict[str, Any], state_path: Path, console: Any = None) -> str:
    title = "Smart community backend is up"
    if console is not None:
        from infra.localcloud.console import BOLD, GREEN

        title = console.paint(title, BOLD + GREEN)
    width = 26
    lines = [
        "",
        title,
        f"  {'API':<{width}} {state['api']}   (health: {state['api']}/v1/health)",
    ]
    if state.get("console"):
        lines.append(
            f"  {'Duty-room console':<{width}} {state['console']}   (live: {state['live']['url']})"
            + ("" if state["live"]["built"] else "   not built: run `make console`")
        )
    lines += [
        f"  {'AWS (moto)':<{width}} {state['aws_endpoint']}   region {state['region']}",
        f"  {'MQTT (mTLS)':<{width}} mqtts://127.0.0.1:{state['mqtt']['port']}   CA {state['mqtt']['ca']}",
        f"  {'Contract':<{width}} {ROOT / 'mobile_contracts' / 'openapi.yaml'}",
        f"  {'State file':<{width}} {state_path}",
        f"  {'Notifications (local)':<{width}} push {state['notify']['push']}/_received   "
        f"sms {state['notify']['sms']}/_received",
        f"  {'':<{width}} wechat {state['notify']['wechat']}/_received   (refused, 47003: /_refused)",
    ]
    logins = state.get("demo", {}).get("logins", {})
    if logins:
        lines += ["", "  Demo logins: each community has its own staff; (*) = every community (the platform admin)"]
    for title, value in logins.items():
        lines.append(f"  {title:<{width}} {value}")
    lines += ["", "Ctrl-C stops everything.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
