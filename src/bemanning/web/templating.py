"""Jinja2 templates with the message catalogue, the navigation and the CSRF token in context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup

from bemanning import i18n
from bemanning.i18n import t
from bemanning.model import rule_texts

from .i18n_web import request_lang
from .problems import Problem

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


# The formatting of bemanning.i18n, the same as the CLI's and the reports' (one implementation):
# {{ x|num }}, {{ x|num(1) }}, {{ x|num(2, sign=True) }}, {{ x|nok }}, {{ x|pct }}, {{ share|pct(1, share=True) }},
# {{ x|hours }}, {{ d|date }}, {{ d|date('day') }}, {{ moment|timestamp }}, {{ start|period(end) }},
# {{ n|plural('n_shifts') }}, {{ flag|yesno }}, {{ code|label('kind') }}, {{ id|group(unit.groups) }},
# {{ name|rule_label }}, {{ ref|source }}, {{ unit|rule_unit }}, {{ text|audit_summary }}.
FILTERS: dict[str, Any] = {
    "num": lambda v, lang, decimals=None, sign=False: i18n.number(v, decimals, lang, sign=sign),
    "nok": lambda v, lang, decimals=0, sign=False: i18n.nok(v, lang, decimals=decimals, sign=sign),
    "pct": lambda v, lang, decimals=1, sign=False, share=False: i18n.percent(v, decimals, lang, sign=sign,
                                                                             share=share),
    "hours": lambda v, lang, decimals=1: i18n.hours(v, decimals, lang),
    "date": lambda v, lang, style="short": i18n.date(v, style, lang),
    "timestamp": lambda v, lang, seconds=False: i18n.timestamp(v, lang, seconds=seconds),
    "period": lambda v, lang, end: i18n.period(v, end, lang),
    "plural": lambda v, lang, key: i18n.plural(int(v), key, lang),
    "yesno": lambda v, lang: i18n.yes_no(v, lang),
    "label": lambda v, lang, prefix: i18n.label(prefix, v, lang),
    "group": lambda v, lang, groups: i18n.group_label(groups, v),
    "rule_label": lambda v, lang: rule_texts.rule_label(v, lang),
    "source": lambda v, lang: rule_texts.source_label(v, lang),
    "rule_unit": lambda v, lang: rule_texts.rule_unit(v, lang),
    "audit_summary": lambda v, lang: i18n.audit_summary(v, lang),
}


def _lang_filter(fn: Any) -> Any:
    """A template filter that formats in the page's language (``lang`` of the template context); an
    empty value (None, "") is shown as nothing."""

    @pass_context
    def apply(ctx: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        if value is None or value == "":
            return ""
        return fn(value, ctx.get("lang"), *args, **kwargs)

    return apply


TEMPLATES.env.filters.update({name: _lang_filter(fn) for name, fn in FILTERS.items()})


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
    lines = [problem.text(lang), *[m.text(lang) for m in problem.messages]]
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
