"""Message generators for the device simulator.

Every generator returns a full wire envelope (``msgId``, ``ts`` now in UTC, ...) that passes
:func:`iot.catalogue.validate_message`. Values come from the ``random.Random`` passed in, so a
seeded run produces the same readings; ``msgId`` is a fresh UUID so replays are not taken for
duplicates.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from random import Random
from typing import Any, TypeVar

Data = dict[str, Any]
MetricsFn = Callable[[Random], Data]
EventFn = Callable[[Random], tuple[str, Data]]

T = TypeVar("T")

PLATES = ("川A12345", "粤B7D890", "京AD12345", "晋A5K321", "沪C9Z876")


def _ts() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _base() -> Data:
    return {"msgId": uuid.uuid4().hex, "ts": _ts()}


def _r(rng: Random, lo: float, hi: float, digits: int = 2) -> float:
    return round(rng.uniform(lo, hi), digits)


def _snapshot(rng: Random) -> str:
    return f"snapshots/{rng.getrandbits(48):012x}.jpg"


def _battery(rng: Random) -> int:
    return rng.randint(40, 100)


def _rssi(rng: Random) -> int:
    return rng.randint(-110, -60)


# --------------------------------------------------------------------------- normal telemetry

NORMAL: dict[str, MetricsFn] = {
    "door_controller": lambda r: {"door": "closed", "locked": True, "mode": "normal"},
    "barrier_gate": lambda r: {"gate": "closed", "mode": "normal", "freeSpaces": r.randint(0, 300)},
    "emergency_button": lambda r: {"latched": False, "batteryPct": _battery(r)},
    "wearable": lambda r: {
        "heartRateBpm": r.randint(60, 90),
        "batteryPct": _battery(r),
        "latitude": _r(r, 22.80, 22.81, 5),
        "longitude": _r(r, 115.10, 115.11, 5),
        "worn": True,
    },
    "door_contact": lambda r: {"open": False, "batteryPct": _battery(r)},
    "perimeter_fence": lambda r: {
        "armed": True,
        "armedZones": r.randint(1, 16),
        "fenceVoltageKv": _r(r, 5, 10),
    },
    "smoke_detector": lambda r: {
        "state": "normal",
        "smokeDbM": _r(r, 0, 0.05, 3),
        "temperatureC": _r(r, 10, 30, 1),
        "batteryPct": _battery(r),
        "rssiDbm": _rssi(r),
    },
    "heat_detector": lambda r: {
        "state": "normal",
        "temperatureC": _r(r, 10, 35, 1),
        "riseCMin": _r(r, -0.5, 0.5),
        "batteryPct": _battery(r),
    },
    "gas_detector": lambda r: {"state": "normal", "gasLel": _r(r, 0, 3, 1), "valve": "open"},
    "fire_hydrant": lambda r: {
        "pressureMpa": _r(r, 0.25, 0.6, 3),
        "valveOpen": False,
        "tiltDeg": _r(r, 0, 2, 1),
        "batteryPct": _battery(r),
        "rssiDbm": _rssi(r),
    },
    "fire_door": lambda r: {"door": "closed", "batteryPct": _battery(r)},
    "fire_lane_camera": lambda r: {"occupied": False, "videoOk": True},
    "ebike_detector": lambda r: {"videoOk": True},
    "water_leak_sensor": lambda r: {"leak": False, "batteryPct": _battery(r), "rssiDbm": _rssi(r)},
    "manhole_cover": lambda r: {
        "tiltDeg": _r(r, 0, 3, 1),
        "open": False,
        "waterLevelM": _r(r, 0.5, 2),
        "batteryPct": _battery(r),
        "rssiDbm": _rssi(r),
    },
    "street_light": lambda r: _street_light(r),
    "elevator": lambda r: _elevator(r),
    "water_tank": lambda r: _water_tank(r),
    "water_quality": lambda r: {
        "turbidityNtu": _r(r, 0.05, 0.8),
        "chlorineMgL": _r(r, 0.1, 0.8),
        "ph": _r(r, 6.8, 8.0),
        "conductivityUsCm": _r(r, 200, 600, 0),
        "colourPcu": _r(r, 0, 10, 1),
        "temperatureC": _r(r, 8, 25, 1),
    },
    "water_pump": lambda r: {
        "running": True,
        "pressureMpa": _r(r, 0.3, 0.6, 3),
        "currentA": _r(r, 8, 30, 1),
        "frequencyHz": _r(r, 35, 50, 1),
        "flowM3h": _r(r, 5, 60, 1),
        "mode": "auto",
    },
    "power_distribution": lambda r: {
        "voltageV": _r(r, 380, 400, 1),
        "currentA": _r(r, 50, 300, 1),
        "powerKw": _r(r, 30, 180, 1),
        "powerFactor": _r(r, 0.85, 0.99),
        "energyKwh": _r(r, 1e4, 1e6, 1),
        "temperatureC": _r(r, 25, 55, 1),
        "leakageMa": _r(r, 5, 80, 1),
        "breaker": "closed",
    },
    "ev_charger": lambda r: _ev_charger(r),
    "parcel_locker": lambda r: {"freeCompartments": r.randint(0, 60), "totalCompartments": 60},
    "display": lambda r: {"showing": r.randint(0, 12), "brightnessPct": r.randint(40, 100)},
    "environment_sensor": lambda r: {
        "pm25": _r(r, 5, 75, 1),
        "pm10": _r(r, 10, 120, 1),
        "temperatureC": _r(r, -5, 35, 1),
        "humidityPct": _r(r, 20, 90, 1),
        "noiseDb": _r(r, 35, 60, 1),
        "pressureHpa": _r(r, 950, 1030, 1),
        "windSpeedMs": _r(r, 0, 8, 1),
        "windDirectionDeg": _r(r, 0, 359, 0),
        "co2Ppm": _r(r, 400, 900, 0),
    },
    "water_meter": lambda r: {"totalM3": _r(r, 10, 5000, 3), "flowM3h": _r(r, 0, 1.5, 3), "valve": "open"},
    "electricity_meter": lambda r: {
        "totalKwh": _r(r, 100, 50000),
        "powerW": _r(r, 50, 4000, 1),
        "voltageV": _r(r, 215, 235, 1),
        "currentA": _r(r, 0.2, 18),
        "relay": "closed",
    },
    "gas_meter": lambda r: {"totalM3": _r(r, 10, 3000, 3), "flowM3h": _r(r, 0, 0.8, 3), "valve": "open"},
    "heat_meter": lambda r: {
        "totalKwh": _r(r, 100, 90000),
        "flowM3h": _r(r, 0.1, 2),
        "supplyTempC": _r(r, 45, 60, 1),
        "returnTempC": _r(r, 30, 44, 1),
        "powerKw": _r(r, 1, 15),
    },
}


def _street_light(rng: Random) -> Data:
    on = rng.random() < 0.5
    brightness = rng.choice((30, 50, 80, 100)) if on else 0
    return {
        "on": on,
        "brightnessPct": brightness,
        "powerW": round(150 * brightness / 100 * rng.uniform(0.95, 1.05), 1),
        "voltageV": _r(rng, 215, 235, 1),
        "energyKwh": _r(rng, 100, 20000, 1),
    }


def _elevator(rng: Random) -> Data:
    direction = rng.choice(("up", "down", "idle"))
    return {
        "floor": rng.randint(-2, 33),
        "direction": direction,
        "door": "closed" if direction != "idle" else rng.choice(("open", "closed")),
        "status": "idle" if direction == "idle" else "running",
        "loadPct": rng.randint(0, 80),
    }


def _water_tank(rng: Random) -> Data:
    pct = _r(rng, 40, 95, 1)
    return {
        "levelPct": pct,
        "levelM": round(3 * pct / 100, 2),
        "lidOpen": False,
        "temperatureC": _r(rng, 8, 22, 1),
    }


def _ev_charger(rng: Random) -> Data:
    if rng.random() < 0.5:
        return {
            "status": "available",
            "port": rng.randint(1, 10),
            "powerW": 0,
            "temperatureC": _r(rng, 10, 35, 1),
        }
    return {
        "status": "charging",
        "port": rng.randint(1, 10),
        "powerW": _r(rng, 150, 7000, 1),
        "energyKwh": _r(rng, 0, 30),
        "voltageV": _r(rng, 48, 230, 1),
        "currentA": _r(rng, 1, 32),
        "temperatureC": _r(rng, 20, 45, 1),
    }


# --------------------------------------------------------------------------- faults


def _fault(*codes: str, **extra: Callable[[Random], Any]) -> EventFn:
    def make(rng: Random) -> tuple[str, Data]:
        data: Data = {"code": rng.choice(codes)}
        data.update({key: fn(rng) for key, fn in extra.items()})
        return "fault", data

    return make


def _named(name: str, fn: Callable[[Random], Data]) -> EventFn:
    return lambda rng: (name, fn(rng))


FAULTS: dict[str, EventFn] = {
    "door_controller": _fault("lock_fault", "reader_fault", "door_sensor_fault"),
    "barrier_gate": _fault("motor_fault", "loop_detector_fault", "camera_fault"),
    "emergency_button": _fault("low_battery", "button_stuck"),
    "wearable": _fault("low_battery", "sensor_fault"),
    "door_contact": _fault("low_battery", "tamper"),
    "perimeter_fence": _named(
        "fence_fault",
        lambda r: {"code": r.choice(("open_circuit", "voltage_low")), "zone": f"Z{r.randint(1, 16)}"},
    ),
    "smoke_detector": _fault("low_battery", "chamber_dirty", "removed"),
    "heat_detector": _fault("low_battery", "sensor_fault"),
    "gas_detector": _fault("sensor_fault", "sensor_expired", "valve_fault"),
    "fire_hydrant": _fault("low_battery", "sensor_fault"),
    "fire_door": _fault("low_battery", "sensor_fault"),
    "fire_lane_camera": _fault("video_loss", "occlusion"),
    "ebike_detector": _fault("video_loss", "occlusion"),
    "water_leak_sensor": _fault("low_battery", "probe_disconnected"),
    "manhole_cover": _fault("low_battery", "sensor_fault"),
    "street_light": lambda r: r.choice(
        (
            ("lamp_fault", {"code": r.choice(("lamp_out", "flicker"))}),
            ("terminal_fault", {"code": "controller_fault"}),
            ("cable_fault", {"code": r.choice(("open_circuit", "short_circuit"))}),
        )
    ),
    "elevator": _named(
        "fault",
        lambda r: {"code": r.choice(("E01", "E17", "E35")), "floor": r.randint(1, 30), "detail": "sim"},
    ),
    "water_tank": _fault("level_sensor_fault", "power_loss"),
    "water_quality": _fault("sensor_fouled", "calibration_due", "no_flow"),
    "water_pump": _fault("overcurrent", "dry_run", "phase_loss"),
    "power_distribution": _fault("meter_fault", "sensor_fault"),
    "ev_charger": _fault("self_test_failed", "relay_stuck", port=lambda r: r.randint(1, 10)),
    "parcel_locker": _named(
        "door_fault",
        lambda r: {"code": r.choice(("stuck_open", "lock_fault")), "compartment": f"{r.randint(1, 60):02d}"},
    ),
    "display": _named("screen_fault", lambda r: {"code": r.choice(("backlight_fault", "player_fault"))}),
    "environment_sensor": _fault("sensor_fault", "fan_fault"),
    "water_meter": _fault("battery_low", "valve_fault"),
    "electricity_meter": _fault("clock_fault", "relay_fault"),
    "gas_meter": _fault("battery_low", "valve_fault"),
    "heat_meter": _fault("temp_sensor_fault", "flow_sensor_fault"),
}

# --------------------------------------------------------------------------- alarms


def _threshold(metric: str, value: float, limit: float, bound: str) -> Data:
    return {"metric": metric, "value": value, "limit": limit, "bound": bound}


def _water_quality_alarm(rng: Random) -> Data:
    return rng.choice(
        (
            _threshold("turbidityNtu", _r(rng, 1.5, 8), 1.0, "high"),
            _threshold("chlorineMgL", _r(rng, 0, 0.04, 3), 0.05, "low"),
            _threshold("ph", _r(rng, 8.6, 9.5), 8.5, "high"),
            _threshold("colourPcu", _r(rng, 16, 40, 1), 15, "high"),
        )
    )


ALARMS: dict[str, EventFn] = {
    "door_controller": lambda r: r.choice(
        (("forced_open", {"snapshotKey": _snapshot(r)}), ("held_open", {"seconds": r.randint(120, 900)}))
    ),
    "barrier_gate": _named("unauthorised_open", lambda r: {"snapshotKey": _snapshot(r)}),
    "emergency_button": _named(
        "emergency_pressed",
        lambda r: {"zone": f"Z{r.randint(1, 8)}", "room": r.choice(("bedroom", "bathroom"))},
    ),
    "perimeter_fence": _named(
        "intrusion", lambda r: {"zone": f"Z{r.randint(1, 16)}", "kind": r.choice(("climb", "cut"))}
    ),
    "smoke_detector": _named("fire_alarm", lambda r: {"smokeDbM": _r(r, 0.2, 0.8, 3)}),
    "heat_detector": _named("fire_alarm", lambda r: {"temperatureC": _r(r, 62, 90, 1), "riseCMin": _r(r, 8, 20)}),
    "gas_detector": _named("gas_leak", lambda r: {"gasLel": _r(r, 20, 60, 1), "thresholdLel": 20, "valveClosed": True}),
    "fire_hydrant": _named("low_pressure", lambda r: {"pressureMpa": _r(r, 0, 0.09, 3), "thresholdMpa": 0.1}),
    "fire_door": _named("fire_door_open_abnormal", lambda r: {"openS": r.randint(60, 3600)}),
    "fire_lane_camera": _named(
        "fire_lane_occupied",
        lambda r: {
            "snapshotKey": _snapshot(r),
            "plate": r.choice(PLATES),
            "plateColour": "blue",
            "durationS": r.randint(60, 1800),
        },
    ),
    "ebike_detector": _named(
        "ebike_detected",
        lambda r: {"location": "elevator", "confidence": _r(r, 0.8, 0.99), "snapshotKey": _snapshot(r)},
    ),
    "water_leak_sensor": _named("water_leak", lambda r: {"probe": r.randint(1, 2)}),
    "door_contact": _named("intrusion", lambda r: {}),
    "wearable": _named(
        "fall_detected", lambda r: {"confidence": _r(r, 0.85, 0.99), "heartRateBpm": r.randint(70, 110)}
    ),
    "manhole_cover": lambda r: r.choice(
        (
            ("tilted", {"tiltDeg": _r(r, 15, 60, 1), "thresholdDeg": 10}),
            ("opened", {"tiltDeg": _r(r, 60, 120, 1)}),
        )
    ),
    "street_light": _named("cable_fault", lambda r: {"code": "theft_suspected"}),
    "elevator": _named("trapped_person", lambda r: {"floor": r.randint(1, 30), "sinceS": r.randint(30, 600)}),
    "water_tank": _named("level_low", lambda r: {"levelPct": _r(r, 2, 15, 1), "thresholdPct": 20}),
    "water_quality": _named("quality_abnormal", _water_quality_alarm),
    "water_pump": _named("pressure_low", lambda r: {"pressureMpa": _r(r, 0.02, 0.12, 3), "thresholdMpa": 0.15}),
    "power_distribution": lambda r: r.choice(
        (
            ("leakage", {"leakageMa": _r(r, 300, 800, 1), "thresholdMa": 300}),
            ("overload", {"currentA": _r(r, 650, 900, 1), "ratedA": 630}),
            ("outage", {"phase": r.choice(("A", "B", "C", "all"))}),
        )
    ),
    "ev_charger": _named("overheat", lambda r: {"temperatureC": _r(r, 75, 110, 1), "port": r.randint(1, 10)}),
    "parcel_locker": _named("forced_open", lambda r: {"compartment": f"{r.randint(1, 60):02d}"}),
    "display": _named("tampered", lambda r: {}),
    "environment_sensor": lambda r: r.choice(
        (
            ("threshold_exceeded", _threshold("pm25", _r(r, 76, 300, 1), 75, "high")),
            ("threshold_exceeded", _threshold("noiseDb", _r(r, 56, 85, 1), 55, "high")),
        )
    ),
    "water_meter": _named("abnormal_consumption", lambda r: {"kind": "continuous_flow", "valueM3": _r(r, 1, 20)}),
    "electricity_meter": _named("tamper", lambda r: {}),
    "gas_meter": _named("abnormal_flow", lambda r: {"kind": "leak_suspected", "flowM3h": _r(r, 0.01, 0.2, 3)}),
    "heat_meter": _named("abnormal_consumption", lambda r: {"kind": r.choice(("spike", "reverse_flow"))}),
}

# --------------------------------------------------------------------------- public API


def simulated_types() -> tuple[str, ...]:
    """Device types the simulator can produce messages for."""
    return tuple(sorted(NORMAL))


def _fn(table: dict[str, T], device_type: str) -> T:
    try:
        return table[device_type]
    except KeyError:
        raise KeyError(f"simulator has no generator for device type {device_type!r}") from None


def normal_telemetry(device_type: str, rng: Random) -> Data:
    """A telemetry message with normal readings (this also auto-clears open alarms)."""
    return {**_base(), "metrics": _fn(NORMAL, device_type)(rng)}


def _event(table: dict[str, EventFn], device_type: str, rng: Random) -> Data | None:
    fn = table.get(device_type)
    if fn is None:
        return None
    name, data = fn(rng)
    return {**_base(), "event": name, "data": data}


def fault_event(device_type: str, rng: Random) -> Data | None:
    """A device-fault event, or ``None`` if the type has none."""
    _fn(NORMAL, device_type)
    return _event(FAULTS, device_type, rng)


def alarm_event(device_type: str, rng: Random) -> Data | None:
    """An event whose catalogue hint raises an alarm, or ``None`` if the type has none."""
    _fn(NORMAL, device_type)
    return _event(ALARMS, device_type, rng)


def heartbeat(rng: Random) -> Data:
    """A heartbeat message."""
    return {
        **_base(),
        "uptimeS": rng.randint(0, 30 * 86400),
        "fw": f"1.{rng.randint(0, 9)}.{rng.randint(0, 20)}",
    }


def ack(command_id: str, status: str, detail: str | None = None) -> Data:
    """A command acknowledgement (``status`` is done, rejected or failed)."""
    message: Data = {**_base(), "commandId": command_id, "status": status}
    if detail is not None:
        message["detail"] = detail
    return message


def parcel_stored(compartment: str, house_id: str, tracking: str, size: str = "M") -> Data:
    """A courier's deposit in a parcel locker's compartment, for a house of the community."""
    data: Data = {"compartment": compartment, "parcelId": tracking, "houseId": house_id, "size": size}
    return {**_base(), "event": "parcel_stored", "data": data}


def parcel_picked_up(compartment: str, method: str = "code") -> Data:
    """A recipient collected the parcel in a compartment (by code, or after a remote open: `app`)."""
    return {**_base(), "event": "parcel_picked_up", "data": {"compartment": compartment, "method": method}}


def plate_event(plate: str, direction: str, colour: str = "blue", confidence: float = 0.96) -> Data:
    """A barrier camera's `plate_recognized` event (the simulated barrier's car arriving or leaving)."""
    data: Data = {"plate": plate, "plateColour": colour, "direction": direction, "confidence": confidence}
    return {**_base(), "event": "plate_recognized", "data": data}


def offline_passage(
    plate: str, direction: str, decision: str, at: datetime, reason: str = "whitelist", colour: str = "blue"
) -> Data:
    """One passage a barrier decided by itself while the cloud was unreachable (its own msgId, the time it decided)."""
    return {
        "msgId": uuid.uuid4().hex,
        "at": at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "plate": plate,
        "plateColour": colour,
        "direction": direction,
        "confidence": 0.95,
        "decision": decision,
        "reason": reason,
    }


def offline_passages(passages: list[Data]) -> Data:
    """A barrier back online uploads what it decided offline (`offline_passages`, oldest first, 1..100)."""
    return {**_base(), "event": "offline_passages", "data": {"passages": list(passages)}}
