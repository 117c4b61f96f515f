"""Day types of a reference year: Norwegian public holidays from the ``holidays`` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import holidays as holidays_pkg

from bemanning.model.staffing_result import DayTypeCalendar


def norwegian_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays of Norway in ``year`` with Norwegian names (plain Sundays are not included)."""
    found = holidays_pkg.country_holidays("NO", years=year, language="no")
    return {date: str(name) for date, name in sorted(found.items())}


def day_type_calendar(
    year: int, holidays: Mapping[dt.date, str] | Iterable[dt.date] | None = None
) -> DayTypeCalendar:
    """The calendar of ``year``; ``holidays`` defaults to Norway's public holidays."""
    if holidays is None:
        named = norwegian_holidays(year)
    elif isinstance(holidays, Mapping):
        named = {d: str(n) for d, n in holidays.items()}
    else:
        named = {d: "helligdag" for d in holidays}
    return DayTypeCalendar(year=year, holidays={d: n for d, n in named.items() if d.year == year})


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def is_great_holiday_eve(date: dt.date) -> bool:
    """Christmas, Easter and Whitsun eves: the Sunday/holiday period starts earlier (AML §10-10)."""
    easter = easter_sunday(date.year)
    return (date.month, date.day) == (12, 24) or date in (
        easter - dt.timedelta(days=1),
        easter + dt.timedelta(days=48),
    )
