"""Request pieces shared by the registry, household and import routes (001 7.1.1.2, 7.1.1.4)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from chalicelib.api.contracts import Contract

DataSource = Literal["manual", "import", "self_registration", "grid_worker", "department_exchange", "device", "partner"]
PopulationType = Literal["permanent", "floating", "key"]
Gender = Literal["male", "female", "unknown"]
IdType = Literal["resident_id_card", "passport", "hk_macao_permit", "taiwan_permit", "foreign_permanent"]
RelationName = Literal["owner", "family", "tenant"]

STAFF = "/v1/staff/communities/{community_id}"


class EmergencyContactIn(Contract):
    name: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20)
    relation: str | None = Field(default=None, max_length=20)


class PersonFields(Contract):
    """Writable person fields (001 7.1.1.2, 7.1.1.4 c-d)."""

    name: str = Field(min_length=1, max_length=40)
    gender: Gender = "unknown"
    idType: IdType = "resident_id_card"
    idNumber: str | None = Field(default=None, max_length=32, description="stored encrypted; answered masked")
    phone: str | None = Field(default=None, max_length=20, description="stored encrypted; answered masked")
    nationality: str | None = Field(default="CHN", max_length=40)
    ethnicity: str | None = Field(default=None, max_length=20)
    nativePlace: str | None = Field(default=None, max_length=60)
    residenceAddress: str | None = Field(default=None, max_length=200)
    hukouAddress: str | None = Field(default=None, max_length=200)
    populationType: PopulationType = "permanent"
    keyCategory: str | None = Field(default=None, max_length=40, description="key persons only (7.1.1.2 c)")
    tags: list[str] = Field(default_factory=list, max_length=20)
    emergencyContacts: list[EmergencyContactIn] = Field(default_factory=list, max_length=5)
    dataSource: DataSource = "manual"

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        from chalicelib.domain.registry import validate_tags

        return validate_tags(tags)


def moment(value: str | None, field: str) -> datetime | None:
    """An optional ISO-8601 time from a body (None = now, decided by the service)."""
    from chalicelib.domain.clock import parse_iso
    from chalicelib.domain.errors import InvalidInput

    if not value:
        return None
    try:
        return parse_iso(value)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput(
            f"{field} is not an ISO-8601 time with zone",
            code="INVALID_TIME",
            details=[
                {"field": field, "code": "invalid_time", "message": "ISO-8601 with a zone, e.g. 2024-05-01T08:00:00Z"}
            ],
        ) from exc
