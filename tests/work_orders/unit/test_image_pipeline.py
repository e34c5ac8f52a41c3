"""The image pipeline on real images made by Pillow: EXIF orientation and GPS, PNG, truncated files, bombs,
non-images; and the photo slot rules around it (unknown uploads, duplicates, size)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from PIL import Image

from chalicelib.work_orders import adapters as images
from chalicelib.work_orders import media
from chalicelib.work_orders.media import ImageRejected, PhotoPipeline
from chalicelib.work_orders.model import Photo


def jpeg_with_gps_rotated(width: int = 800, height: int = 600) -> bytes:
    """A landscape JPEG whose EXIF says 'rotate 90 CW to view' (orientation 6) and carries a GPS position."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 2, height))  # left half blue: shows where the top went
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (39.0, 54.0, 27.0)
    gps[3], gps[4] = "E", (116.0, 23.0, 50.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def png(width: int = 300, height: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 128)).save(out, format="PNG")
    return out.getvalue()


def test_jpeg_is_turned_upright_and_served_without_exif_or_gps() -> None:
    data = jpeg_with_gps_rotated()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input really has GPS
    derived = images.process(data)
    assert (derived.width, derived.height) == (600, 800)  # upright: portrait
    for blob, edge in ((derived.display, 800), (derived.thumb, images.THUMB_EDGE)):
        out = Image.open(io.BytesIO(blob))
        assert out.format == "JPEG"
        assert max(out.size) == edge and out.size[0] < out.size[1]
        assert not out.getexif()  # no EXIF at all: no GPS, no maker
        assert "exif" not in out.info and "xmp" not in out.info
        top = out.convert("RGB").getpixel((out.size[0] // 2, 2))
        assert top[2] > top[0]  # the blue (left) half is now on top, as orientation 6 demands


def test_png_is_accepted_and_converted() -> None:
    derived = images.process(png())
    assert (derived.width, derived.height) == (300, 200)
    assert Image.open(io.BytesIO(derived.thumb)).size == (300, 200)  # never upscaled


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4 not an image at all", "not_an_image"),
        (b"", "not_an_image"),
        (jpeg_with_gps_rotated()[:1500], "corrupt_image"),
        (png()[:60], "corrupt_image"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImageRejected) as rejected:
        images.process(data)
    assert rejected.value.reason == reason


def test_a_decompression_bomb_is_rejected_without_decoding_it() -> None:
    # 20,000 x 20,000 pixels of one colour: a few hundred KB as PNG, 1.2 GB once decoded.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < 2_000_000
    with pytest.raises(ImageRejected) as rejected:
        images.process(out.getvalue())
    assert rejected.value.reason == "decompression_bomb"


def test_other_formats_and_oversized_files_are_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ImageRejected) as gif:
        images.process(out.getvalue())
    assert gif.value.reason == "unsupported_format"
    with pytest.raises(ImageRejected) as big:
        images.process(b"\xff" * (media.MAX_UPLOAD_BYTES + 1))
    assert big.value.reason == "too_large"


class Bucket:
    """Objects as a form stores them: with the content type the form sent (image/jpeg unless said)."""

    def __init__(self, objects: dict[str, bytes], types: dict[str, str | None] | None = None):
        self.objects = dict(objects)
        self.types: dict[str, str | None] = {k: "image/jpeg" for k in objects} | (types or {})

    def head(self, key: str) -> media.StoredObject | None:
        return media.StoredObject(len(self.objects[key]), self.types.get(key)) if key in self.objects else None

    def read(self, key: str, max_bytes: int) -> bytes:
        return self.objects[key][: max_bytes + 1]

    def write(self, key: str, data: bytes, content_type: str) -> None:
        self.objects[key], self.types[key] = data, content_type

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)


class Slots:
    def __init__(self, *photos: Photo):
        self.items = {p.photo_id: p for p in photos}

    def get_photo(self, community_id: str, ticket_id: str, photo_id: str) -> Photo | None:
        p = self.items.get(photo_id)
        return p if p and (p.community_id, p.ticket_id) == (community_id, ticket_id) else None

    def start_processing(self, photo: Photo) -> bool:
        from dataclasses import replace

        self.started = [*getattr(self, "started", []), photo.photo_id]
        self.items[photo.photo_id] = replace(photo, status="processing")
        return True

    def settle(self, photo: Photo, outcome: dict[str, Any]) -> Photo:
        from dataclasses import replace

        settled = replace(photo, status="ready" if outcome["ready"] else "rejected", reason=outcome.get("reason"))
        self.items[photo.photo_id] = settled
        return settled


def slot(photo_id: str = "ph-1", declared: int = 100_000) -> Photo:
    return Photo(photo_id, "wo-1", "c-1", "before", "image/jpeg", declared, "res-1", datetime.now(UTC))


def pipeline(bucket: Bucket, slots: Slots) -> PhotoPipeline:
    return PhotoPipeline(slots=slots, media=bucket, process=images.process, settle=slots.settle)


def test_pipeline_makes_derivatives_and_deletes_the_original() -> None:
    photo = slot()
    key = media.upload_key(photo)
    bucket, slots = Bucket({key: jpeg_with_gps_rotated()}), Slots(photo)
    outcome = pipeline(bucket, slots).handle(key)
    assert outcome.status == "ready"
    assert key not in bucket.objects  # the original with its GPS is gone
    assert sorted(bucket.objects) == [
        "media/c-1/wo-1/ph-1/display.jpg",
        "media/c-1/wo-1/ph-1/thumb.jpg",
    ]
    assert slots.items["ph-1"].status == "ready"
    assert pipeline(bucket, slots).handle(key).status == "duplicate"  # S3's at-least-once delivery


def test_pipeline_refuses_unknown_and_foreign_uploads() -> None:
    photo = slot()
    bucket = Bucket({"uploads/c-1/wo-2/ph-1": png(), "uploads/../etc": b"x", "elsewhere.jpg": b"x"})
    slots = Slots(photo)
    for key in list(bucket.objects):
        outcome = pipeline(bucket, slots).handle(key)
        assert outcome.status == "refused" and outcome.reason == "unknown_upload"
    assert bucket.objects == {}
    assert slots.items["ph-1"].status == "pending"  # the real slot is untouched


def test_pipeline_rejects_a_bad_or_oversized_upload_and_records_why() -> None:
    bad, big = slot("ph-bad"), slot("ph-big", declared=1000)
    bucket = Bucket({media.upload_key(bad): b"not an image", media.upload_key(big): png(2000, 2000)})
    slots = Slots(bad, big)
    assert pipeline(bucket, slots).handle(media.upload_key(bad)).reason == "not_an_image"
    assert pipeline(bucket, slots).handle(media.upload_key(big)).reason == "too_large"
    assert {p.status for p in slots.items.values()} == {"rejected"}
    assert bucket.objects == {}


def slot_of(content_type: str, declared: int, photo_id: str = "ph-1") -> Photo:
    return Photo(photo_id, "wo-1", "c-1", "before", content_type, declared, "res-1", datetime.now(UTC))


class SlotsByPhotoId(Slots):
    """A slot store that finds a photo by its id alone (what a careless repository would do)."""

    def get_photo(self, community_id: str, ticket_id: str, photo_id: str) -> Photo | None:
        return self.items.get(photo_id)


JPEG = jpeg_with_gps_rotated(400, 300)


@pytest.mark.parametrize(
    ("case", "photo", "key", "data", "stored_type", "reason"),
    [
        ("larger than declared", slot_of("image/jpeg", len(JPEG) - 1), None, JPEG, "image/jpeg", "too_large"),
        ("stored as another type", slot_of("image/jpeg", 100_000), None, JPEG, "image/png", "type_mismatch"),
        ("stored without a type", slot_of("image/jpeg", 100_000), None, JPEG, None, "type_mismatch"),
        ("decodes as another type", slot_of("image/jpeg", 100_000), None, png(), "image/jpeg", "type_mismatch"),
        ("a PNG slot filled with a JPEG", slot_of("image/png", 100_000), None, JPEG, "image/png", "type_mismatch"),
        ("empty", slot_of("image/jpeg", 100_000), None, b"", "image/jpeg", "not_an_image"),
        (
            "another ticket's key",
            slot_of("image/jpeg", 100_000),
            "uploads/c-1/wo-9/ph-1",
            JPEG,
            "image/jpeg",
            "key_mismatch",
        ),
    ],
)
def test_the_pipeline_checks_the_object_matches_the_slot_it_claims(
    case: str, photo: Photo, key: str | None, data: bytes, stored_type: str | None, reason: str
) -> None:
    """Whatever the bucket let through, an object settles its slot only as the slot's own key, at most its declared
    size, stored with its content type and decoding as that type; otherwise the slot is rejected with the reason
    and the object deleted."""
    key = key or media.upload_key(photo)
    bucket, slots = Bucket({key: data}, {key: stored_type}), SlotsByPhotoId(photo)
    outcome = pipeline(bucket, slots).handle(key)
    assert (outcome.status, outcome.reason) == ("rejected", reason), case
    assert slots.items[photo.photo_id].status == "rejected"
    assert bucket.objects == {}, "the upload is deleted, nothing derived"


def test_an_upload_exactly_as_declared_is_accepted() -> None:
    photo = slot_of("image/jpeg", len(JPEG))
    bucket = Bucket({media.upload_key(photo): JPEG})
    assert pipeline(bucket, Slots(photo)).handle(media.upload_key(photo)).status == "ready"
    png_slot = slot_of("image/png", 100_000, "ph-2")
    bucket = Bucket({media.upload_key(png_slot): png()}, {media.upload_key(png_slot): "image/png"})
    assert pipeline(bucket, Slots(png_slot)).handle(media.upload_key(png_slot)).status == "ready"
