"""Devices (001 10.2.1, 7.1.1.9; 003 6.5.5): the device ledger, per-device X.509 certificates and fleet
provisioning, message ingestion from IoT Core (telemetry, events, heartbeats, command acks), presence, and device
commands with their workflow.

- rules and use cases: `model.py` (the ledger), `provisioning.py` (certificates), `commands.py` (command lifecycle
  and staff command rules), `messages.py` (device messages as they arrive: the outside bytes parsed, rejections
  and their reasons), `series.py` (what ingestion records: time-series and state items, their keys, retention,
  bounded device clocks), `ingestion.py` (the ingestion service: validate, deduplicate, record, hand alarm
  candidates over), `presence.py` (the offline sweep), `alarm_handoff.py` (what ingestion hands to the alarm
  evaluation)
- storage: `repository.py` (ledger, certificates), `repository_commands.py`, `repository_presence.py` (state items,
  the ingestion's device look-up), `repository_telemetry.py` (time series); tables: `devices` and `telemetry`
- workflow: stepfunctions/device_command.asl.json (publish, wait for the ack with a timeout)
- queues: TelemetryQueue and EventsQueue (IoT rules -> ingestion in batches), AlarmEventsQueue (ingestion -> the
  alarm evaluation), IotDeadLetterQueue (rejected messages with their reason)
- HTTP: `routes.py` (ledger, certificates, state), `routes_commands.py`, `contracts.py`
- events the cloud observes about a device (a gate's keypad being guessed at, raised by the visitors capability)
  reach the alarm evaluation through `hand_over_event`, as ingestion hands over the device's own
- Lambda entry points: `tasks.py` (rule targets, queue consumers, the presence sweep, the command workflow's tasks,
  the fleet-provisioning hook); adapters: `adapters.py` (IoT, Step Functions, catalogue),
  `adapters_ingestion.py` (dead letters, metrics, the alarm queue); wiring: `wiring.py`
- Tests: `tests/devices/`.

What other capabilities use is below.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from chalicelib.devices.wiring import certificate_service, command_service, device_ledger, known_device_type

METER_LOOKBACK_DAYS = 2  # a meter reporting every 6 hours has a reading before the first day began

if TYPE_CHECKING:  # the types other capabilities name; a device function's cold start loads none of their modules
    from chalicelib.devices.commands import Command
    from chalicelib.devices.meters import MeterUse
    from chalicelib.devices.model import Device

__all__ = [
    "active_certificate_id",
    "certificate_service",
    "command_service",
    "device_from_stream",
    "device_ledger",
    "device_message_from_stream",
    "device_online",
    "devices_matching",
    "find_command",
    "find_device",
    "find_devices",
    "hand_over_event",
    "known_device_type",
    "meter_daily_use",
]


def find_device(community_id: str, device_id: str, *, consistent: bool = False) -> Device | None:
    """A device of the community's ledger, or None; `consistent`: as of the last write (a strongly consistent
    read), for checks that must see a revocation at once."""
    from chalicelib.devices.repository import DynamoDeviceLedger

    return DynamoDeviceLedger().get(community_id, device_id, consistent=consistent)


def find_devices(community_id: str, device_ids: list[str]) -> dict[str, Device]:
    """The devices of the community's ledger among `device_ids`, by id, in batched reads (a missing id is absent)."""
    from chalicelib.devices.repository import DynamoDeviceLedger

    return DynamoDeviceLedger().get_many(community_id, device_ids)


def device_online(community_id: str, device_id: str) -> bool | None:
    """The device's presence: True while it keeps to its heartbeat, False once the presence sweep found it silent
    past its type's window (`offline_after_missed` x `heartbeat_seconds`), None when it was never heard (one
    GetItem on its presence item)."""
    from chalicelib.devices.repository_presence import DeviceStateRecord, state_key

    try:
        state = DeviceStateRecord.get(*state_key(community_id, device_id))
    except DeviceStateRecord.DoesNotExist:
        return None
    return bool(state.online)


def device_message_from_stream(image: dict[str, Any]) -> Any:
    """The device message a telemetry-table stream image holds (DynamoDB attribute values, as the stream carries
    them): a `SeriesMessage` (community, device, its type, kind, the document as the device sent it, with `ts` and
    `msgId`), or None when the item is not one (a presence event, a malformed image)."""
    from chalicelib.devices.repository_telemetry import message_from_image

    return message_from_image(image)


def devices_matching(
    community_id: str, *, device_type: str | None = None, building: str | None = None, cap: int = 200
) -> list[Device]:
    """The community's devices of a type and/or in a building, at most `cap`."""
    from chalicelib.devices.model import DeviceFilter
    from chalicelib.devices.repository import DynamoDeviceLedger

    return DynamoDeviceLedger().all_matching(
        community_id, DeviceFilter(device_type=device_type, building=building), cap
    )


def active_certificate_id(community_id: str, device_id: str) -> str | None:
    """The id of the device's active X.509 certificate, or None."""
    from chalicelib.devices.repository import DynamoCertificateStore

    active = DynamoCertificateStore().active(community_id, device_id)
    return active.certificate_id if active else None


def find_command(community_id: str, command_id: str) -> Command | None:
    """One device command of the community (its status and the device's ack), or None."""
    from chalicelib.devices.wiring import command_history

    return command_history().get(community_id, command_id)


def hand_over_event(
    community_id: str, device_id: str, device_type: str, event: str, data: dict[str, Any], msg_id: str
) -> None:
    """An event of a device that the cloud observed itself (a gate's keypad being guessed at), handed to the alarm
    evaluation the way ingestion hands over a device's own events: the catalogue's hint for the type and event says
    whether it raises and how severe (the community's alarm rules have the last word); `msg_id` deduplicates it.
    Raises when it could not be handed over."""
    from chalicelib.devices.adapters_ingestion import SqsAlarmSink
    from chalicelib.devices.alarm_handoff import AlarmCandidate
    from chalicelib.kernel.clock import iso, utcnow
    from iot import catalogue

    hint = catalogue.alarm_hint(device_type, event)
    if hint is None:
        raise ValueError(f"a {device_type} has no event {event} in the catalogue")
    now = iso(utcnow())
    candidate = AlarmCandidate(
        community_id=community_id,
        device_id=device_id,
        device_type=device_type,
        event=event,
        msg_id=msg_id,
        occurred_at=now,
        received_at=now,
        raises=hint.raises,
        severity=hint.severity,
        data=dict(data),
    )
    SqsAlarmSink().submit(candidate)


def device_from_stream(image: dict[str, Any]) -> Device | None:
    """The ledger entry a devices-table stream image holds (DynamoDB attribute values, as the stream carries them),
    or None when the item is not a device (states, certificates, commands, serial claims)."""
    from chalicelib.devices.repository import DeviceRecord, from_record

    if (image.get("sk") or {}).get("S") != "DEVICE" or "device_id" not in image:
        return None
    return from_record(DeviceRecord.from_raw_data(image))


def meter_daily_use(community_id: str, first_day: date, last_day: date, cap: int = 5000) -> list[MeterUse]:
    """Every utility meter of the community's ledger (the catalogue's meter types; retired ones left out) with its
    use per Beijing day from `first_day` to `last_day`, read from its cumulative telemetry (`meters.py`). One Query
    per meter; at most `cap` meters."""
    from datetime import timedelta

    from chalicelib.devices.meters import MeterUse, daily_use, day_start
    from chalicelib.devices.model import DeviceFilter
    from chalicelib.devices.repository import DynamoDeviceLedger
    from chalicelib.devices.repository_telemetry import received_between
    from chalicelib.kernel.clock import parse_iso
    from iot import catalogue

    since = day_start(first_day) - timedelta(days=METER_LOOKBACK_DAYS)
    until = day_start(last_day + timedelta(days=1))
    ledger = DynamoDeviceLedger()
    out: list[MeterUse] = []
    for device_type, meter in sorted(catalogue.meter_types().items()):
        for d in ledger.all_matching(community_id, DeviceFilter(device_type=device_type), cap):
            if d.status == "retired":
                continue
            readings = []
            for point in received_between(community_id, d.device_id, "telemetry", since, until):
                value = (point.body.get("metrics") or {}).get(meter.reading)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    readings.append((parse_iso(point.received_at), float(value)))
            days = daily_use(readings, first_day, last_day)
            out.append(MeterUse(d.device_id, device_type, meter.utility, meter.unit, d.user, first_day, days))
    return out
