"""The six-level organisation hierarchy (001 7.1.1.11, 7.3.6): platform administrators write it."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import Contract, PageQuery
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.registry.contracts import DataSource, OrgUnitOut, OrgUnitPage, org_unit_view, page
from chalicelib.registry.routes_common import audit, registry

bp = Blueprint(__name__)

OrgLevel = Literal["province", "city", "district", "street", "community", "compound"]


class OrgUnitIn(Contract):
    code: str = Field(pattern=r"^\d{6,15}$", description="statistical division code; see domain.addresses")
    level: OrgLevel
    name: str = Field(min_length=1, max_length=60)
    category: str | None = Field(default=None, max_length=40)
    parentCode: str | None = Field(default=None, pattern=r"^\d{6,15}$")
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    dataSource: DataSource = "manual"


class ChildrenQuery(PageQuery):
    parent: str = Field(default="ROOT", pattern=r"^(ROOT|\d{6,15})$", description="parent code, ROOT for provinces")


@endpoint(
    bp,
    "POST",
    "/v1/admin/org-units",
    audience="admin",
    access=Access.signed_in("org:write"),
    summary="Create a node of the six-level organisation hierarchy",
    request=OrgUnitIn,
    response=OrgUnitOut,
    status=201,
    errors=(400, 404, 409),
)
def create_org_unit(call: Call[OrgUnitIn]) -> OrgUnitOut:
    node = registry().create_org_unit(call.body.model_dump(exclude_none=True), call.who.subject)
    audit(call, "org_unit.create", "org_unit", node.id, {"level": call.body.level})
    return org_unit_view(node)


@endpoint(
    bp,
    "GET",
    "/v1/admin/org-units/{code}",
    audience="admin",
    access=Access.signed_in("registry:read"),
    summary="Read an organisation node",
    response=OrgUnitOut,
    errors=(404,),
)
def get_org_unit(call: Call[Any]) -> OrgUnitOut:
    return org_unit_view(registry().org_unit(call.path["code"]))


@endpoint(
    bp,
    "GET",
    "/v1/admin/org-units",
    audience="admin",
    access=Access.signed_in("registry:read"),
    summary="List the children of an organisation node (cursor paginated)",
    query=ChildrenQuery,
    response=OrgUnitPage,
)
def list_org_units(call: Call[Any]) -> OrgUnitPage:
    q = call.query
    return page(*registry().org_children(q.parent, q.limit, q.cursor), OrgUnitPage, org_unit_view)
