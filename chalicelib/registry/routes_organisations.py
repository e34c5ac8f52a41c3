"""Organisations (legal-entity units) in the compound (001 7.1.1.5) for property staff."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import Contract, PageQuery, PatchContract
from chalicelib.kernel.http import Call, endpoint
from chalicelib.registry.contracts import STAFF, DataSource, OrganisationOut, OrganisationPage, organisation_view, page
from chalicelib.registry.routes_common import READ, WRITE, audit, registry

bp = Blueprint(__name__)


class OrganisationIn(Contract):
    """Legal-entity unit, 001 7.1.1.5: basic info, standard address, legal representative, employees, category."""

    name: str = Field(min_length=1, max_length=100)
    creditCode: str | None = Field(default=None, description="unified social credit code (GB 32100, checked)")
    category: str | None = Field(default=None, max_length=40)
    addressCode: str | None = Field(default=None, max_length=40, description="standard address code of its house")
    address: str | None = Field(default=None, max_length=200)
    legalRepresentative: str | None = Field(default=None, max_length=40)
    employees: int | None = Field(default=None, ge=0)
    contactName: str | None = Field(default=None, max_length=40)
    keyUnit: bool = False
    riskLevel: Literal["low", "medium", "high"] | None = None
    dataSource: DataSource = "manual"


class OrganisationUpdate(PatchContract):
    CLEARABLE = frozenset({"category", "address", "legalRepresentative", "employees", "contactName", "riskLevel"})

    version: int = Field(ge=1)
    category: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=200)
    legalRepresentative: str | None = Field(default=None, max_length=40)
    employees: int | None = Field(default=None, ge=0)
    contactName: str | None = Field(default=None, max_length=40)
    keyUnit: bool | None = None
    riskLevel: Literal["low", "medium", "high"] | None = None


class NameQuery(PageQuery):
    name: str | None = Field(default=None, max_length=100, description="name prefix")


@endpoint(
    bp,
    "POST",
    f"{STAFF}/organisations",
    audience="staff",
    access=WRITE,
    summary="Register an organisation in the compound",
    request=OrganisationIn,
    response=OrganisationOut,
    status=201,
    errors=(400, 409),
)
def create_organisation(call: Call[OrganisationIn]) -> OrganisationOut:
    body = call.body
    organisation = registry().register_organisation(
        call.path["community_id"], body.model_dump(exclude_none=True), body.dataSource, call.who.subject
    )
    audit(call, "organisation.create", "organisation", organisation.id)
    return organisation_view(organisation)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/organisations",
    audience="staff",
    access=READ,
    summary="List or search organisations by name prefix",
    query=NameQuery,
    response=OrganisationPage,
)
def list_organisations(call: Call[Any]) -> OrganisationPage:
    q = call.query
    found = registry().organisations(call.path["community_id"], q.name, q.limit, q.cursor)
    return page(*found, OrganisationPage, organisation_view)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/organisations/{{organisation_id}}",
    audience="staff",
    access=READ,
    summary="Read an organisation",
    response=OrganisationOut,
    errors=(404,),
)
def get_organisation(call: Call[Any]) -> OrganisationOut:
    return organisation_view(registry().get(call.path["community_id"], "organisation", call.path["organisation_id"]))


@endpoint(
    bp,
    "PATCH",
    f"{STAFF}/organisations/{{organisation_id}}",
    audience="staff",
    access=WRITE,
    summary="Update an organisation (send the version you read)",
    request=OrganisationUpdate,
    response=OrganisationOut,
    errors=(400, 404, 409),
)
def update_organisation(call: Call[OrganisationUpdate]) -> OrganisationOut:
    changes = call.body.changes()
    organisation = registry().update(
        call.path["community_id"], "organisation", call.path["organisation_id"], call.body.version, changes
    )
    audit(call, "organisation.update", "organisation", organisation.id, {"fields": sorted(changes)})
    return organisation_view(organisation)
