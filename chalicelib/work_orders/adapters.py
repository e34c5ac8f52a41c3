"""The media bucket (S3): presigned POST for uploads, presigned GET for viewing, reading originals and writing
derived images. The bucket is private and encrypted (infra/resources.yaml `MediaBucket`); nobody reaches an object
without a URL signed here, and those URLs are short-lived.

The image pipeline (Pillow): check an upload is a real, reasonably sized image, turn it upright, strip its
metadata (EXIF with GPS never reaches anyone who views it), and make a display size and a thumbnail.

Every failure of decoding outside bytes (not an image, truncated, a decompression bomb, a format we do not take)
becomes a `ImageRejected` with a reason; nothing here raises anything else for bad input.

Step Functions gateway of the work-order SLA workflow (stepfunctions/work_order.asl.json).
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalicelib.kernel.aws import client
from chalicelib.kernel.workflows import StateMachine, stop_execution
from chalicelib.work_orders.media import FORMAT_TYPES, MAX_UPLOAD_BYTES, Derived, ImageRejected, StoredObject
from chalicelib.work_orders.model import UPLOAD_WINDOW, Notice, Ticket

if TYPE_CHECKING:
    from chalicelib.notifications import Message

UPLOAD_URL_SECONDS = int(UPLOAD_WINDOW.total_seconds())
VIEW_URL_SECONDS = 300


def bucket() -> str:
    name = os.environ.get("MEDIA_BUCKET")
    if not name:
        raise RuntimeError("MEDIA_BUCKET is not configured")
    return name


def _s3() -> Any:
    return client("s3")


class S3Media:
    def upload_form(self, key: str, content_type: str, max_bytes: int) -> dict[str, Any]:
        """A presigned POST bound to one key, one content type and a size range (S3 enforces all three)."""
        return dict(
            _s3().generate_presigned_post(
                Bucket=bucket(),
                Key=key,
                Fields={"Content-Type": content_type},
                Conditions=[
                    {"Content-Type": content_type},
                    ["content-length-range", 1, max_bytes],
                    {"key": key},
                ],
                ExpiresIn=UPLOAD_URL_SECONDS,
            )
        )

    def view_url(self, key: str) -> str:
        return str(
            _s3().generate_presigned_url(
                "get_object", Params={"Bucket": bucket(), "Key": key}, ExpiresIn=VIEW_URL_SECONDS
            )
        )

    def head(self, key: str) -> StoredObject | None:
        s3 = _s3()
        try:
            found = s3.head_object(Bucket=bucket(), Key=key)
            return StoredObject(int(found["ContentLength"]), found.get("ContentType"))
        except s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def read(self, key: str, max_bytes: int) -> bytes:
        body = _s3().get_object(Bucket=bucket(), Key=key)["Body"]
        return bytes(body.read(max_bytes + 1))

    def write(self, key: str, data: bytes, content_type: str) -> None:
        _s3().put_object(
            Bucket=bucket(), Key=key, Body=data, ContentType=content_type, CacheControl="private, max-age=300"
        )

    def delete(self, key: str) -> None:
        _s3().delete_object(Bucket=bucket(), Key=key)


ACCEPTED_FORMATS = FORMAT_TYPES
# A 12-megapixel phone photo is 12e6 pixels; refuse anything past 40 MP (a bomb decodes far beyond its bytes).
MAX_PIXELS = 40_000_000
DISPLAY_EDGE = 1600
THUMB_EDGE = 320
# JPEG rather than WebP: encodes ~10x faster here and every WeChat client renders it.
OUTPUT_FORMAT, OUTPUT_TYPE, OUTPUT_SUFFIX = "JPEG", "image/jpeg", "jpg"


def process(data: bytes) -> Derived:
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected("too_large", f"the file is {len(data)} bytes; the limit is {MAX_UPLOAD_BYTES}")
    try:
        with warnings.catch_warnings():
            # Pillow warns between MAX_IMAGE_PIXELS and twice that, and raises beyond: refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected("unsupported_format", f"{image.format} images are not accepted")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected("decompression_bomb", f"{width}x{height} is more than {MAX_PIXELS} pixels")
            orientation = image.getexif().get(0x0112, 1)
            if image.format == "JPEG":
                # Decode at a reduced scale straight from the DCT (1/2, 1/4, 1/8), as small as still covers the
                # display size: a 12 MP photo decodes as 3 MP.
                scale = DISPLAY_EDGE / max(width, height)
                if scale < 1:
                    image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected("decompression_bomb", str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected("not_an_image", "the file is not an image") from exc
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, RecursionError) as exc:
        raise ImageRejected("corrupt_image", f"the image could not be decoded: {type(exc).__name__.lower()}") from exc
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    display = upright.convert("RGB")  # drops alpha and palettes; the new image carries no EXIF, ICC or XMP
    display.thumbnail((DISPLAY_EDGE, DISPLAY_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    thumb = display.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return Derived(
        width=width,
        height=height,
        source_format=str(image.format),
        display=_encode(display),
        thumb=_encode(thumb),
        content_type=OUTPUT_TYPE,
        suffix=OUTPUT_SUFFIX,
    )


def _encode(image: object) -> bytes:
    from PIL import Image

    assert isinstance(image, Image.Image)
    out = io.BytesIO()
    image.save(out, format=OUTPUT_FORMAT, quality=82, optimize=True)  # no exif= argument: nothing carried over
    return out.getvalue()


class StepFunctionsSla:
    """The work-order SLA workflow (stepfunctions/work_order.asl.json, env WORK_ORDER_STATE_MACHINE_ARN)."""

    machine = StateMachine("WORK_ORDER_STATE_MACHINE_ARN")

    def start(self, ticket: Ticket) -> str:
        return self.machine.start(ticket.ticket_id, ticket.workflow_input())

    def stop(self, execution_arn: str, reason: str) -> None:
        stop_execution(execution_arn, reason)


class WorkOrderNotices:
    """The work-order service's `Notifier` port over the notifications capability (a delivery record per
    recipient): staff by push (their account), residents by WeChat subscribe message (their openid), in the
    `work_order` template's words: what happened, the kind and category, the house as people name it, the
    technician's name, Beijing time."""

    def __init__(
        self,
        send: Callable[[Message], object],
        openid_of: Callable[[str], str | None],
        place_of: Callable[[str, dict[str, Any]], str] | None = None,
        staff_name: Callable[[str], str] | None = None,
    ):
        self._send = send  # the notifications capability's send: a delivery record per recipient
        self._openid_of = openid_of  # (resident account id) -> openid | None
        self._place_of = place_of or _registry_place  # (community, brief) -> 3栋2单元1201
        self._staff_name = staff_name or _staff_name  # (staff account id) -> name

    def facts(self, community_id: str, topic: str, data: dict[str, Any]) -> dict[str, str]:
        from chalicelib.kernel.clock import parse_iso
        from chalicelib.kernel.i18n import label, local_time

        event = topic.removeprefix("work_order.")
        technician = self._staff_name(data["assignee"]) if data.get("assignee") else ""
        working = event in ("assigned", "in_progress", "resolved") and technician
        note = f"维修人员{technician}" if working else str(data.get("description") or "")

        def moment(key: str) -> str:
            try:
                return local_time(parse_iso(str(data[key])))
            except (KeyError, ValueError):
                return ""

        return {
            "event": label("work_order.event", event),
            "title": f"{label('work_order.kind', data['kind'])}·{label('work_order.category', data['category'])}",
            "status": label("work_order.status", data["status"]),
            "place": self._place_of(community_id, data),
            "time": moment("at"),
            "due": moment("dueAt"),
            "note": note,
            "reference": str(data["ticketId"]),
        }

    def send(self, notices: list[Notice]) -> None:
        from chalicelib.notifications import PUSH, WECHAT, Recipient, compose

        by_topic: dict[tuple[str, str], list[Notice]] = {}
        for notice in notices:
            by_topic.setdefault((notice.topic, notice.data["ticketId"]), []).append(notice)
        for (topic, ticket_id), group in by_topic.items():
            recipients: list[Recipient] = []
            for notice in group:
                if notice.recipient_kind == "resident":
                    openid = self._openid_of(notice.recipient)
                    if openid:
                        recipients.append(Recipient(WECHAT, openid, role="reporter"))
                else:
                    recipients.append(Recipient(PUSH, notice.recipient, role="staff"))
            if not recipients:
                continue
            data, community_id = group[0].data, group[0].community_id
            for message in compose(
                "work_order",
                self.facts(community_id, topic, data),
                community_id=community_id,
                subject=f"workorder:{ticket_id}",
                key=f"{topic}@v{data.get('version', 0)}",  # one delivery per change: a retry sends nothing new
                recipients=recipients,
                link=f"pages/work-orders/detail?id={ticket_id}",
            ):
                self._send(message)


def _registry_place(community_id: str, data: dict[str, Any]) -> str:
    """The ticket's house (`3栋2单元1201`), or its building and public area, as the registry names them."""
    from chalicelib.registry import building_label, house_label

    where = data.get("location") or {}
    if where.get("houseId"):
        return house_label(community_id, str(where["houseId"])) or ""
    building = building_label(community_id, str(where["buildingId"])) if where.get("buildingId") else None
    return " ".join(p for p in (building, str(where.get("area") or "")) if p)


def _staff_name(account_id: str) -> str:
    from chalicelib.identity import staff_account

    account = staff_account(account_id)
    return (account.name or account.username) if account is not None else ""


class RegistryPlaces:
    """The ticket location port on the registry (its package face, never its repository)."""

    def building_of_house(self, community_id: str, house_id: str) -> str | None:
        from chalicelib.registry import find_record

        house = find_record(community_id, "house", house_id)
        if house is None:
            return None
        return str((house.attrs or {}).get("buildingId") or "")

    def building_exists(self, community_id: str, building_id: str) -> bool:
        from chalicelib.registry import building_exists

        return building_exists(community_id, building_id)


class TicketDirectory:
    """Names for the ids a ticket holds, from the registry (places, residents) and identity (staff), through their
    package faces."""

    def place_labels(self, community_id: str, house_ids: set[str], building_ids: set[str]) -> dict[str, str]:
        from chalicelib.registry import place_labels

        return place_labels(community_id, house_ids, building_ids)

    def staff(self, community_id: str) -> dict[str, tuple[str, str | None]]:
        from chalicelib.identity import staff_in_community

        return {a.account_id: (a.name, a.phone_masked) for a in staff_in_community(community_id)}

    def resident_names(self, community_id: str, house_id: str) -> dict[str, str]:
        """The house's bound residents by account: their registered names."""
        from chalicelib.registry import residents_of

        return {r.account_id: r.person_name for r in residents_of(community_id, house_id) if r.account_id}
