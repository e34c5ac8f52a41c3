"""The local cloud: moto (with ASL execution and in-process Lambda), Mosquitto with mTLS, provisioned from infra/.

    cloud = LocalCloud(workdir).start()   # sets the environment the app reads, then provisions
    import app                            # the app now talks to the local cloud exactly as to AWS
    ...
    cloud.stop()

Order matters: the environment (endpoint, table names, ARNs) must be set before the app builds clients.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any

from infra.localcloud.lambdas import FunctionRegistry, LambdaDispatchMiddleware, invoke_from_workflows
from infra.localcloud.template import ACCOUNT, LocalStackResources, Provisioner, load_template

STACK_NAME = "smartcommunity-local"
REGION = "cn-north-1"
BRIDGE_USER = "rules-bridge"
COMMANDER_USER = "cloud-commander"


def partition_of(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def base_environment(moto_port: int, region: str = REGION) -> dict[str, str]:
    return {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_SESSION_TOKEN": "local",
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "MOTO_PORT": str(moto_port),
        "STAGE": "local",
        "POWERTOOLS_METRICS_NAMESPACE": "SmartCommunity",
        "POWERTOOLS_SERVICE_NAME": "smartcommunity",
        "POWERTOOLS_DEV": "false",
    }


def _die_with_parent() -> None:
    """preexec_fn: the child gets SIGTERM if the app process dies without stopping it (Linux prctl)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class MotoServer:
    """moto's werkzeug app on loopback: in a process of its own (`separate=True`, what `make up` runs) with the
    Lambda proxy in front, or on a thread of this process with the in-process dispatcher in front (tests that
    reach into moto's backends)."""

    def __init__(self, registry: FunctionRegistry, port: int, separate: bool = False):
        self.registry = registry
        self.port = port
        self.separate = separate
        self._server: Any = None
        self._thread: Any = None
        self._process: Any = None
        self._runtime: Any = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> MotoServer:
        if self.separate:
            return self._start_process()
        import threading

        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        # -- visitor passes: conditional writes and transactions atomic under concurrency, as in AWS --
        from infra.localcloud.dynamodb_isolation import install
        from infra.localcloud.moto_process import moto_server

        install()
        # -- end --
        from infra.localcloud import moto_speed

        moto_speed.apply()
        from infra.localcloud.s3_post_policy import S3PostPolicyMiddleware

        backend = S3PostPolicyMiddleware(DomainDispatcherApplication(create_backend_app))  # S3's POST policy checks
        app = LambdaDispatchMiddleware(backend, self.registry)
        invoke_from_workflows(app.invoke)
        self._server = moto_server(self.port, app)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)
        self._thread.start()
        return self

    def _start_process(self) -> MotoServer:
        import subprocess
        import sys

        import requests

        root = Path(__file__).resolve().parents[2]
        self._process = subprocess.Popen(
            [sys.executable, "-m", "infra.localcloud.moto_process", "--port", str(self.port)],
            cwd=root,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the app process, which stops moto last
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"http://127.0.0.1:{self.port}/moto-api/", timeout=1)
                break
            except requests.RequestException:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto did not start") from None
                time.sleep(0.1)
        return self

    def attach_functions(self) -> None:
        """Separate process: serve the registered functions to moto's Lambda proxy from this process."""
        if not self.separate:
            return
        import requests

        from infra.localcloud.lambdas import RUNTIME_CONFIG_PATH, LambdaRuntime

        if self._runtime is None:
            self._runtime = LambdaRuntime(self.registry).start()
        config = {"url": self._runtime.url, "prefix": self.registry.prefix, "functions": sorted(self.registry.handlers)}
        requests.post(f"http://127.0.0.1:{self.port}{RUNTIME_CONFIG_PATH}", json=config, timeout=5).raise_for_status()

    def configure(self) -> None:
        import requests

        url = f"http://127.0.0.1:{self.port}/moto-api/config"
        response = requests.post(url, json={"stepfunctions": {"execute_state_machine": True}}, timeout=5)
        response.raise_for_status()

    def reset(self) -> None:
        import requests

        requests.post(f"http://127.0.0.1:{self.port}/moto-api/reset", timeout=10).raise_for_status()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._server = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except Exception:
                self._process.kill()
                self._process.wait(timeout=5)
            self._process = None
        if self._runtime is not None:
            self._runtime.stop()
            self._runtime = None


class LocalCloud:
    def __init__(
        self,
        workdir: Path,
        *,
        moto_port: int = 0,
        mqtt_port: int = 0,
        broker: bool = True,
        region: str = REGION,
        separate_moto: bool = False,
    ):
        self.workdir = Path(workdir)
        self.moto_port = moto_port or free_port()
        self.mqtt_port = mqtt_port
        self.region = region
        self.with_broker = broker
        partition = partition_of(region)
        self.registry = FunctionRegistry(prefix=STACK_NAME, region=region, account=ACCOUNT, partition=partition)
        self.moto = MotoServer(self.registry, self.moto_port, separate=separate_moto)
        self.resources = LocalStackResources(stack_name=STACK_NAME, region=region, partition=partition)
        self.environment: dict[str, str] = {}
        self.broker: Any = None
        self.ca: Any = None
        self.bridge: Any = None
        self.scheduler: Any = None

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> LocalCloud:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._export(base_environment(self.moto_port, self.region))
        self.moto.start()
        self.moto.configure()
        if self.with_broker:
            self._start_broker()
        self._load_app()
        self.moto.attach_functions()
        env = Provisioner(self.resources, self.client, self.registry.arns()).provision(
            load_template(), parameters={"Stage": "local"}
        )
        self._export(env)
        self._rebind_app()
        if self.with_broker:
            self.start_rules_bridge()
        return self

    def start_scheduler(self) -> Any:
        """Run the app's `@schedule` functions at their rate (make up does; tests call them directly)."""
        import app as application
        from infra.localcloud.scheduler import LocalScheduler

        self.scheduler = LocalScheduler(application.app, self.region, ACCOUNT).start()
        return self.scheduler

    def start_rules_bridge(self, mqtt: bool = True) -> Any:
        """The topic rules and queue mappings of infra/ (infra/localcloud/rules_bridge.py); mqtt needs the broker."""
        from infra.localcloud.rules_bridge import RulesBridge

        self.bridge = RulesBridge(self, load_template()).start(mqtt=mqtt)
        return self.bridge

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge = None
        if self.broker is not None:
            from infra.localcloud import iot_adapters

            try:
                iot_adapters.unplug()
            except Exception:  # the broker may already be gone; closing is best effort
                pass
        if self.broker is not None:
            self.broker.stop()
            self.broker = None
        self.moto.stop()

    def __enter__(self) -> LocalCloud:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- pieces ----------------------------------------------------------------------------------------
    def client(self, service: str) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            service,
            region_name=self.region,
            endpoint_url=f"http://127.0.0.1:{self.moto_port}",
            aws_access_key_id="local",
            aws_secret_access_key="local",
            # the rules bridge shares one client between all its rule workers and queue pollers
            config=Config(max_pool_connections=64),
        )

    def _export(self, env: dict[str, str]) -> None:
        self.environment.update(env)
        os.environ.update(env)

    def _load_app(self) -> None:
        import app as application

        # The wrapped handler Lambda runs (the module attribute its handler string names), middleware included.
        for fn in application.app.pure_lambda_functions:
            self.registry.register(fn.name, application.app.handler_map[fn.name])
        # Scheduled functions can be invoked by name too, as `aws lambda invoke` runs one in AWS (the local
        # scheduler runs them at their rate; an operator or a test runs one now).
        for source in application.app.event_sources:
            if getattr(source, "schedule_expression", None) and source.name in application.app.handler_map:
                self.registry.register(source.name, application.app.handler_map[source.name])

    def _rebind_app(self) -> None:
        from chalicelib.kernel import wiring
        from chalicelib.kernel.aws import reset_clients
        from chalicelib.kernel.dynamo import rebind
        from chalicelib.kernel.tables import TABLES

        models: list[Any] = []
        for table in TABLES:
            models.append(table)
            models.extend(_subclasses(table))
        rebind(models)
        reset_clients()
        wiring.reset()

    def _start_broker(self) -> None:
        from infra.localcloud.dynsec import ADMIN_USER
        from infra.localcloud.mosquitto import MosquittoBroker, find_mosquitto
        from infra.localcloud.pki import LocalCA

        if find_mosquitto() is None:
            raise RuntimeError(
                "mosquitto is not installed: run `make up` (it installs it) or apt-get install mosquitto"
            )
        self.ca = LocalCA(self.workdir / "pki").ensure()
        # The cloud's own identities; each device gets its role from the device policy when the API issues its
        # certificate (infra/localcloud/dynsec.py), and may do nothing else.
        privileged = {
            BRIDGE_USER: [("read", "sc/#"), ("read", "$aws/rules/#")],  # Basic Ingest: the rules engine's alone
            COMMANDER_USER: [("write", "sc/+/+/commands"), ("write", "$aws/things/+/shadow/#")],
        }
        # Device certificates are checked against the CA's revocation list; revoking one rewrites it and reloads.
        crl = self.ca.write_crl()
        self.broker = MosquittoBroker(
            self.workdir / "mosquitto", self.ca, port=self.mqtt_port, privileged=privileged, crl_path=crl
        ).start()
        commander_cert, commander_key = self.ca.issue_client(COMMANDER_USER)
        admin_cert, admin_key = self.ca.issue_client(ADMIN_USER)
        self._export(
            {
                "MQTT_HOST": "127.0.0.1",
                "MQTT_PORT": str(self.broker.port),
                "MQTT_CA": str(self.ca.ca_path),
                "MQTT_COMMANDER_CERT": str(commander_cert),
                "MQTT_COMMANDER_KEY": str(commander_key),
                "MQTT_ADMIN_CERT": str(admin_cert),
                "MQTT_ADMIN_KEY": str(admin_key),
                "MQTT_BROKER_PID": str(self.broker.pid),
                "MQTT_BROKER_LOG": str(self.broker.log_path),
            }
        )
        # Commands, shadows and device certificates go through the broker and the local CA.
        from infra.localcloud import iot_adapters

        iot_adapters.plug(self.ca.directory)

    def wait_for_execution(self, execution_arn: str, timeout: float = 30.0) -> dict[str, Any]:
        """Poll a workflow execution until it leaves RUNNING (moto runs executions on a worker thread)."""
        sfn = self.client("stepfunctions")
        deadline = time.monotonic() + timeout
        while True:
            described = sfn.describe_execution(executionArn=execution_arn)
            if described["status"] != "RUNNING" or time.monotonic() > deadline:
                return described
            time.sleep(0.1)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found
