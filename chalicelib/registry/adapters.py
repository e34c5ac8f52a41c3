"""The registry's `PersonalData` port on `kernel.security.pii`: phone and ID numbers sealed (KMS envelope encryption),
looked up through blind indexes, answered masked (masks are computed at write time: no KMS call per read)."""

from __future__ import annotations

from typing import Any, Literal

from chalicelib.kernel.security import pii

PHONE_PURPOSE = "person.phone"
ID_PURPOSE = "person.id_number"
CONTACT_PURPOSE = "person.emergency_phone"


class PiiPersonalData:
    def normalise_phone(self, value: str) -> str:
        return pii.normalise_phone(value)

    def normalise_id_number(self, value: str) -> str:
        return pii.normalise_id_card(value)

    def valid_id_card(self, value: str) -> bool:
        return pii.valid_id_card(value)

    def index(self, kind: Literal["phone", "id_card"], value: str) -> str:
        return pii.blind_index(kind, value)

    def seal(self, phone: str | None, id_number: str | None, contacts: list[dict[str, Any]]) -> dict[str, Any]:
        sealed: dict[str, Any] = {}
        if phone:
            sealed["phone"] = pii.encrypt(phone, purpose=PHONE_PURPOSE)
            sealed["phoneIndex"] = pii.blind_index("phone", phone)
            sealed["phoneMasked"] = pii.mask_phone(phone)
        if id_number:
            sealed["idNumber"] = pii.encrypt(id_number, purpose=ID_PURPOSE)
            sealed["idIndex"] = pii.blind_index("id_card", id_number)
            sealed["idMasked"] = pii.mask_id_card(id_number)
        sealed["contacts"] = [
            {
                "name": c["name"],
                "relation": c.get("relation"),
                "phone": pii.encrypt(c["phone"], purpose=CONTACT_PURPOSE),
                "phoneMasked": pii.mask_phone(c["phone"]),
            }
            for c in contacts
        ]
        return sealed

    def reveal(self, sealed: dict[str, Any]) -> dict[str, Any]:
        return {
            "idNumber": pii.decrypt(sealed["idNumber"], purpose=ID_PURPOSE) if sealed.get("idNumber") else None,
            "phone": pii.decrypt(sealed["phone"], purpose=PHONE_PURPOSE) if sealed.get("phone") else None,
            "emergencyContacts": [
                {
                    "name": c["name"],
                    "relation": c.get("relation"),
                    "phone": pii.decrypt(c["phone"], purpose=CONTACT_PURPOSE),
                }
                for c in sealed.get("contacts", [])
            ],
        }
