"""Occupancy over time: staff read each car park's 24 Beijing hours of a day (the hourly samples)."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.parking import wiring
from chalicelib.parking.contracts_zones import OccupancyQuery, OccupancyView, ParkOccupancy

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/v1/staff/communities/{community_id}/parking/occupancy",
    audience="staff",
    access=Access.community("parking:read"),
    query=OccupancyQuery,
    response=OccupancyView,
    errors=(400,),
    summary="Each car park's cars inside over the 24 Beijing hours of a day (hourly samples; null: no sample)",
    operation_id="getParkingOccupancy",
)
def occupancy(call: Call[OccupancyQuery]) -> OccupancyView:
    from datetime import date

    c = call.path["community_id"]
    day = date.fromisoformat(call.query.day)
    sampler = wiring.occupancy()
    return OccupancyView(
        day=day.isoformat(),
        items=[
            ParkOccupancy(parkId=p.park_id, name=p.name, capacity=p.capacity, hours=sampler.day(c, p.park_id, day))
            for p in wiring.parking_store().parks(c)
        ],
    )
