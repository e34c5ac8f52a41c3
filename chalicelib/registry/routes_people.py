"""People (001 7.1.1.2) for property staff: register, search, update, reveal (audited), residences."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import PageQuery, PatchContract
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.registry.contracts import (
    STAFF,
    PersonFields,
    PersonOut,
    PersonPage,
    ResidenceList,
    RevealOut,
    member_view,
    page,
    person_view,
)
from chalicelib.registry.routes_common import READ, WRITE, audit, registry

bp = Blueprint(__name__)


class PersonUpdate(PatchContract):
    """Editable person fields. The ID number is immutable here (a wrong one is corrected by re-registration)."""

    CLEARABLE = frozenset(
        {"phone", "nationality", "ethnicity", "nativePlace", "residenceAddress", "hukouAddress", "keyCategory"}
    )

    version: int = Field(ge=1)
    name: str | None = Field(default=None, min_length=1, max_length=40)
    phone: str | None = Field(default=None, max_length=20)
    gender: Literal["male", "female", "unknown"] | None = None
    nationality: str | None = Field(default=None, max_length=40)
    ethnicity: str | None = Field(default=None, max_length=20)
    nativePlace: str | None = Field(default=None, max_length=60)
    residenceAddress: str | None = Field(default=None, max_length=200)
    hukouAddress: str | None = Field(default=None, max_length=200)
    populationType: Literal["permanent", "floating", "key"] | None = None
    keyCategory: str | None = Field(default=None, max_length=40)
    tags: list[str] | None = Field(default=None, max_length=20)
    status: Literal["active", "deregistered"] | None = None


class PeopleQuery(PageQuery):
    name: str | None = Field(default=None, max_length=40, description="name prefix")
    phone: str | None = Field(default=None, max_length=20, description="exact phone (blind-index look-up)")
    idNumber: str | None = Field(default=None, max_length=32, description="exact ID-card number")


@endpoint(
    bp,
    "POST",
    f"{STAFF}/people",
    audience="staff",
    access=WRITE,
    summary="Register a person",
    request=PersonFields,
    response=PersonOut,
    status=201,
    errors=(400, 404, 409),
)
def create_person(call: Call[PersonFields]) -> PersonOut:
    body = call.body
    person = registry().register_person(
        call.path["community_id"], body.model_dump(mode="json"), body.dataSource, call.who.subject
    )
    audit(call, "person.create", "person", person.id)
    return person_view(person)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/people",
    audience="staff",
    access=READ,
    summary="List or search people by name prefix, phone or ID number (answers masked)",
    query=PeopleQuery,
    response=PersonPage,
    errors=(400,),
)
def list_people(call: Call[Any]) -> PersonPage:
    q = call.query
    found = registry().find_people(
        call.path["community_id"], name=q.name, phone=q.phone, id_number=q.idNumber, limit=q.limit, cursor=q.cursor
    )
    return page(*found, PersonPage, person_view)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/people/{{person_id}}",
    audience="staff",
    access=READ,
    summary="Read a person (masked)",
    response=PersonOut,
    errors=(404,),
)
def get_person(call: Call[Any]) -> PersonOut:
    return person_view(registry().get(call.path["community_id"], "person", call.path["person_id"]))


@endpoint(
    bp,
    "PATCH",
    f"{STAFF}/people/{{person_id}}",
    audience="staff",
    access=WRITE,
    summary="Update a person (send the version you read)",
    request=PersonUpdate,
    response=PersonOut,
    errors=(400, 404, 409),
)
def update_person(call: Call[PersonUpdate]) -> PersonOut:
    changes = call.body.changes()
    person = registry().update(
        call.path["community_id"], "person", call.path["person_id"], call.body.version, dict(changes)
    )
    audit(call, "person.update", "person", person.id, {"fields": sorted(changes)})
    return person_view(person)


@endpoint(
    bp,
    "POST",
    f"{STAFF}/people/{{person_id}}/reveal",
    audience="staff",
    access=Access.community("people:reveal"),
    summary="Full ID and phone numbers of a person (audited as person.reveal)",
    response=RevealOut,
    errors=(404,),
)
def reveal_person(call: Call[Any]) -> RevealOut:
    person, values = registry().reveal(call.path["community_id"], call.path["person_id"])
    shown = [k for k in ("idNumber", "phone") if values.get(k)]
    audit(call, "person.reveal", "person", person.id, {"fields": shown})
    return RevealOut(personId=person.id, **values)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/people/{{person_id}}/residences",
    audience="staff",
    access=READ,
    summary="A person's current and past residences (001 7.1.1.4 d)",
    response=ResidenceList,
    errors=(404,),
    operation_id="listPersonResidences",
)
def person_residences(call: Call[Any]) -> ResidenceList:
    residences = registry().residences(call.path["community_id"], call.path["person_id"])
    return ResidenceList(items=[member_view(m) for m in residences])
