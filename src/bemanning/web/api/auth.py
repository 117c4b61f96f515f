"""Log in and out over the API; ``GET /api/auth/me`` returns the CSRF token for later writes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from bemanning.web.problems import Problem
from bemanning.web.schemas import LoginIn, MeOut
from bemanning.web.security import Actor, api_actor, authenticate, csrf_protect, csrf_token

router = APIRouter(prefix="/auth", tags=["auth"])


def _me(request: Request, actor: Actor) -> MeOut:
    return MeOut(
        username=actor.username,
        role=actor.role.value,
        employee_id=actor.employee_id,
        unit_ids=sorted(actor.unit_ids),
        csrf_token=csrf_token(request),
    )


@router.post("/login", response_model=MeOut)
def login(body: LoginIn, request: Request) -> MeOut:
    """Logg inn. / Log in. JSON only: a cross-site form cannot send it, so no CSRF token is needed yet."""
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise Problem(415, "web_bad_request", problem="application/json")
    return _me(request, authenticate(request, body.username, body.password))


@router.post("/logout", status_code=204, dependencies=[Depends(csrf_protect)])
def logout(request: Request) -> Response:
    request.session.clear()
    return Response(status_code=204)


@router.get("/me", response_model=MeOut)
def me(request: Request, actor: Actor = Depends(api_actor)) -> MeOut:
    return _me(request, actor)
