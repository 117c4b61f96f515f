"""Bounds on every input of the web app, so a bad value answers 422 instead of breaking a page later.

Integers (ids, versions) stay within signed 32 bits: the smallest integer column of SQLite and
PostgreSQL alike. Dates lie within a window around today and a roster spans at most a set number
of days; both come from ``WebSettings`` (``create_app`` calls ``configure``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .problems import Problem

MAX_INT = 2**31 - 1  # signed 32-bit: INTEGER on PostgreSQL


@dataclass
class InputLimits:
    date_window_years: int = 5  # dates within today ± this many years
    max_roster_days: int = 730  # the longest roster horizon (2 years)


_current = InputLimits()


def configure(limits: InputLimits) -> None:
    global _current
    _current = limits


def current() -> InputLimits:
    return _current


def _years_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def date_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last date any input may name: today ± ``date_window_years``."""
    today = today or dt.date.today()
    years = _current.date_window_years
    return _years_from(today, -years), _years_from(today, years)


def _in_window(value: dt.date) -> dt.date:
    first, last = date_window()
    if not first <= value <= last:
        raise PydanticCustomError(
            "web_date_outside_window",
            "must lie between {first} and {last}",
            {"first": first.isoformat(), "last": last.isoformat()},
        )
    return value


def _roster_days(value: int) -> int:
    if value > _current.max_roster_days:
        raise PydanticCustomError(
            "web_roster_too_long", "at most {most} days", {"most": _current.max_roster_days}
        )
    return value


# Field types for request bodies and queries.
WindowDate = Annotated[dt.date, AfterValidator(_in_window)]
RosterDays = Annotated[int, Field(ge=1, le=MAX_INT), AfterValidator(_roster_days)]
Version = Annotated[int, Field(ge=1, le=MAX_INT, description="The version you edited; 409 when someone saved since")]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
# Path parameters.
RosterId = Annotated[int, Path(ge=1, le=MAX_INT)]
OtherRosterId = Annotated[int, Path(ge=1, le=MAX_INT)]
UserId = Annotated[int, Path(ge=1, le=MAX_INT)]
WishId = Annotated[int, Path(ge=1, le=MAX_INT)]
SessionId = Annotated[int, Path(ge=1, le=MAX_INT)]


def period_problem(start: dt.date, days: int, field: str = "start_date") -> Problem | None:
    """A 422 problem naming the field and value when a period is out of bounds, else None."""
    first, last = date_window()
    if not first <= start <= last:
        return Problem(
            422,
            "web_date_outside_window_field",
            field=field,
            value=start.isoformat(),
            first=first.isoformat(),
            last=last.isoformat(),
        )
    if not 1 <= days <= _current.max_roster_days:
        return Problem(422, "web_roster_too_long_field", field="days", value=str(days), most=_current.max_roster_days)
    return None
