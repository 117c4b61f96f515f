"""Errors as RFC 9457 problem details (``application/problem+json``), localised.

Every problem carries ``detail`` in the request's language and ``messages`` in both languages,
so an API client can show Norwegian or English without a second call.
"""

from __future__ import annotations

import html
import logging
import traceback
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bemanning.i18n import has, t, validation_key
from bemanning.io.errors import UserError, UserMessage
from bemanning.store.repo import NotFound, VersionConflict

from .i18n_web import request_lang

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("bemanning.web")
_LOCATIONS = ("body", "path", "query", "header", "form", "cookie")


class Problem(Exception):
    """A client error with a stable code (i18n key) and its context."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        messages: list[UserMessage] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **context: Any,
    ):
        self.headers = headers or {}
        self.status = status
        self.code = code
        self.context = context
        self.messages = messages or []
        self.extra = extra or {}
        super().__init__(code)

    def context_in(self, lang: str) -> dict[str, Any]:
        """The context with an ``entity`` code ("job", "roster") named in ``lang``: "Fant ikke jobben
        «…»", never "Fant ikke job"."""
        context = dict(self.context)
        entity = context.get("entity")
        key = f"entity_{entity}".replace(" ", "_") if isinstance(entity, str) else ""
        if key and has(key):
            name = t(key, lang)
            # "Jobben er endret …" starts a sentence; "Fant ikke jobben …" does not.
            context["entity"] = name[:1].lower() + name[1:] if lang == "no" and self.code == "web_not_found" else name
        return context

    def text(self, lang: str) -> str:
        return t(self.code, lang, **self.context_in(lang))

    @classmethod
    def from_user_error(cls, error: UserError, status: int = 422) -> Problem:
        return cls(
            status, "web_request_invalid", messages=([error.header] if error.header else []) + error.messages
        )


class LoginRequired(Exception):
    """A page needs a logged-in user: redirect to the login page."""


def _texts(problem: Problem, lang: str) -> dict[str, Any]:
    detail = problem.text(lang)
    items = {code: [m.text(code) for m in problem.messages] for code in ("no", "en")}
    body: dict[str, Any] = {
        "type": f"/problems/{problem.code}",
        "title": problem.text("en").split(":")[0],
        "status": problem.status,
        "code": problem.code,
        "detail": detail + ("\n" + "\n".join(items[lang]) if items[lang] else ""),
        "messages": {code: [problem.text(code), *items[code]] for code in ("no", "en")},
    }
    body.update(problem.extra)
    return body


def problem_response(request: Request, problem: Problem) -> JSONResponse:
    body = _texts(problem, request_lang(request))
    body["instance"] = request.url.path
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers)


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


async def handle_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    if _is_page(request):
        if request.headers.get("HX-Request"):
            # HTMX shows this fragment in the flash area (see static/app.js).
            lang = request_lang(request)
            lines = [exc.text(lang), *[m.text(lang) for m in exc.messages]]
            body = "".join(f'<p class="error" role="alert">{html.escape(line)}</p>' for line in lines)
            return HTMLResponse(body, status_code=exc.status)
        from .templating import render_error

        return render_error(request, exc)
    return problem_response(request, exc)


async def handle_login_required(request: Request, exc: Exception) -> Response:
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    return RedirectResponse("/login", status_code=303)


async def handle_not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFound)
    return await handle_problem(request, Problem(404, "web_not_found", entity=exc.entity, key=exc.key))


async def handle_conflict(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, VersionConflict)
    problem = Problem(
        409,
        "web_conflict",
        entity=exc.entity,
        expected=exc.expected,
        current=exc.current,
        extra={"current_version": exc.current},
    )
    return await handle_problem(request, problem)


async def handle_user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    return await handle_problem(request, Problem.from_user_error(exc))


async def handle_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    messages = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ())]
        where = ".".join(loc[1:] if loc and loc[0] in _LOCATIONS else loc)
        ctx = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        code = validation_key(str(error.get("type", "")), ctx)
        inner = (
            UserMessage(code, ctx) if t(code, "en") != code else UserMessage(str(error.get("msg", "")), {})
        )
        value = error.get("input")
        secret = "password" in where  # a password is never echoed back
        if isinstance(value, str | int | float) and not isinstance(value, bool) and code != "missing" and not secret:
            shown = str(value) if len(str(value)) <= 40 else str(value)[:37] + "..."
            messages.append(UserMessage("validation_item_value", {"where": where, "value": shown, "message": inner}))
        else:
            messages.append(UserMessage("validation_item", {"where": where, "message": inner}))
    return problem_response(request, Problem(422, "web_request_invalid", messages=messages))


async def handle_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        problem = Problem(404, "web_not_found_plain")
    elif exc.status_code == 405:
        problem = Problem(405, "web_method")
    else:
        problem = Problem(exc.status_code, "web_bad_request", problem=str(exc.detail))
    return await handle_problem(request, problem)


def _where(exc: BaseException) -> str:
    """Where the error arose (file:line of the innermost frames): no message, so no personal data."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    return " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    """A bug: log type, route and place in English (no message, no values), answer a generic problem."""
    route = request.scope.get("route")
    path = getattr(route, "path", "?")
    log.error("unexpected %s on %s %s at %s", type(exc).__name__, request.method, path, _where(exc))
    return await handle_problem(request, Problem(500, "web_internal_error"))


HANDLERS: dict[Any, Any] = {
    Problem: handle_problem,
    LoginRequired: handle_login_required,
    NotFound: handle_not_found,
    VersionConflict: handle_conflict,
    UserError: handle_user_error,
    RequestValidationError: handle_validation,
    StarletteHTTPException: handle_http,
    Exception: handle_unexpected,
}
