"""Device presence in the devices table: state items, the communities to sweep, the ingestion's device look-up.

State item: pk `PRES#C#{c}`, sk `STATE#{d}`: one partition per community holding the presence of all its devices,
apart from the ledger items (`C#{c}#DEV#{d}` / `DEVICE`), so the ingestion functions' grant (`dynamodb:LeadingKeys`
`PRES#C#*`) reaches presence and never the ledger the fleet-provisioning hook trusts; one BatchGetItem still reads
both. The item is on no index: a last-seen write is one write unit (an item under 1 KB), where a state item on
two GSIs, one of them keyed on last-seen, cost four (the table, the listing index's copy, and a delete plus a put on
the re-keyed index). The sweep reads the community's partition with one Query (about 150 bytes a device, so 500
devices are ~19 eventually consistent read units a minute; reads cost a fifth of writes) and keeps the online
devices silent past the cutoff (a filter on the server).
Communities with devices: pk `PRESENCE#COMMUNITIES`, sk `{c}` (written at a device's first contact).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import UpdateError

from chalicelib.devices.presence import OnlineDevice
from chalicelib.devices.series import DeviceFacts, DeviceView, Presence, SeriesEntry, StateEntry
from chalicelib.kernel import config
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import DeviceTable

COMMUNITIES_PK = "PRESENCE#COMMUNITIES"
CACHE_SECONDS = 60.0  # < the shortest offline window (180 s): a cached "online" can never hide a sweep
MISS_CACHE_SECONDS = 10.0  # unknown devices: short, so that a newly registered device is soon accepted
_DATETIME = UTCDateTimeAttribute()
_PROJECTED = ("pk", "sk", "community_id", "device_id", "device_type", "status", "online", "last_seen", "offline_since")


def device_pk(community_id: str, device_id: str) -> str:
    return f"C#{community_id}#DEV#{device_id}"


def presence_pk(community_id: str) -> str:
    """The community's presence partition (never the ledger's: see the module docstring)."""
    return f"PRES#C#{community_id}"


def state_key(community_id: str, device_id: str) -> tuple[str, str]:
    """(pk, sk) of a device's presence item."""
    return presence_pk(community_id), f"STATE#{device_id}"


class DeviceStateRecord(DeviceTable):
    """Presence of one device (written sparsely by ingestion, and by the presence sweep)."""

    device_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    device_type = UnicodeAttribute()
    online = BooleanAttribute(default=False)
    last_seen = UTCDateTimeAttribute(null=True)
    offline_since = UTCDateTimeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)


class PresenceCommunityRecord(DeviceTable):
    community_id = UnicodeAttribute()


def state_item(state: StateEntry, now: datetime) -> dict[str, Any]:
    """The low-level item of a state write (built by hand: it goes into BatchWriteItem with the time series)."""
    p = state.presence
    pk, sk = state_key(state.community_id, state.device_id)
    item: dict[str, Any] = {
        "pk": {"S": pk},
        "sk": {"S": sk},
        "device_id": {"S": state.device_id},
        "community_id": {"S": state.community_id},
        "device_type": {"S": state.device_type},
        "online": {"BOOL": p.online},
        "updated_at": {"S": _DATETIME.serialize(now)},
    }
    if p.last_seen is not None:
        item["last_seen"] = {"S": _DATETIME.serialize(p.last_seen)}
    if p.offline_since is not None:
        item["offline_since"] = {"S": _DATETIME.serialize(p.offline_since)}
    return item


def community_item(community_id: str) -> dict[str, Any]:
    return {"pk": {"S": COMMUNITIES_PK}, "sk": {"S": community_id}, "community_id": {"S": community_id}}


class DynamoDeviceDirectory:
    """Ledger facts + presence per device for ingestion, cached per container and fetched with BatchGetItem."""

    def __init__(self, cache_seconds: float = CACHE_SECONDS, miss_seconds: float = MISS_CACHE_SECONDS):
        self.cache_seconds = cache_seconds
        self.miss_seconds = miss_seconds
        self._cache: dict[tuple[str, str], tuple[float, DeviceView | None]] = {}
        self.read_requests = 0

    def lookup(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], DeviceView]:
        now = time.monotonic()
        found: dict[tuple[str, str], DeviceView] = {}
        missing: list[tuple[str, str]] = []
        for key in keys:
            cached = self._cache.get(key)
            if cached is not None and cached[0] > now:
                if cached[1] is not None:
                    found[key] = cached[1]
            else:
                missing.append(key)
        if missing:
            fetched = self._fetch(missing)
            for key in missing:
                view = fetched.get(key)
                self._cache[key] = (now + (self.cache_seconds if view else self.miss_seconds), view)
                if view is not None:
                    found[key] = view
        return found

    def remember(self, community_id: str, device_id: str, presence: Presence) -> None:
        key = (community_id, device_id)
        cached = self._cache.get(key)
        if cached is not None and cached[1] is not None:
            self._cache[key] = (cached[0], DeviceView(cached[1].facts, presence))

    def forget(self) -> None:
        self._cache.clear()

    def _fetch(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], DeviceView]:
        chunks = [keys[i : i + 50] for i in range(0, len(keys), 50)]  # 2 items per device, 100 keys per request
        results: dict[tuple[str, str], DeviceView] = {}
        if len(chunks) == 1:
            results.update(self._fetch_chunk(chunks[0]))
        else:
            with ThreadPoolExecutor(max_workers=min(8, len(chunks))) as pool:
                for part in pool.map(self._fetch_chunk, chunks):
                    results.update(part)
        return results

    def _fetch_chunk(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], DeviceView]:
        from chalicelib.kernel.aws import client

        table = config.table_name("devices")
        wanted = [
            key
            for c, d in keys
            for key in (
                {"pk": {"S": device_pk(c, d)}, "sk": {"S": "DEVICE"}},
                {"pk": {"S": state_key(c, d)[0]}, "sk": {"S": state_key(c, d)[1]}},
            )
        ]
        request: dict[str, Any] = {
            table: {
                "Keys": wanted,
                # Every name through a placeholder: DynamoDB reserves many plain words (status, online, ...).
                "ProjectionExpression": ", ".join(f"#{i}" for i in range(len(_PROJECTED))),
                "ExpressionAttributeNames": {f"#{i}": name for i, name in enumerate(_PROJECTED)},
            }
        }
        items: list[dict[str, Any]] = []
        for attempt in range(5):
            response = client("dynamodb").batch_get_item(RequestItems=request)
            self.read_requests += 1
            items.extend(response.get("Responses", {}).get(table, []))
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(0.05 * 2**attempt)
        else:
            raise RuntimeError("device look-up throttled")  # the whole batch is retried
        ledger: dict[str, dict[str, Any]] = {}
        states: dict[tuple[str, str], dict[str, Any]] = {}
        for item in items:
            if item["sk"]["S"] == "DEVICE":
                ledger[item["pk"]["S"]] = item
            else:
                states[(item["pk"]["S"], item["sk"]["S"])] = item
        out: dict[tuple[str, str], DeviceView] = {}
        for c, d in keys:
            record = ledger.get(device_pk(c, d))
            if record is None:
                continue
            facts = DeviceFacts(
                community_id=record["community_id"]["S"],
                device_id=d,
                device_type=record["device_type"]["S"],
                status=record.get("status", {}).get("S", "registered"),
            )
            state = states.get(state_key(c, d))
            presence = None
            if state is not None:
                presence = Presence(
                    online=bool(state.get("online", {}).get("BOOL", False)),
                    last_seen=_DATETIME.deserialize(state["last_seen"]["S"]) if "last_seen" in state else None,
                    offline_since=(
                        _DATETIME.deserialize(state["offline_since"]["S"]) if "offline_since" in state else None
                    ),
                )
            out[(c, d)] = DeviceView(facts, presence)
        return out


class DynamoPresenceStore:
    def __init__(self, series: Any):
        self.series = series  # a DynamoIngestionStore, for the offline event records

    def communities(self) -> list[str]:
        return [r.sk for r in PresenceCommunityRecord.query(COMMUNITIES_PK)]

    def online_silent_since(self, community_id: str, cutoff: datetime) -> list[OnlineDevice]:
        query = DeviceStateRecord.query(
            presence_pk(community_id),
            DeviceStateRecord.sk.startswith("STATE#"),
            filter_condition=(DeviceStateRecord.online == True)  # noqa: E712 (a PynamoDB condition, not a test)
            & (DeviceStateRecord.last_seen < cutoff),
        )
        return [
            OnlineDevice(r.community_id, r.device_id, r.device_type, r.last_seen)
            for r in query
            if r.online and r.last_seen is not None and r.last_seen < cutoff
        ]

    def mark_offline(self, device: OnlineDevice, at: datetime) -> bool:
        record = DeviceStateRecord(*state_key(device.community_id, device.device_id))
        try:
            record.update(
                actions=[
                    DeviceStateRecord.online.set(False),
                    DeviceStateRecord.offline_since.set(at),
                    DeviceStateRecord.updated_at.set(at),
                ],
                condition=(DeviceStateRecord.online == True)  # noqa: E712 (a PynamoDB condition, not a test)
                & (DeviceStateRecord.last_seen == device.last_seen),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def restore_online(self, device: OnlineDevice) -> None:
        record = DeviceStateRecord(*state_key(device.community_id, device.device_id))
        try:
            record.update(
                actions=[
                    DeviceStateRecord.online.set(True),
                    DeviceStateRecord.offline_since.remove(),
                ],
                condition=(DeviceStateRecord.online == False)  # noqa: E712
                & (DeviceStateRecord.last_seen == device.last_seen),
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise

    def record(self, entries: list[SeriesEntry], states: list[StateEntry]) -> set[str]:
        written: set[str] = self.series.write(entries, states)
        return written
