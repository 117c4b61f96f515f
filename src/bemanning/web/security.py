"""Access: argon2 passwords, session login, roles and permissions, CSRF tokens.

The session cookie (signed with itsdangerous by Starlette's SessionMiddleware; HttpOnly,
SameSite=Lax, Secure off loopback) holds a random session token and the language choice; before
login also the login form's CSRF token. Who is logged in, and the session's CSRF token, live in
the ``sessions`` table (see ``sessions.py``), so a copied cookie dies with the session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request

from bemanning.store import repo
from bemanning.store.tables import SessionRow, UserRow

from . import sessions, throttle
from .problems import LoginRequired, Problem
from .settings import WebSettings

# OWASP ASVS 4.0 2.1.1/2.1.2: at least 12 characters, at most 128 (a long passphrase is welcome).
PASSWORD_MIN = 12
PASSWORD_MAX = 128

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
    BEMANNINGSSENTER = "bemanningssenter"  # staffing centre: places its pool on open places across units


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
    REGION_READ = "region.read"  # staffing centre: open places across units, the pool's calendar
    REGION_IMPORT = "region.import"  # import a solved region (`bemanning region solve` output)
    POOL_PLACE = "pool.place"  # place a pool employee on an open place (rule check across units)
    AGENCY_APPROVE = "agency.approve"  # approve or reject agency hire after the pre-assessment


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
            Perm.REGION_READ,
            Perm.AGENCY_APPROVE,  # agency hire is a management decision (seed 003: level 2)
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
    # The staffing centre works across units: no unit's own documents, rosters or absence details.
    Role.BEMANNINGSSENTER: frozenset({Perm.REGION_READ, Perm.REGION_IMPORT, Perm.POOL_PLACE}),
}


@dataclass(frozen=True)
class Actor:
    """The logged-in user as the request sees it."""

    id: int
    username: str
    role: Role
    employee_id: str | None
    unit_ids: frozenset[str]
    session_id: int | None = None  # the server-side session of the request
    # Units of imported regions (staffing centre) the user answers for, beside ``unit_ids``.
    region_unit_ids: frozenset[str] = frozenset()

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

    def agency_units(self) -> frozenset[str] | None:
        """The units whose agency pre-assessments and decisions the actor sees and may decide: ``None``
        for all (administrators and the staffing centre work across units), else a manager's own units and
        the region units they answer for."""
        if self.role in (Role.ADMIN, Role.BEMANNINGSSENTER):
            return None
        return self.unit_ids | self.region_unit_ids

    def require_any(self, perms: tuple[Perm, ...], unit_id: str | None = None) -> Perm:
        """The first of ``perms`` the actor has for the unit; 403 when none."""
        for perm in perms:
            if self.allowed(perm, unit_id):
                return perm
        raise Problem(403, "web_forbidden")


_UNSET = object()


def _settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def _server_session(request: Request) -> tuple[SessionRow, UserRow, set[str], set[str]] | None:
    """The request's live session with its active user, units and region units (once per request)."""
    cached = getattr(request.state, "server_session", _UNSET)
    if cached is not _UNSET:
        return cast("tuple[SessionRow, UserRow, set[str], set[str]] | None", cached)
    found = None
    token = request.session.get("sid")
    if isinstance(token, str):
        with request.app.state.db.transaction() as session:
            row = sessions.load(session, token, _settings(request))
            user = repo.get_user(session, row.user_id) if row is not None else None
            if row is not None and user is not None and user.active:
                found = (row, user, repo.user_unit_ids(session, user.id), repo.user_region_unit_ids(session, user.id))
        if found is None:
            request.session.pop("sid", None)  # timed out or revoked: the cookie is dropped
    request.state.server_session = found
    return found


def _load_actor(request: Request) -> Actor | None:
    found = _server_session(request)
    if found is None:
        return None
    row, user, units, region_units = found
    return Actor(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        employee_id=user.employee_id,
        unit_ids=frozenset(units),
        session_id=row.id,
        region_unit_ids=frozenset(region_units),
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


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def authenticate(request: Request, username: str, password: str) -> Actor:
    """Checks the password under login throttling; on success starts a new server-side session.

    Unknown user, inactive user and wrong password give the same answer after the same work
    (an argon2 check against a dummy hash), and each failure is written to the audit log."""
    settings = _settings(request)
    db = request.app.state.db
    name = username.strip()[:64]
    address = client_address(request)
    keys = [throttle.account_key(name), throttle.address_key(address)]
    with db.transaction() as session:
        wait = throttle.begin_attempt(session, keys, settings)
    if wait:
        raise Problem(429, "web_login_throttled", headers={"Retry-After": str(wait)}, wait=wait)
    with db.read() as session:
        user = repo.get_user_by_name(session, name) if name else None
        password_hash = user.password_hash if user is not None and user.active else _DUMMY_HASH
        ok = verify_password(password_hash, password) and user is not None and bool(user.active)
    if not ok or user is None:
        with db.transaction() as session:
            locked = throttle.record_failure(session, keys, settings)
            throttle.purge_stale(session, settings)
            # The attempted name goes to the log only when it is a user's: a mistyped password in
            # the name field must not be stored.
            who = user.username if user is not None else "?"
            summary = f"address={address}" + ("; locked" if locked else "")
            repo.add_audit(session, who, "login", str(user.id) if user else "-", "login_failed", summary)
        raise Problem(401, "web_login_failed")
    old_token = request.session.get("sid")
    lang = request.session.get("lang")
    with db.transaction() as session:
        throttle.record_success(session, keys[0], keys[1])
        if isinstance(old_token, str):
            sessions.end(session, old_token)
        sessions.purge_expired(session, settings)
        token, _row = sessions.start(
            session, user.id, address=address, user_agent=request.headers.get("user-agent", "")
        )
        repo.add_audit(session, user.username, "login", str(user.id), "login", f"address={address}")
    request.session.clear()  # a fresh session on login: no fixation
    request.session["sid"] = token
    if lang:
        request.session["lang"] = lang
    request.state.server_session = _UNSET
    actor = _load_actor(request)
    assert actor is not None
    return actor


def logout(request: Request) -> None:
    """Ends this session on the server and empties the cookie."""
    token = request.session.get("sid")
    if isinstance(token, str):
        with request.app.state.db.transaction() as session:
            sessions.end(session, token)
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    request.state.server_session = _UNSET


def change_own_password(request: Request, actor: Actor, current: str, new: str) -> None:
    """The user's own password change: needs the current password; every other session ends."""
    settings = _settings(request)
    keys = [throttle.account_key(actor.username)]
    with request.app.state.db.transaction() as session:
        wait = throttle.begin_attempt(session, keys, settings)
    if wait:
        raise Problem(429, "web_login_throttled", headers={"Retry-After": str(wait)}, wait=wait)
    with request.app.state.db.transaction() as session:
        user = repo.get_user(session, actor.id)
        ok = user is not None and verify_password(user.password_hash, current)
        if not ok:
            throttle.record_failure(session, keys, settings)
            repo.add_audit(session, actor.username, "user", str(actor.id), "password_own_failed", "")
        elif user is not None:
            throttle.clear_account(session, actor.username)
            user.password_hash = hash_password(new)
            count = sessions.end_all(session, actor.id, keep_id=actor.session_id)
            repo.add_audit(
                session, actor.username, "user", str(actor.id), "password_own", f"sessions_ended={count}"
            )
    if not ok:
        raise Problem(403, "web_wrong_current_password")


def csrf_token(request: Request) -> str:
    """The session's CSRF token; before login a token kept in the (signed) cookie for the login form."""
    found = _server_session(request) if "sid" in request.session else None
    if found is not None:
        return found[0].csrf
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
    found = _server_session(request) if "sid" in request.session else None
    expected = found[0].csrf if found is not None else request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected, sent):
        raise Problem(403, "web_csrf")
