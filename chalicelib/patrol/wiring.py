"""Builds the patrol service from its repository and adapters (typed; built once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.patrol.photos import PatrolPhotos
    from chalicelib.patrol.service import PatrolService


@built
def patrol_service() -> PatrolService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.patrol.adapters import AlarmCentre, StepFunctionsRounds, is_community_staff
    from chalicelib.patrol.repository import DynamoPatrolStore
    from chalicelib.patrol.service import PatrolService

    return PatrolService(
        store=DynamoPatrolStore(),
        workflows=StepFunctionsRounds(),
        alarms=AlarmCentre(),
        is_staff=is_community_staff,
        now=utcnow,
    )


@built
def patrol_photos() -> PatrolPhotos:
    from chalicelib.patrol.photos import PatrolPhotos
    from chalicelib.work_orders import (
        MAX_PHOTO_BYTES,
        PHOTO_FORMATS,
        PHOTO_TYPES,
        ImageRejected,
        media_store,
        process_image,
    )

    return PatrolPhotos(
        media=media_store(),
        process=process_image,
        content_types=PHOTO_TYPES,
        format_types=PHOTO_FORMATS,
        max_bytes=MAX_PHOTO_BYTES,
        rejected=ImageRejected,
    )
