"""One formatting module (bemanning.i18n) for CLI and web: numbers, plurals, yes/no, labels, rule names."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

from bemanning.i18n import NARROW_NBSP, audit_summary, label, number, plural, yes_no
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


def test_plurals_and_yes_no() -> None:
    assert plural(1, "n_shifts", "no") == "1 vakt"
    assert plural(2, "n_shifts", "no") == "2 vakter"
    assert plural(0, "n_shifts", "no") == "0 vakter"
    assert plural(1, "n_shifts", "en") == "1 shift"
    assert plural(1200, "n_employees", "no") == f"1{NARROW_NBSP}200 ansatte"
    assert yes_no(True, "no") == "ja" and yes_no(False, "no") == "nei"


def test_every_code_has_a_norwegian_label() -> None:
    for enum, prefix in ((ShiftKind, "kind"), (TaskCategory, "cat"), (WorkArrangement, "arr"), (FrequencyBasis, "per")):
        for member in enum:
            text = label(prefix, member, "no")
            assert text != member.value and "_" not in text, (prefix, member)
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
