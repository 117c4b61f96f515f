"""One formatting module (bemanning.i18n) for CLI and web: numbers, plurals, yes/no, labels, rule names."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from decimal import Decimal
from pathlib import Path

from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

import bemanning
from bemanning import i18n
from bemanning.i18n import NARROW_NBSP, NBSP, audit_summary, label, nok, number, percent, plural, t, yes_no
from bemanning.model import DEFAULT_RULES
from bemanning.model.enums import FrequencyBasis, ShiftKind, TaskCategory, WorkArrangement
from bemanning.model.rule_texts import RULE_NO, SOURCE_NO, rule_label, rule_unit, source_label
from web_support import UNIT, Client, make_app


def test_norwegian_numbers() -> None:
    assert number(5970000, None, "no") == f"5{NARROW_NBSP}970{NARROW_NBSP}000"
    assert number(12350, None, "no") == f"12{NARROW_NBSP}350"
    assert number(0.75, None, "no") == "0,75"
    assert number(12.5, 1, "no") == "12,5"
    assert number(1234.5, 2, "no") == f"1{NARROW_NBSP}234,50"
    assert number(8.0, None, "no") == "8"
    assert number(1234.5, 2, "en") == "1,234.50"
    assert number(True, None, "no") == "ja" and number(False, None, "en") == "no"


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_norwegian_numbers_read_back(value: int, decimals: int) -> None:
    scaled = value / 10**decimals
    text = number(scaled, decimals, "no")
    assert "." not in text and "," not in text.split(",")[0]
    back = float(text.replace(NARROW_NBSP, "").replace(",", "."))
    assert abs(back - scaled) < 10 ** -decimals
    digits = text.lstrip("-").split(",")[0].split(NARROW_NBSP)
    assert all(len(group) == 3 for group in digits[1:]) and 1 <= len(digits[0]) <= 3


def test_money_percent_hours_and_signs() -> None:
    assert nok(5970000, "no") == f"5{NARROW_NBSP}970{NARROW_NBSP}000{NBSP}kr"
    assert nok(5970000, "en") == f"NOK{NBSP}5,970,000"
    assert percent(12.5, 1, "no") == f"12,5{NBSP}%" and percent(0.125, 1, "no", share=True) == f"12,5{NBSP}%"
    assert percent(8.87, 2, "en") == "8.87%"
    assert number(0.5, 2, "no", sign=True) == "+0,50" and number(-1234.5, 1, "no") == f"-1{NARROW_NBSP}234,5"
    assert number(-0.001, 1, "no") == "0,0" and number(0.0, 1, "no", sign=True) == "0,0"
    assert i18n.hours(7.5, 1, "no") == f"7,5{NBSP}t"


def test_dates() -> None:
    day = dt.date(2026, 12, 7)
    assert i18n.date(day, "short", "no") == "07.12.2026" and i18n.date(day, "short", "en") == "2026-12-07"
    assert i18n.date("2026-12-07", "day", "no") == "ma. 07.12.2026"
    assert i18n.date(day, "long", "no") == "mandag 7. desember 2026"
    assert i18n.timestamp(dt.datetime(2026, 12, 7, 14, 5, 3), "no") == f"07.12.2026 kl.{NBSP}14:05"
    assert i18n.timestamp(dt.datetime(2026, 12, 7, 14, 5, 3), "en", seconds=True) == "2026-12-07 14:05:03"
    assert i18n.period(day, dt.date(2027, 1, 3), "no") == "07.12.2026–03.01.2027"


def test_messages_format_numbers_for_the_reader() -> None:
    """A message template's numbers follow the language: "{fte:.1f}" is "6,0" in Norwegian, a bool
    "ja", an int of five digits or more is grouped (a year is not); text (a value echoed back) is kept."""
    i18n.register({"test_fmt": {"no": "{a:.1f} uker, {b:,} kr, {c}, {d}, {e}, {g:+.2f}, {h:g}",
                                "en": "{a:.1f} weeks, {b:,}, {c}, {d}, {e}, {g:+.2f}, {h:g}"}})
    values = {"a": 6.0, "b": 5970000, "c": 0.75, "d": True, "e": "9223372036854775808", "g": 0.5, "h": 1950.0}
    assert t("test_fmt", "no", **values) == (
        f"6,0 uker, 5{NARROW_NBSP}970{NARROW_NBSP}000 kr, 0,75, ja, 9223372036854775808, +0,50, 1950")
    assert t("test_fmt", "en", **values) == "6.0 weeks, 5,970,000, 0.75, yes, 9223372036854775808, +0.50, 1950"
    i18n.register({"test_int": {"no": "{n} rader i {year}", "en": "{n} rows in {year}"}})
    assert t("test_int", "no", n=12350, year=2026) == f"12{NARROW_NBSP}350 rader i 2026"
    assert t("test_int", "no", n=3000, year=2026) == "3000 rader i 2026"
    # Money as a Decimal (payroll lines) is a number too: "300 507,02 kr", never "300507.02 kr".
    i18n.register({"test_fmt_decimal": {"no": "{m:,.2f} kr, {n}", "en": "NOK {m:,.2f}, {n}"}})
    money = {"m": Decimal("300507.02"), "n": Decimal("7.5")}
    assert t("test_fmt_decimal", "no", **money) == f"300{NARROW_NBSP}507,02 kr, 7,5"
    assert t("test_fmt_decimal", "en", **money) == "NOK 300,507.02, 7.5"


def test_plural_words_in_messages() -> None:
    """ "{count:p:plass|plasser}": the word follows the count (never "1 plasser"); other texts are kept."""
    i18n.register({"test_plural": {"no": "{count:p:plass|plasser} under minimum, {days:p:dag|dager}",
                                   "en": "{count:p:place|places} below the minimum, {days:p:day|days}"}})
    assert t("test_plural", "no", count=1, days=0) == "1 plass under minimum, 0 dager"
    assert t("test_plural", "no", count=12350, days=1) == f"12{NARROW_NBSP}350 plasser under minimum, 1 dag"
    assert t("test_plural", "en", count=1, days=2) == "1 place below the minimum, 2 days"
    assert t("test_plural", "no", count="3", days="1") == "3 plasser under minimum, 1 dag"


def test_one_text_per_message_key() -> None:
    """Every module registers into the one catalogue; no key is registered twice with different texts
    (the text would then depend on which module was imported last)."""
    for module in pkgutil.walk_packages(bemanning.__path__, "bemanning."):
        if not module.name.endswith(("__main__", "migrations.env")) and ".migrations." not in module.name:
            importlib.import_module(module.name)
    assert i18n.CONFLICTS == [], sorted(set(i18n.CONFLICTS))


def test_plurals_and_yes_no() -> None:
    assert plural(1, "n_shifts", "no") == "1 vakt"
    assert plural(2, "n_shifts", "no") == "2 vakter"
    assert plural(0, "n_shifts", "no") == "0 vakter"
    assert plural(1, "n_shifts", "en") == "1 shift"
    assert plural(1200, "n_employees", "no") == f"1{NARROW_NBSP}200 ansatte"
    assert yes_no(True, "no") == "ja" and yes_no(False, "no") == "nei"


def test_every_code_has_a_norwegian_label() -> None:
    from bemanning.model.costs_result import CoverSource
    from bemanning.model.enums import DayType, TimeInterval
    from bemanning.planning.sickcalls.fill import FillSource

    labelled = ((ShiftKind, "kind"), (TaskCategory, "cat"), (WorkArrangement, "arr"), (FrequencyBasis, "per"),
                (TimeInterval, "interval"), (DayType, "daytype"), (FillSource, "fill_source"),
                (CoverSource, "cover_source"))
    for status in ("optimal", "feasible", "infeasible", "unknown", "relaxed", "no_solution", "OPTIMAL"):
        assert i18n.has(f"solver_status_{status.lower()}"), status
    for status in ("draft", "approved", "archived"):
        assert label("status", status, "no") != status
    for enum, prefix in labelled:
        for member in enum:
            text = label(prefix, member, "no")
            assert (text != member.value or prefix == "interval") and "_" not in text, (prefix, member)
    assert set(RULE_NO) == set(DEFAULT_RULES), set(DEFAULT_RULES) ^ set(RULE_NO)
    for name, setting in DEFAULT_RULES.items():
        assert rule_label(name, "no") != setting.description, name
        assert rule_label(name, "en") == setting.description
        shown = source_label(setting.reference, "no")
        assert not any(english in shown for english in SOURCE_NO), shown
        assert rule_unit(setting.unit, "no") not in ("h", "days", "weeks", "share", "nights")


def test_audit_summary_in_norwegian() -> None:
    assert audit_summary("role=leder; units=1", "no") == "rolle=leder; enheter=1"
    assert audit_summary("active=False, sessions_ended=2", "no") == "aktiv=nei, økter avsluttet=2"
    assert audit_summary("role=leder", "en") == "role=leder"


def test_unit_page_and_audit_log_are_norwegian(tmp_path: Path) -> None:
    app: FastAPI = make_app(tmp_path)
    admin = Client(app, "admin")
    own = next(u for u in admin.get("/api/users").json() if u["username"] == "planlegger")
    admin.patch(f"/api/users/{own['id']}", json={"active": False})
    page = admin.get(f"/units/{UNIT}").text
    body = page.split("<main>")[1]
    assert "daily_rest_hours" in body  # the setting's code stays visible for unit files, in its own column
    body = re.sub(r'<code>[^<]*</code>|data-rule="[^"]*"', "", body)
    assert "three_shift" not in body and "tredelt turnus" in body
    assert not re.search(r">\s*(True|False)\s*<", body)
    assert "Good practice" not in body and "God praksis" in body and "(unverified)" not in body
    assert "Sammenhengende døgnhvile mellom to vakter" in body
    assert re.search(r">\d+,\d+<", body)  # decimal comma
    tasks = admin.get(f"/units/{UNIT}/tasks").text
    assert "patient_day" not in tasks.split("<main>")[1]
    audit = admin.get("/admin").text
    assert "aktiv=nei" in audit and "endret" in audit and "logget inn" in audit
    assert "active=False" not in audit
    english = admin.get(f"/units/{UNIT}?lang=en").text
    assert "Continuous daily rest between two shifts" in english


def test_cli_rules_table_norwegian(cli: object) -> None:
    result = cli("regler", env={"BEMANNING_LANG": "no", "COLUMNS": "300"})  # type: ignore[operator]
    assert result.returncode == 0
    assert "Sammenhengende døgnhvile mellom to vakter" in result.stdout and "daily_rest_hours" in result.stdout
    assert "12,5" in result.stdout and "Good practice" not in result.stdout and "God praksis" in result.stdout


def test_violation_text_names_the_employee() -> None:
    """A broken rule is told with the employee's name and a Norwegian source, the id stays in the data."""
    from bemanning.planning.rostering.rules.base import Violation

    v = Violation("weekly_rest", True, "Good practice", "E06", (dt.date(2027, 1, 4),),
                  {"employee": "E06", "week": "2027-01-04", "hours": 31.5, "limit": 35})
    text = v.text("no", {"E06": "Kari Nordmann"})
    assert text.startswith("Kari Nordmann:") and "31,5 t" in text and "E06" not in text, text
    assert v.text("no").startswith("E06:") and v.detail["employee"] == "E06"
    assert v.reference_text("no") == "God praksis"
