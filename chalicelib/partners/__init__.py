"""Partners: the open data service for police stations, street offices and health commissions (000 5.5,
11.1-11.2, 6.1.4 b; 001 7.2.7, 7.3.8).

- rules and use cases: `model.py` (partners, keys, scopes, masking levels, allow-lists, quota windows, ports),
  `signing.py` (the HMAC request signature), `service.py` (onboard, rotate, cut off, authenticate, admit under
  quota and rate, record calls), `masking.py` (a record at a partner's levels), `feed.py` (change feeds: commit
  order, no gap, no repeat)
- storage: `repository.py` (partners, keys, nonces, counters, call records, usage), `repository_feed.py` (feeds);
  table: `partners` (`kernel/tables.py: PartnerTable`)
- HTTP: `routes_partner.py` (signed requests: people, houses, access records, alarms, change feeds),
  `routes_admin.py` (the operator: onboard, rotate, cut off, usage), `contracts.py`
- adapters: `adapters.py` (registry, entry log and alarms through their package faces; secrets sealed with the
  PII key); wiring: `wiring.py`; tasks: `tasks.py` (changes into the feeds). Tests: `tests/partners/`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["record_change"]


def record_change(
    community_id: str, resource: str, record_id: str, op: str, data: dict[str, Any], event_id: str | None = None
) -> int | None:
    """Append one change to a community's feed (`op` upsert | delete); a repeated `event_id` appends nothing."""
    from chalicelib.partners import wiring

    return wiring.change_feed().append(community_id, resource, record_id, op, data, event_id)
