"""How an alarm's messages name where it is and who raised it (the ports `DevicePlaces.names` and
`AlarmPeople.caller` answer with these; the adapters read the registry's labels and sealed phones)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceNames:
    """Where an alarm is, as people name it: `3栋2单元1201` (a house), `3栋 大堂` (a building and area); the device's
    name when a device raised it."""

    place: str = ""
    device: str = ""


@dataclass(frozen=True)
class Caller:
    """Who pressed an SOS: their name and phone (full for the staff who call back, masked for everyone else)."""

    name: str = ""
    phone: str = ""
    phone_masked: str = ""
