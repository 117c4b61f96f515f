"""Checks on command-line values, run before any long work: a bad value is a usage error (exit 2).

Used as typer callbacks (``callback=positive_seconds``) or called first thing in a command. Each error
names the bad value and what to do; click adds the command's usage line.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer

from bemanning.i18n import register as register_messages
from bemanning.i18n import t

register_messages(
    {
        "cli_not_positive_seconds": {
            "no": "må være et positivt antall sekunder, ikke {value}",
            "en": "must be a positive number of seconds, not {value}",
        },
        "cli_not_positive_weeks": {
            "no": "må være minst 1 uke, ikke {value}",
            "en": "must be at least 1 week, not {value}",
        },
        "cli_not_positive_count": {"no": "må være minst 1, ikke {value}", "en": "must be at least 1, not {value}"},
        "cli_bad_date": {
            "no": "ugyldig dato «{value}»; bruk formatet ÅÅÅÅ-MM-DD, f.eks. 2026-01-05",
            "en": "invalid date '{value}'; use the format YYYY-MM-DD, e.g. 2026-01-05",
        },
        "cli_from_after_to": {
            "no": "startdatoen {start} er etter sluttdatoen {end} (--to); bytt dem om",
            "en": "the start date {start} is after the end date {end} (--to); swap them",
        },
        "cli_out_is_file": {
            "no": "«{path}» er en fil, ikke en mappe; oppgi en mappe (den lages om den ikke finnes)",
            "en": "'{path}' is a file, not a folder; give a folder (it is created if missing)",
        },
        "cli_out_not_writable": {
            "no": "kan ikke skrive i mappen «{path}»",
            "en": "cannot write to the folder '{path}'",
        },
        "cli_target_is_dir": {
            "no": "«{path}» er en mappe; oppgi et filnavn, f.eks. {path}/enhet.xlsx",
            "en": "'{path}' is a folder; give a file name, e.g. {path}/unit.xlsx",
        },
        "cli_target_folder_missing": {
            "no": "mappen «{folder}» finnes ikke; lag den først (mkdir -p {folder})",
            "en": "the folder '{folder}' does not exist; create it first (mkdir -p {folder})",
        },
    }
)


def positive_seconds(value: float | None) -> float | None:
    """A time limit: more than 0 seconds (0 would stop the solver before it has any roster)."""
    if value is not None and not value > 0:
        raise typer.BadParameter(t("cli_not_positive_seconds", value=value))
    return value


def positive_weeks(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter(t("cli_not_positive_weeks", value=value))
    return value


def positive_count(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter(t("cli_not_positive_count", value=value))
    return value


def iso_date(value: str | None) -> str | None:
    """A date as YYYY-MM-DD (kept as text; ``parse_date`` turns it into a date)."""
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(t("cli_bad_date", value=value)) from None
    return value


def parse_date(value: str) -> dt.date:
    iso_date(value)
    return dt.date.fromisoformat(value)


def check_period(start: str | None, end: str | None) -> None:
    """``--from`` must not be after ``--to``."""
    if start is not None and end is not None and parse_date(start) > parse_date(end):
        raise typer.BadParameter(t("cli_from_after_to", start=start, end=end), param_hint="--from")


def _first_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_out_dir(out: Path, name: str = "--out") -> None:
    """An output folder: fine if missing (created later), not if it is a file or cannot be written."""
    existing = _first_existing(out)
    if not existing.is_dir():
        raise typer.BadParameter(t("cli_out_is_file", path=out if existing == out.absolute() else existing),
                                 param_hint=name)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise typer.BadParameter(t("cli_out_not_writable", path=existing), param_hint=name)


def check_target(name: str, target: Path) -> None:
    """An output file: not a folder, and its folder must exist."""
    if target.is_dir():
        raise typer.BadParameter(t("cli_target_is_dir", path=target), param_hint=name)
    folder = target.absolute().parent
    if not folder.is_dir():
        raise typer.BadParameter(t("cli_target_folder_missing", folder=target.parent), param_hint=name)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise typer.BadParameter(t("cli_out_not_writable", path=target.parent), param_hint=name)
