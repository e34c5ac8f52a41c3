"""The first platform admin of a deployed stack (a deployed stack has no demo seed, and only an admin creates admins).

    make admin STAGE=prod REGION=cn-north-1 USERNAME=ops.zhang NAME="Zhang Wei"
    # = python -m infra.admin --stage prod --region cn-north-1 --username ops.zhang --name "Zhang Wei"

With the operator's AWS credentials (boto3's usual chain): finds the stack of the stage (infra/stages.yaml), reads the
API function's environment (the tables, the PII key and blind-index secret it uses: exactly what the deployed code
sees), asks for a password twice (or reads one line from stdin with `--password-stdin`) and creates, through the
identity capability's own service, a staff account with the role `platform.admin` in every community (`*`). The
password must follow the staff password policy, and must be changed at the first sign-in. The creation is audited
(operation `staff.bootstrap_admin`, operator `infra.admin`). Refused when the username exists.

Needs: cloudformation:DescribeStackResource, lambda:GetFunctionConfiguration, and what the API function itself may
do on the identity and audit tables, the PII key (kms:GenerateDataKey) and the blind-index secret.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from infra.deploy import stage_settings

PLATFORM_ADMIN = frozenset({"platform.admin"})
EVERY_COMMUNITY = frozenset({"*"})


class AdminExists(Exception):
    pass


def stack_environment(cfn: Any, lam: Any, stack: str) -> dict[str, str]:
    """The environment of the stack's API function: the names of everything the identity service touches."""
    function = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="APIHandler")["StackResourceDetail"][
        "PhysicalResourceId"
    ]
    variables: dict[str, str] = lam.get_function_configuration(FunctionName=function)["Environment"]["Variables"]
    return variables


def create_platform_admin(service: Any, *, username: str, name: str, password: str) -> Any:
    """A `platform.admin` account in every community, created by the identity service (its rules: username, password
    policy, sealed personal data), who must change the password at the first sign-in."""
    from chalicelib import audit

    if service.staff.by_username(username.strip().lower()) is not None:
        raise AdminExists(f"username {username!r} exists: nothing created")
    account = service.create_staff(
        username=username,
        name=name,
        password=password,
        roles=PLATFORM_ADMIN,
        communities=EVERY_COMMUNITY,
        phone=None,
        valid_from=None,
        valid_until=None,
        idle_timeout_minutes=30,
        max_failed_logins=5,
        created_by="infra.admin",
    )
    audit.record(
        actor=None,
        operation="staff.bootstrap_admin",
        target_type="account",
        target_id=account.account_id,
        community_id=None,
        operator="infra.admin",
        detail={"username": account.username, "roles": sorted(PLATFORM_ADMIN)},
        strict=True,
    )
    return account


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password for the new platform admin: ")
    if getpass.getpass("again: ") != first:
        raise SystemExit("the two passwords differ: nothing created")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True, choices=["dev", "staging", "prod"])
    parser.add_argument("--region", help="default: the stage's region in infra/stages.yaml")
    parser.add_argument("--username", required=True, help="3-32 characters of a-z, 0-9, '.', '_' or '-'")
    parser.add_argument("--name", required=True, help="the person's name, as staff lists show it")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)

    import boto3

    settings = stage_settings(args.stage)
    region = args.region or settings["region"]
    session = boto3.session.Session(region_name=region)
    env = stack_environment(session.client("cloudformation"), session.client("lambda"), settings["stack_name"])
    os.environ.update({k: v for k, v in env.items() if not k.startswith("AWS_")})
    os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = region
    os.environ.pop("AWS_LAMBDA_FUNCTION_NAME", None)  # an operator's machine, not a deployed function

    from chalicelib.identity import identity_service
    from chalicelib.kernel.errors import DomainError

    try:
        account = create_platform_admin(
            identity_service(), username=args.username, name=args.name, password=_password(args.password_stdin)
        )
    except (AdminExists, DomainError) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    print(
        f"{settings['stack_name']}: platform admin {account.username} ({account.account_id}) created; sign in at "
        "POST /v1/public/staff/login and change the password (it must be changed at the first sign-in)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
