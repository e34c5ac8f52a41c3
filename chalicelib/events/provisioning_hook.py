"""Fleet provisioning's pre-provisioning hook (AWS IoT calls it before it creates the thing and certificate).

The device presents its claim certificate and its serial number; only serials registered in the ledger on a device
that may hold credentials are allowed, and the thing is named after the ledger's unified id (parameter override),
so the device's policy variables and topics match the ledger. Request and answer format:
https://docs.aws.amazon.com/iot/latest/developerguide/pre-provisioning-hook.html
"""

from __future__ import annotations

from typing import Any

from chalicelib.events import FunctionBlueprint

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="fleet_preprovisioning_hook")
def fleet_preprovisioning_hook(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.domain.devices import SERIAL_PATTERN
    from chalicelib.domain.provisioning import preprovisioning_decision
    from chalicelib.observability import logger
    from chalicelib.store.devices import DynamoDeviceLedger

    parameters = event.get("parameters") or {}
    serial = parameters.get("SerialNumber")
    if not isinstance(serial, str) or not SERIAL_PATTERN.fullmatch(serial):
        logger.warning("fleet provisioning refused: no valid serial", extra={"clientId": event.get("clientId")})
        return {"allowProvisioning": False}
    answer = preprovisioning_decision(DynamoDeviceLedger().by_serial(serial), serial)
    logger.info(
        "fleet provisioning decision",
        extra={"serial": serial, "allowed": answer["allowProvisioning"], "certificateId": event.get("certificateId")},
    )
    return answer
