"""Request and response models of the patrol routes, and the one view of a round."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Day, Id
from chalicelib.patrol.model import Checkpoint, Round

Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
TagId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9:_-]{4,64}$")]
HourMinute = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class CheckpointRequest(Contract):
    checkpointId: Id
    name: Name
    tagId: TagId = Field(description="The QR code's or NFC tag's id the guard's app reads")
    latitude: Latitude
    longitude: Longitude
    building: Id | None = None


class CheckpointView(Contract):
    checkpointId: str
    name: str
    tagId: str
    latitude: float
    longitude: float
    building: str | None = None


class CheckpointList(Contract):
    items: list[CheckpointView]


class LegIn(Contract):
    checkpointId: Id
    allowedMinutes: int = Field(ge=1, le=720, description="From the previous checkpoint (or the round's start)")


class RouteRequest(Contract):
    routeId: Id
    name: Name
    legs: list[LegIn] = Field(min_length=1, max_length=100)


class RouteView(Contract):
    routeId: str
    name: str
    legs: list[LegIn]


class PlanRequest(Contract):
    planId: Id
    routeId: Id
    times: list[HourMinute] = Field(
        min_length=1, max_length=48, description="Beijing times, HH:MM (23:30 runs over midnight)"
    )
    guards: list[Id] = Field(min_length=1, max_length=20, description="Staff accounts of this community")


class PlanView(Contract):
    planId: str
    routeId: str
    times: list[str]
    guards: list[str]


class StartRoundRequest(Contract):
    routeId: Id
    guards: list[Id] = Field(default_factory=list, max_length=20)


class ScanRequest(Contract):
    tagId: TagId
    latitude: Latitude
    longitude: Longitude
    photoUploadId: Id | None = Field(
        default=None, description="A photo uploaded with a form from photo-uploads: checked and stored with the read"
    )


class PhotoUploadRequest(Contract):
    contentType: Literal["image/jpeg", "image/png", "image/webp"]
    sizeBytes: int = Field(ge=1, le=12 * 1024 * 1024, description="The file's size; the form allows no more")


class PhotoUploadView(Contract):
    uploadId: str
    url: str
    fields: dict[str, str] = Field(description="Form fields to POST with the file (multipart, the file last)")
    expiresInSeconds: int


class ReportPhoto(Contract):
    checkpointId: str
    name: str
    photoUrl: str = Field(description="A short-lived link to the re-encoded photo")


class StopView(Contract):
    checkpointId: str
    name: str
    deadline: str
    readAt: str | None
    readBy: str | None
    distanceM: int | None
    late: bool
    missed: bool
    photoUrl: str | None = None


class RoundView(Contract):
    roundId: str
    routeId: str
    routeName: str
    planId: str | None
    guards: list[str]
    startedAt: str
    status: Literal["active", "completed", "incomplete"]
    finishedAt: str | None
    stops: list[StopView]


class ReportLine(Contract):
    roundId: str
    routeName: str
    startedAt: str
    status: str
    guards: list[str]
    checkpoints: int
    read: int
    late: int
    missed: int
    far: int
    photos: list[ReportPhoto] = []


class ReportView(Contract):
    day: str
    rounds: list[ReportLine]
    totals: dict[str, int]


class ReportPath(Contract):
    day: Day


def checkpoint_view(cp: Checkpoint) -> CheckpointView:
    return CheckpointView(
        checkpointId=cp.checkpoint_id,
        name=cp.name,
        tagId=cp.tag_id,
        latitude=cp.latitude,
        longitude=cp.longitude,
        building=cp.building,
    )


def round_view(r: Round, photo_url: Callable[[str | None], str | None] | None = None) -> RoundView:
    return RoundView(
        roundId=r.round_id,
        routeId=r.route_id,
        routeName=r.route_name,
        planId=r.plan_id,
        guards=list(r.guards),
        startedAt=iso(r.started_at),
        status=r.status,  # type: ignore[arg-type]
        finishedAt=iso(r.finished_at) if r.finished_at else None,
        stops=[
            StopView(
                checkpointId=s.checkpoint_id,
                name=s.name,
                deadline=iso(s.deadline),
                readAt=iso(s.read_at) if s.read_at else None,
                readBy=s.read_by,
                distanceM=s.distance_m,
                late=bool(s.read_at and s.read_at > s.deadline),
                missed=s.missed and s.read_at is None,
                photoUrl=photo_url(s.photo_key) if photo_url and s.photo_key else None,
            )
            for s in r.stops
        ],
    )


def report_view(
    day: str, found: dict[str, Any], photo_url: Callable[[str | None], str | None] | None = None
) -> ReportView:
    def photos(line: dict[str, Any]) -> list[ReportPhoto]:
        out = []
        for checkpoint_id, name, key in line.get("photos", []):
            url = photo_url(key) if photo_url else None
            if url:
                out.append(ReportPhoto(checkpointId=checkpoint_id, name=name, photoUrl=url))
        return out

    lines = [
        ReportLine(**{**line, "startedAt": iso(line["startedAt"]), "photos": photos(line)}) for line in found["rounds"]
    ]
    return ReportView(day=day, rounds=lines, totals=found["totals"])
