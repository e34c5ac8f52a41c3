"""Method override: the methods WeChat's `wx.request` lacks (PATCH) are also reachable as POST + a header.

A mini-program (and a staff app built as one with uni-app) can only send OPTIONS, GET, HEAD, POST, PUT, DELETE,
TRACE and CONNECT. Every endpoint declared with another method is therefore routed twice: under its own method,
and as `POST` with `X-HTTP-Method-Override: <METHOD>` on the same path. Both are ordinary Chalice routes, so
`chalice package` puts both into the API Gateway definition; the POST route dispatches on the header to the very
same view (same access check, validation and error body). A plain POST on such a path (no header) reaches the
path's own POST endpoint if it has one, and is refused with 405 otherwise. Only the methods `wx.request` lacks can
be tunnelled: the header never turns a POST into a GET or DELETE, and a POST whose header names a method the path
does not tunnel is refused with 405. Every POST endpoint is registered through the same dispatcher, so the order in
which a path's POST and PATCH are declared does not matter.
"""

from __future__ import annotations

from collections.abc import Callable

from chalice import Blueprint, Chalice, Response

from chalicelib.kernel.http_errors import error_response

# `WechatMiniprogram.RequestOption["method"]` in Tencent's miniprogram-api-typings.
WX_REQUEST_METHODS = frozenset({"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT"})
OVERRIDE_HEADER = "X-HTTP-Method-Override"
TUNNEL_METHOD = "POST"

View = Callable[..., Response]

# Kept on the app or blueprint itself: path -> method -> view, for the POST routes that dispatch on the header.
SLOTS_ATTRIBUTE = "_method_override_slots"


def needs_override(method: str) -> bool:
    return method.upper() not in WX_REQUEST_METHODS


def route(bp: Blueprint | Chalice, method: str, path: str, view: View) -> None:
    """Register `view` for `method` on `path`, plus the POST + header route when `wx.request` lacks the method."""
    method = method.upper()
    if method != TUNNEL_METHOD:
        bp.route(path, methods=[method], content_types=["*/*"])(view)
    if method != TUNNEL_METHOD and not needs_override(method):
        return
    slots: dict[str, dict[str, View]] = bp.__dict__.setdefault(SLOTS_ATTRIBUTE, {})
    slot = slots.get(path)
    if slot is None:
        # The path's one POST route: it serves the path's own POST endpoint and the tunnelled methods, whichever
        # of them is declared first.
        slot = slots[path] = {TUNNEL_METHOD: view} if method == TUNNEL_METHOD else {}
        bp.route(path, methods=[TUNNEL_METHOD], content_types=["*/*"])(_dispatcher(bp, slot, view))
        if method == TUNNEL_METHOD:
            return
    if method in slot:
        raise ValueError(f"{method} {path} is declared twice")
    slot[method] = view


def _dispatcher(bp: Blueprint | Chalice, slot: dict[str, View], first: View) -> View:
    def post_view(**path_params: str) -> Response:
        req = bp.current_request
        assert req is not None
        wanted = (req.headers.get(OVERRIDE_HEADER.lower()) or TUNNEL_METHOD).strip().upper()
        view = slot.get(wanted)
        if view is None or (wanted != TUNNEL_METHOD and not needs_override(wanted)):
            from chalicelib.kernel.call import request_id_of
            from chalicelib.kernel.i18n import current_locale, negotiate

            current_locale.set(negotiate(req.headers.get("accept-language")))
            allowed = sorted(m for m in slot if m != TUNNEL_METHOD)
            hint = f"; send POST with {OVERRIDE_HEADER}: {' or '.join(allowed)}" if allowed else ""
            return error_response(
                405,
                "METHOD_NOT_ALLOWED",
                f"POST as {wanted} is not allowed on this path{hint}",
                request_id_of(req),
                [{"field": OVERRIDE_HEADER, "code": "one_of", "message": " | ".join(allowed), "allowed": allowed}]
                if allowed
                else None,
            )
        return view(**path_params)

    post_view.__name__ = first.__name__ if TUNNEL_METHOD in slot else f"{first.__name__}_via_post"
    post_view.__doc__ = first.__doc__
    return post_view
