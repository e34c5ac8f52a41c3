"""The live channel of the duty-room console: WebSocket connections authenticated with the staff access token on
connect, one community per connection, and the alarm, device-presence and work-order changes pushed to the
connections of that community only.

- rules and use cases: `model.py` (who may connect, what a connection may receive, ports), `service.py`
  (`LiveService`: connect, disconnect, push, sweep)
- storage: `repository.py`; table: `live` (`kernel/tables.py: LiveConnectionTable`, TTL = the token's expiry)
- queue: LiveEventsQueue, filled by `chalicelib.kernel.live_feed.announce` (alarms, devices, work orders) and
  consumed by `tasks.live_events`; the WebSocket API's routes ($connect, $disconnect, $default) reach
  `tasks.live_socket`; `tasks.live_sweep` ends connections whose session was cut off or whose token expired
- adapters: `adapters.py` (the API Gateway Management API: post to a connection, delete it); wiring: `wiring.py`.
  Locally `infra/localcloud/live_socket.py` serves the WebSocket and answers the Management API's calls.
- Tests: `tests/live/`.
"""

from __future__ import annotations

__all__: list[str] = []
