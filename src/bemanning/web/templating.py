"""Jinja2 templates with the message catalogue, the navigation and the CSRF token in context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from bemanning.i18n import t

from .i18n_web import request_lang
from .problems import Problem

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def context(request: Request, **values: Any) -> dict[str, Any]:
    from .pages import navigation
    from .security import csrf_token

    lang = request_lang(request)
    actor = values.get("actor")

    def tr(key: str, **ctx: Any) -> str:
        return t(key, lang, **ctx)

    unit_id = values.get("unit_id")
    return {
        "request": request,
        "lang": lang,
        "t": tr,
        "csrf_token": csrf_token(request),
        "nav": navigation(actor, unit_id) if actor is not None else [],
        **values,
    }


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, context(request, **values), status_code=status_code)


def render_error(request: Request, problem: Problem) -> HTMLResponse:
    lang = request_lang(request)
    lines = [t(problem.code, lang, **problem.context), *[m.text(lang) for m in problem.messages]]
    return render(request, "error.html", status_code=problem.status, lines=lines, status=problem.status)


def render_fragment(request: Request, template: str, **values: Any) -> Markup:
    """A template rendered to HTML without the page context (no CSRF token, no navigation): for parts
    that depend only on the values given and the language, so they can be cached."""
    lang = request_lang(request)

    def tr(key: str, **ctx: Any) -> str:
        return t(key, lang, **ctx)

    return Markup(TEMPLATES.get_template(template).render(lang=lang, t=tr, **values))


def page_cache(state: Any) -> Any:
    """Rendered page parts keyed by (page, unit, unit version, language): an LRU on the app state."""
    from .grid import Lru

    cache = getattr(state, "page_cache", None)
    if cache is None:
        cache = state.page_cache = Lru(64)
    return cache
