"""`bemanning bruker opprett|tilbakestill|liste`: web users from the command line (the same rules as the
administration page). Passwords come from a hidden prompt, or are generated and printed once; they are
never logged."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from bemanning.cli.output import make_console
from bemanning.i18n import current_lang, t
from bemanning.io.errors import UserError
from bemanning.web import messages as _messages  # noqa: F401  (role names)
from bemanning.web import messages_auth as _messages_auth  # noqa: F401

CLI_ACTOR = "cli"  # the name in the audit log for changes made here

users_app = typer.Typer(
    help="Brukere av webapplikasjonen (BEMANNING_DATA_DIR / BEMANNING_DATABASE_URL). / Web app users.",
    no_args_is_help=True,
)
console = make_console()


def _database() -> Any:
    from bemanning.store.db import Database, database_url_from_env

    db = Database(database_url_from_env())
    db.migrate()
    return db


def _password(generate: bool) -> tuple[str, bool]:
    """The new password and whether it was generated (then it is printed once)."""
    if generate:
        from bemanning.web.accounts import generated_password

        return generated_password(), True
    value = typer.prompt(t("cli_user_password_prompt"), hide_input=True, confirmation_prompt=True)
    return str(value), False


def _problem_to_error(problem: Any) -> UserError:
    from bemanning.store.repo import NotFound
    from bemanning.web.problems import Problem

    if isinstance(problem, NotFound):
        problem = Problem(404, "web_not_found", entity=problem.entity, key=problem.key)
    return UserError.of(problem.code, **problem.context_in(current_lang()))


def _validated(model: Any, **values: Any) -> Any:
    from pydantic import ValidationError

    from bemanning.io.unit_file import validation_messages

    try:
        return model(**values)
    except ValidationError as exc:
        raise UserError(validation_messages(exc, "").messages) from None


@users_app.command("opprett")
def opprett(
    username: str = typer.Argument(..., help="Brukernavn (små og store bokstaver er likt). / User name."),
    role: str = typer.Option(
        ..., "--rolle", help="Rolle: admin, leder, planlegger, ansatt, tillitsvalgt eller bemanningssenter. / Role."
    ),
    units: list[str] = typer.Option([], "--enhet", help="Enhet brukeren får tilgang til (kan gjentas). / Unit."),
    employee: str | None = typer.Option(None, "--ansatt", help="Ansatt-id i enheten (rolle ansatt). / Employee."),
    generate: bool = typer.Option(
        False, "--generer", help="Lag et tilfeldig passord og vis det én gang. / Generate a password."
    ),
) -> None:
    """Opprett en bruker. / Create a user."""
    from bemanning.store.repo import NotFound
    from bemanning.web import accounts
    from bemanning.web.problems import Problem
    from bemanning.web.schemas import UserCreate

    _validated(UserCreate, username=username, password="x" * 12, role=role, unit_ids=units, employee_id=employee)
    password, generated = _password(generate)
    body = _validated(
        UserCreate, username=username, password=password, role=role, unit_ids=units, employee_id=employee
    )
    db = _database()
    try:
        with db.transaction() as session:
            accounts.create(session, CLI_ACTOR, body)
    except (Problem, NotFound) as problem:
        raise _problem_to_error(problem) from None
    finally:
        db.dispose()
    console.print(t("cli_user_created", username=body.username, role=t("role_" + body.role)), highlight=False)
    if generated:
        console.print(t("cli_user_password_once", password=password), highlight=False)


@users_app.command("tilbakestill")
def tilbakestill(
    username: str = typer.Argument(..., help="Brukernavn. / User name."),
    generate: bool = typer.Option(
        False, "--generer", help="Lag et tilfeldig passord og vis det én gang. / Generate a password."
    ),
) -> None:
    """Sett nytt passord; brukerens økter avsluttes og en innloggingssperre oppheves.
    / Reset the password; the user's sessions end and a login lock is lifted."""
    from bemanning.store import repo
    from bemanning.store.repo import NotFound
    from bemanning.web import accounts
    from bemanning.web.problems import Problem
    from bemanning.web.schemas import UserUpdate

    db = _database()
    try:
        with db.read() as session:
            if repo.get_user_by_name(session, username) is None:
                raise UserError.of("cli_user_unknown", username=username)
        password, generated = _password(generate)
        body = _validated(UserUpdate, password=password)
        with db.transaction() as session:
            row = repo.get_user_by_name(session, username)
            assert row is not None
            accounts.update(session, CLI_ACTOR, row, body)
            name = row.username
    except (Problem, NotFound) as problem:
        raise _problem_to_error(problem) from None
    finally:
        db.dispose()
    console.print(t("cli_user_reset", username=name), highlight=False)
    if generated:
        console.print(t("cli_user_password_once", password=password), highlight=False)


@users_app.command("liste")
def liste() -> None:
    """Vis brukerne (uten passord). / List the users (without passwords)."""
    from bemanning.store import repo

    db = _database()
    try:
        with db.read() as session:
            rows = [(u, sorted(repo.user_unit_ids(session, u.id))) for u in repo.list_users(session)]
    finally:
        db.dispose()
    table = Table(title=t("users_title"))
    for key in ("col_username", "col_role", "col_active", "col_units", "col_employee"):
        table.add_column(t(key))
    for user, units in rows:
        table.add_row(
            user.username,
            t("role_" + user.role),
            t("yes") if user.active else t("no"),
            ", ".join(units),
            user.employee_id or "",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="bruker")
