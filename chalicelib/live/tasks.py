"""The live channel's entry points.

- `live_socket`: the WebSocket API's three routes. `$connect` carries `?community=<id>&token=<access token>` (a
  browser cannot set headers on a WebSocket) and is refused with 401/403 exactly when the API would refuse that
  token a read of the community's alarms; `$disconnect` forgets the connection; `$default` (anything the page
  sends) is ignored: the channel is one-way.
- `live_events`: LiveEventsQueue (what `kernel.live_feed.announce` sends), each event pushed to its community.
- `live_sweep`: every minute, ends connections whose token expired or whose session was cut off.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.live import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="live_socket")
def live_socket(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.errors import DomainError, Forbidden
    from chalicelib.kernel.observability import logger

    request = event.get("requestContext") or {}
    route, connection_id = request.get("routeKey"), str(request.get("connectionId") or "")
    if route == "$connect":
        query = event.get("queryStringParameters") or {}
        try:
            connection = wiring.live_service().connect(
                connection_id, str(query.get("token") or ""), str(query.get("community") or "")
            )
        except DomainError as exc:
            status = 403 if isinstance(exc, Forbidden) else 401
            logger.info("live connection refused", extra={"code": exc.code, "status": status})
            return {"statusCode": status, "body": json.dumps({"code": exc.code})}
        logger.info("live connection", extra={"community": connection.community_id})
        return {"statusCode": 200}
    if route == "$disconnect":
        wiring.live_service().disconnect(connection_id)
    return {"statusCode": 200}


@bp.lambda_function(name="live_events")
def live_events(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Partial-batch response: an event that could not be pushed (store or gateway outage) comes back."""
    from chalicelib.kernel.observability import logger

    failures = []
    known: dict[str, Any] = {}  # a community's connections, read once per batch (a burst of alarms is one batch)
    for record in event.get("Records", []):
        try:
            message = json.loads(record["body"])
        except (KeyError, ValueError):
            logger.warning("live event dropped: not JSON")
            continue
        try:
            wiring.live_service().push(message, known)
        except Exception:
            logger.exception("live event not pushed")
            failures.append({"itemIdentifier": record.get("messageId", "")})
    return {"batchItemFailures": failures}


@bp.schedule("rate(1 minute)", name="live_sweep", description="End live connections of expired or revoked sessions")
def live_sweep(event: Any) -> dict[str, int]:
    return {"ended": wiring.live_service().sweep()}
