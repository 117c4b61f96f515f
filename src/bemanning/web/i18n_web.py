"""The language of a request: ?lang=, then the session's choice, then Accept-Language for the API."""

from __future__ import annotations

from fastapi import Request

from bemanning.i18n import DEFAULT_LANG, LANGS


def request_lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return str(asked)
    session_lang = request.session.get("lang") if "session" in request.scope else None
    if session_lang in LANGS:
        return str(session_lang)
    accept = request.headers.get("accept-language", "")
    if request.url.path.startswith("/api/") and accept.lower().startswith("en"):
        return "en"
    return DEFAULT_LANG
