"""Occupancy samples in the parking table: `C#{c}#OCC#{park}#{Beijing day}` / `{hour:02d}` -> occupied, capacity;
put once per hour (conditional); TTL 400 days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pynamodb.attributes import NumberAttribute, TTLAttribute
from pynamodb.exceptions import PutError

from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import ParkingTable
from chalicelib.parking.occupancy import Sample

RETENTION = timedelta(days=400)


class SampleItem(ParkingTable):
    occupied = NumberAttribute()
    capacity = NumberAttribute()
    expires_at = TTLAttribute(null=True)


def _pk(community_id: str, park_id: str, day: date) -> str:
    return f"C#{community_id}#OCC#{park_id}#{day.isoformat()}"


class OccupancyStorage:
    """Occupancy samples: a part of `DynamoParkingStore`."""

    def record_sample(self, sample: Sample) -> bool:
        start = datetime(sample.day.year, sample.day.month, sample.day.day, tzinfo=UTC)
        try:
            SampleItem(
                _pk(sample.community_id, sample.park_id, sample.day),
                f"{sample.hour:02d}",
                occupied=sample.occupied,
                capacity=sample.capacity,
                expires_at=start + RETENTION,
            ).save(condition=SampleItem.pk.does_not_exist())
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def samples(self, community_id: str, park_id: str, day: date) -> list[Sample]:
        return [
            Sample(community_id, park_id, day, int(i.sk), int(i.occupied), int(i.capacity))
            for i in SampleItem.query(_pk(community_id, park_id, day))
        ]
