"""Access: argon2 passwords, session login, roles and permissions, CSRF tokens.

The session cookie (signed with itsdangerous by Starlette's SessionMiddleware; HttpOnly,
SameSite=Lax, Secure off loopback) holds only the user id, the CSRF token and the language.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request

from bemanning.store import repo

from .problems import LoginRequired, Problem

_hasher = PasswordHasher()
# Verified against when the user does not exist, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class Role(StrEnum):
    ADMIN = "admin"
    LEDER = "leder"  # unit manager: sees and edits own units
    PLANLEGGER = "planlegger"  # planner: edits rosters of assigned units
    ANSATT = "ansatt"  # employee: own roster and wishes only
    TILLITSVALGT = "tillitsvalgt"  # union representative: read-only rosters and compliance


class Perm(StrEnum):
    UNIT_READ = "unit.read"
    UNIT_EDIT = "unit.edit"
    ABSENCE_DETAILS = "absence.details"  # sick leave is health data
    ROSTER_READ = "roster.read"
    ROSTER_READ_OWN = "roster.read_own"
    ROSTER_EDIT = "roster.edit"
    ROSTER_APPROVE = "roster.approve"
    WISH_OWN = "wish.own"
    WISH_ALL = "wish.all"
    USER_ADMIN = "user.admin"
    AUDIT_READ = "audit.read"
    FOLLOWUP_READ = "followup.read"  # aggregated KPIs per unit and month (no person)
    FOLLOWUP_SEED = "followup.seed"  # regenerate the demo follow-up data


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: frozenset(Perm) - {Perm.WISH_OWN},  # admins have no employee of their own
    Role.LEDER: frozenset(
        {
            Perm.UNIT_READ,
            Perm.UNIT_EDIT,
            Perm.ABSENCE_DETAILS,
            Perm.ROSTER_READ,
            Perm.ROSTER_READ_OWN,
            Perm.ROSTER_EDIT,
            Perm.ROSTER_APPROVE,
            Perm.WISH_ALL,
            Perm.FOLLOWUP_READ,
        }
    ),
    Role.PLANLEGGER: frozenset(
        {
            Perm.UNIT_READ,
            Perm.ABSENCE_DETAILS,
            Perm.ROSTER_READ,
            Perm.ROSTER_READ_OWN,
            Perm.ROSTER_EDIT,
            Perm.WISH_ALL,
        }
    ),
    Role.TILLITSVALGT: frozenset({Perm.UNIT_READ, Perm.ROSTER_READ, Perm.ROSTER_READ_OWN, Perm.FOLLOWUP_READ}),
    Role.ANSATT: frozenset({Perm.ROSTER_READ_OWN, Perm.WISH_OWN}),
}


@dataclass(frozen=True)
class Actor:
    """The logged-in user as the request sees it."""

    id: int
    username: str
    role: Role
    employee_id: str | None
    unit_ids: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def can(self, perm: Perm) -> bool:
        return perm in ROLE_PERMISSIONS[self.role]

    def in_unit(self, unit_id: str) -> bool:
        return self.is_admin or unit_id in self.unit_ids

    def allowed(self, perm: Perm, unit_id: str | None = None) -> bool:
        return self.can(perm) and (unit_id is None or self.in_unit(unit_id))

    def require(self, perm: Perm, unit_id: str | None = None) -> None:
        if not self.allowed(perm, unit_id):
            raise Problem(403, "web_forbidden")

    def require_any(self, perms: tuple[Perm, ...], unit_id: str | None = None) -> Perm:
        """The first of ``perms`` the actor has for the unit; 403 when none."""
        for perm in perms:
            if self.allowed(perm, unit_id):
                return perm
        raise Problem(403, "web_forbidden")


def _load_actor(request: Request) -> Actor | None:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        return None
    db = request.app.state.db
    with db.read() as session:
        user = repo.get_user(session, user_id)
        if user is None or not user.active:
            return None
        units = repo.user_unit_ids(session, user.id)
    return Actor(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        employee_id=user.employee_id,
        unit_ids=frozenset(units),
    )


def api_actor(request: Request) -> Actor:
    actor = _load_actor(request)
    if actor is None:
        raise Problem(401, "web_unauthorized")
    return actor


def page_actor(request: Request) -> Actor:
    actor = _load_actor(request)
    if actor is None:
        raise LoginRequired()
    return actor


def authenticate(request: Request, username: str, password: str) -> Actor:
    db = request.app.state.db
    with db.read() as session:
        user = repo.get_user_by_name(session, username.strip())
        password_hash = user.password_hash if user is not None and user.active else _DUMMY_HASH
        ok = verify_password(password_hash, password) and user is not None and bool(user.active)
    if not ok or user is None:
        raise Problem(401, "web_login_failed")
    lang = request.session.get("lang")
    request.session.clear()  # a fresh session on login: no fixation
    request.session.update({"uid": user.id, "csrf": secrets.token_urlsafe(24)})
    if lang:
        request.session["lang"] = lang
    actor = _load_actor(request)
    assert actor is not None
    return actor


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def csrf_protect(request: Request) -> None:
    """Unsafe requests carry the session's token in ``X-CSRF-Token`` (HTMX, API) or a form field."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected, sent):
        raise Problem(403, "web_csrf")
