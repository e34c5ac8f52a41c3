"""Error bodies speak the caller's language: zh-CN by default, English on `Accept-Language: en`; the code, the
status and the fields of `details` stay the same, whichever language (the catalogue: `chalicelib/kernel/i18n`)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.support.registry import token


def _get(client: Any, path: str, tok: str | None, language: str | None = None, method: str = "get") -> Any:
    headers = {"Content-Type": "application/json"}
    if tok:
        headers["Authorization"] = f"Bearer {tok}"
    if language is not None:
        headers["Accept-Language"] = language
    return getattr(client.http, method)(path, headers=headers, body=b"{}" if method == "post" else None)


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_not_found_is_chinese_by_default_and_english_on_request(client: Any) -> None:
    community = f"c{uuid.uuid4().hex[:10]}"
    manager = token({"staff.manager"}, {community})
    path = f"/v1/staff/communities/{community}/alarms/alm-0123456789abcdef"
    zh = _get(client, path, manager)
    en = _get(client, path, manager, "en-US,en;q=0.9")
    assert zh.status_code == en.status_code == 404
    zh_error, en_error = json.loads(zh.body)["error"], json.loads(en.body)["error"]
    assert zh_error["code"] == en_error["code"] == "ALARM_NOT_FOUND"
    assert zh_error["message"] == "告警不存在"
    assert not _has_chinese(en_error["message"]) and "alarm" in en_error["message"]
    assert zh.headers["Content-Language"] == "zh-CN" and en.headers["Content-Language"] == "en"


def test_a_browser_preferring_chinese_gets_chinese(client: Any) -> None:
    response = _get(client, "/v1/staff/communities/c-none/alarms", None, "zh-CN,zh;q=0.9,en;q=0.8")
    error = json.loads(response.body)["error"]
    assert response.status_code == 401 and error["code"] == "TOKEN_MISSING" and error["message"] == "请先登录"


def test_field_details_keep_their_codes_and_read_in_the_language(client: Any) -> None:
    community = f"c{uuid.uuid4().hex[:10]}"
    guard = token({"staff.guard"}, {community})
    path = f"/v1/staff/communities/{community}/alarms"
    answers = {}
    for language in (None, "en"):
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {guard}"}
        if language:
            headers["Accept-Language"] = language
        body = json.dumps({"severity": "critical", "requestId": "r-1", "surprise": 1})
        response = client.http.post(path, headers=headers, body=body)
        answers[language] = (response.status_code, json.loads(response.body)["error"])
    (zh_status, zh), (en_status, en) = answers[None], answers["en"]
    assert zh_status == en_status == 400 and zh["code"] == en["code"] == "VALIDATION_FAILED"
    assert [(d["field"], d["code"]) for d in zh["details"]] == [(d["field"], d["code"]) for d in en["details"]]
    by_code = {d["code"]: d["message"] for d in zh["details"]}
    assert by_code["missing"] == "必填" and by_code["extra_forbidden"] == "不接受此字段"
    assert all(not _has_chinese(d["message"]) for d in en["details"])
    assert _has_chinese(zh["message"]) and not _has_chinese(en["message"])


def test_errors_chalice_answers_itself_are_translated_too(client: Any) -> None:
    response = client.http.put("/v1/health", headers={})
    error = json.loads(response.body)["error"]
    assert response.status_code == 405 and error["code"] == "METHOD_NOT_ALLOWED"
    assert error["message"] == "该地址不支持此请求方法"
    english = json.loads(client.http.put("/v1/health", headers={"Accept-Language": "en"}).body)["error"]
    assert english["code"] == "METHOD_NOT_ALLOWED" and not _has_chinese(english["message"])
