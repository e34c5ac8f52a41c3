"""A simulated parcel locker's behaviour (mixed into `SimulatedDevice`): couriers' deposits for the houses it was
given, pick-ups by a typed code checked against the keyed hash the cloud armed the compartment with
(`set_pickup_code`), and a pick-up reported after a remote open (`open_compartment`, reason `pickup`)."""

from __future__ import annotations

import hashlib
import hmac
from random import Random
from typing import Any

from iot.simulator import payloads
from iot.topics import EVENTS


class LockerBehaviour:
    rng: Random
    counters: Any
    compartments: dict[str, str]  # occupied compartment -> the house
    codes: dict[str, tuple[str, str]]  # compartment -> (parcelRef, codeHash) from set_pickup_code

    def _publish(self, kind: str, message: dict[str, Any]) -> bool:
        raise NotImplementedError

    def send_parcel(self, house_id: str, compartment: str | None = None) -> str | None:
        """A courier deposits a parcel for the house (a parcel locker); the compartment used, or None when full."""
        free = [f"A{n:02d}" for n in range(2, 61) if f"A{n:02d}" not in self.compartments]
        cell = compartment or (self.rng.choice(free) if free else None)
        if cell is None:
            return None
        tracking = f"SF{self.rng.randint(10**11, 10**12 - 1)}"
        if self._publish(EVENTS, payloads.parcel_stored(cell, house_id, tracking)):
            self.compartments[cell] = house_id
            self.counters.parcels += 1
        return cell

    def pick_up(self, compartment: str, method: str = "code") -> bool:
        """The recipient takes the parcel out of the compartment (a parcel locker)."""
        self.compartments.pop(compartment, None)
        sent = self._publish(EVENTS, payloads.parcel_picked_up(compartment, method))
        if sent:
            self.counters.parcels += 1
        return sent

    def pick_up_with_code(self, compartment: str, code: str) -> bool:
        """A resident types the pick-up code at the locker: the door opens (and the pick-up is reported) only when
        HMAC-SHA256(parcelRef, code) is the hash the cloud armed the compartment with."""
        armed = self.codes.get(compartment)
        if armed is None:
            return False
        digest = hmac.new(armed[0].encode(), code.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(digest, armed[1]):
            return False
        del self.codes[compartment]
        return self.pick_up(compartment, "code")

    def locker_command(self, name: str, params: Any) -> None:
        """After a command was acknowledged `done`: what a locker does with it."""
        if not isinstance(params, dict):
            return
        if name == "set_pickup_code":
            self.codes[str(params.get("compartment"))] = (str(params.get("parcelRef")), str(params.get("codeHash")))
        elif name == "open_compartment":
            compartment = params.get("compartment")
            if isinstance(compartment, str) and params.get("reason") == "pickup":
                self.codes.pop(compartment, None)
                self.pick_up(compartment, "app")  # the resident opened it from the mini-program and took the parcel
