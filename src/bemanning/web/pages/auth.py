"""Login, logout and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bemanning.i18n import LANGS
from bemanning.web.problems import Problem
from bemanning.web.security import Perm, authenticate, csrf_protect, logout
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/units"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return render(request, "login.html", error=None)


@router.post("/login", dependencies=[Depends(csrf_protect)])
def login_submit(request: Request, username: str = Form(""), password: str = Form("")) -> Response:
    try:
        actor = authenticate(request, username, password)
    except Problem as problem:
        response = render(
            request,
            "login.html",
            status_code=problem.status,
            error=problem.code,
            error_context=problem.context,
            username=username,
        )
        response.headers.update(problem.headers)
        return response
    # The staffing centre works across units: its start page is the centre, not a unit list.
    return RedirectResponse("/bemanningssenter" if actor.can(Perm.POOL_PLACE) and not actor.is_admin else "/units",
                            status_code=303)


@router.post("/logout", dependencies=[Depends(csrf_protect)])
def logout_page(request: Request) -> Response:
    logout(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def switch_language(code: str, request: Request, next: str | None = None) -> Response:
    if code in LANGS:
        request.session["lang"] = code
    return RedirectResponse(_safe_next(next), status_code=303)
