"""Which provider template each message kind uses: per community and per kind, with the stage's defaults.

A WeChat subscribe template is chosen in the mini-program's console (订阅消息 -> 选用模板); it gets an id and keys
whose names carry their type (`thing1`, `time4`). For each kind an operator (stage settings, `infra/stages.yaml`
-> `NOTIFY_TEMPLATES`) or a community admin (`PUT .../notification-templates/{kind}`) says which template and which
of the kind's fields each key shows; the SMS template code per kind likewise (its variables are named after the
kind's SMS fields, `templates.KindSpec.sms`). A community's own setting wins over the stage's.

Stage document (JSON, `NOTIFY_TEMPLATES`):

    {"wechat": {"sos": {"templateId": "...", "fields": {"thing1": "title", "thing2": "place", ...}}, ...},
     "sms": {"sos": "SMS_123456789", ...}}

`problems(...)` refuses what WeChat would: a key of no subscribe type, a field the kind does not offer, a field
shown as a type that cannot say it (a place in a `phrase`), a template without a key.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from chalicelib.kernel.errors import InvalidInput, NotFound
from chalicelib.notifications.subscribe_values import KEY, ValueRefused, field_type
from chalicelib.notifications.templates import CONTACT, KINDS, RESIDENT, SHOWN_AS

TEMPLATE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SMS_TEMPLATE = re.compile(r"^SMS_[0-9]{1,20}$")
STAGE, COMMUNITY = "stage", "community"


@dataclass(frozen=True)
class WechatTemplate:
    template_id: str
    fields: dict[str, str]  # template key -> the kind's field it shows

    def as_dict(self) -> dict[str, Any]:
        return {"templateId": self.template_id, "fields": dict(self.fields)}


@dataclass(frozen=True)
class KindTemplates:
    kind: str
    wechat: WechatTemplate | None = None
    sms_template: str | None = None
    source: dict[str, str] = field(default_factory=dict)  # channel -> stage | community


def problems(kind: str, wechat: dict[str, Any] | None, sms_template: str | None) -> list[dict[str, str]]:
    """Field-level problems of one kind's setting (empty when WeChat and the SMS provider would take it)."""
    found: list[dict[str, str]] = []
    spec = KINDS.get(kind)
    if spec is None:
        return [{"field": "kind", "code": "unknown_kind", "message": f"one of {', '.join(sorted(KINDS))}"}]
    if wechat is not None:
        template_id = str(wechat.get("templateId") or "")
        if not TEMPLATE_ID.match(template_id):
            found.append({"field": "wechat.templateId", "code": "pattern", "message": TEMPLATE_ID.pattern})
        keys = wechat.get("fields") or {}
        if not isinstance(keys, dict) or not keys:
            found.append({"field": "wechat.fields", "code": "required", "message": "at least one template key"})
            keys = {}
        for key, shown in keys.items():
            at = f"wechat.fields.{key}"
            if not KEY.match(str(key)):
                found.append({"field": at, "code": "wechat_key", "message": "thing1, phrase2, time3, ..."})
                continue
            if shown not in spec.fields:
                message = f"{kind} offers {', '.join(spec.fields)}"
                found.append({"field": at, "code": "unknown_field", "message": message})
                continue
            if field_type(str(key)) not in SHOWN_AS[str(shown)]:
                message = f"{shown} is shown as {' or '.join(SHOWN_AS[str(shown)])}"
                found.append({"field": at, "code": "type", "message": message})
    if sms_template is not None and not SMS_TEMPLATE.match(sms_template):
        found.append({"field": "smsTemplate", "code": "pattern", "message": SMS_TEMPLATE.pattern})
    return found


def _wechat(doc: Any) -> WechatTemplate | None:
    if not isinstance(doc, dict) or not doc.get("templateId"):
        return None
    return WechatTemplate(str(doc["templateId"]), {str(k): str(v) for k, v in (doc.get("fields") or {}).items()})


def stage_templates(document: str) -> dict[str, KindTemplates]:
    """The stage's defaults (`NOTIFY_TEMPLATES`); an unusable entry is left out (deploy's preflight refuses it)."""
    try:
        doc = json.loads(document) if document.strip() else {}
    except ValueError:
        return {}
    if not isinstance(doc, dict):
        return {}
    wechat: dict[str, Any] = doc["wechat"] if isinstance(doc.get("wechat"), dict) else {}
    sms: dict[str, Any] = doc["sms"] if isinstance(doc.get("sms"), dict) else {}
    found: dict[str, KindTemplates] = {}
    for kind in KINDS:
        template = _wechat(wechat.get(kind))
        code = sms.get(kind)
        code = str(code) if code else None
        if problems(kind, template.as_dict() if template else None, code):
            template, code = None, None
        source = {c: STAGE for c, v in (("wechat", template), ("sms", code)) if v}
        found[kind] = KindTemplates(kind, template, code, source)
    return found


def stage_problems(document: str) -> list[str]:
    """What is wrong with a stage's document, one line each (infra/deploy.py's preflight)."""
    try:
        doc = json.loads(document) if document.strip() else {}
    except ValueError as exc:
        return [f"NotifyTemplates is not JSON: {exc}"]
    if not isinstance(doc, dict):
        return ["NotifyTemplates is not a JSON object"]
    lines: list[str] = []
    for kind, entry in (doc.get("wechat") or {}).items():
        if isinstance(entry, dict) and not entry.get("templateId"):
            continue  # not set yet: `stage_gaps` names what is missing
        lines += [f"wechat.{kind}: {p['field']} {p['code']} ({p['message']})" for p in problems(kind, entry, None)]
    for kind, code in (doc.get("sms") or {}).items():
        if code:
            lines += [f"sms.{kind}: {p['field']} {p['code']} ({p['message']})" for p in problems(kind, None, str(code))]
    return lines


def stage_gaps(document: str) -> list[str]:
    """The kinds a stage cannot deliver: a kind told to residents without a WeChat template, one told to
    emergency contacts without an SMS template (infra/deploy.py refuses such a stage)."""
    found = stage_templates(document)
    lines: list[str] = []
    for kind, spec in KINDS.items():
        if RESIDENT in spec.audiences and found[kind].wechat is None:
            lines.append(f"wechat.{kind}: no subscribe template (residents would get no {kind} message)")
        if CONTACT in spec.audiences and not found[kind].sms_template:
            lines.append(f"sms.{kind}: no SMS template code (emergency contacts would get no {kind} message)")
    return lines


def effective(stage: dict[str, KindTemplates], overrides: dict[str, dict[str, Any]]) -> dict[str, KindTemplates]:
    """Per kind: the community's own WeChat template and SMS code where it set one, else the stage's."""
    result: dict[str, KindTemplates] = {}
    for kind in KINDS:
        base = stage.get(kind) or KindTemplates(kind)
        own = overrides.get(kind) or {}
        wechat, sms, source = base.wechat, base.sms_template, dict(base.source)
        if own.get("wechat"):
            wechat, source["wechat"] = _wechat(own["wechat"]), COMMUNITY
        if own.get("smsTemplate"):
            sms, source["sms"] = str(own["smsTemplate"]), COMMUNITY
        result[kind] = KindTemplates(kind, wechat, sms, source)
    return result


def wechat_data(template: WechatTemplate, values: dict[str, str]) -> dict[str, dict[str, str]]:
    """The subscribe message's `data` for a message's fields (each value built by its key's type's rule)."""
    from chalicelib.notifications.subscribe_values import subscribe_data

    return subscribe_data(template.fields, values)


def _known(kind: str) -> None:
    if kind not in KINDS:
        raise NotFound(f"no notification kind {kind!r}", code="NOTIFICATION_KIND_NOT_FOUND")


class TemplateStore(Protocol):
    def overrides(self, community_id: str) -> dict[str, dict[str, Any]]: ...

    def put(
        self,
        community_id: str,
        kind: str,
        wechat: dict[str, Any] | None,
        sms_template: str | None,
        by: str,
        at: datetime,
    ) -> None: ...

    def delete(self, community_id: str, kind: str) -> None: ...


@dataclass
class TemplateSettings:
    """The community's templates per kind (its own over the stage's), cached briefly per container: a message
    reads them, and a community admin's change is seen within `ttl_seconds`."""

    store: TemplateStore
    stage: dict[str, KindTemplates]
    now: Callable[[], datetime]
    ttl_seconds: float = 30.0
    _cache: dict[str, tuple[float, dict[str, KindTemplates]]] = field(default_factory=dict)

    def of(self, community_id: str) -> dict[str, KindTemplates]:
        cached = self._cache.get(community_id)
        if cached and time.monotonic() - cached[0] < self.ttl_seconds:
            return cached[1]
        found = effective(self.stage, self.store.overrides(community_id))
        self._cache[community_id] = (time.monotonic(), found)
        return found

    def wechat(self, community_id: str, kind: str) -> WechatTemplate | None:
        found = self.of(community_id).get(kind)
        return found.wechat if found else None

    def sms(self, community_id: str, kind: str) -> str | None:
        found = self.of(community_id).get(kind)
        return found.sms_template if found else None

    def set(
        self, community_id: str, kind: str, wechat: dict[str, Any] | None, sms_template: str | None, by: str
    ) -> KindTemplates:
        """A community admin's setting for one kind (what it leaves out stays the stage's)."""
        _known(kind)
        found = problems(kind, wechat, sms_template)
        if wechat is None and sms_template is None:
            found.append({"field": "wechat", "code": "required", "message": "a WeChat template, an SMS one, or both"})
        if found:
            raise InvalidInput("the template setting is not valid", code="VALIDATION_FAILED", details=found)
        self.store.put(community_id, kind, wechat, sms_template, by, self.now())
        self._cache.pop(community_id, None)
        return self.of(community_id)[kind]

    def reset(self, community_id: str, kind: str) -> KindTemplates:
        _known(kind)
        self.store.delete(community_id, kind)
        self._cache.pop(community_id, None)
        return self.of(community_id)[kind]


__all__ = [
    "COMMUNITY",
    "STAGE",
    "KindTemplates",
    "TemplateSettings",
    "TemplateStore",
    "ValueRefused",
    "WechatTemplate",
    "effective",
    "problems",
    "stage_gaps",
    "stage_problems",
    "stage_templates",
    "wechat_data",
]
