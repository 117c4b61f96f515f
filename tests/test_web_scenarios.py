"""Scenario comparison page: upload comparison.csv (as `bemanning scenario compare` writes it), table,
chart series, bad files, roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.io.errors import UserError
from bemanning.web.scenarios import parse_comparison
from web_support import UNIT, Client, is_problem, make_app

HEADER = (
    "scenario,fte_need,fte_current,uncovered_shifts,hard_violations,weekends_per_employee,long_shift_share,"
    "avg_position_pct,cost_own_staff_nok,cost_overtime_nok,cost_agency_nok,cost_total_nok,agency_hours\n"
)
CSV = HEADER + (
    "i dag,31.2,29.8,12,0,1.5,0.0,84.1,21000000,450000,900000,22350000,1400.0\n"
    "langvakter,30.1,29.8,4,0,1.25,0.18,86.0,20600000,300000,200000,21100000,310.5\n"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return make_app(Path(tmp_path_factory.mktemp("scenarios")))


def test_upload_then_page_shows_table_and_charts(app: FastAPI) -> None:
    leader, rep = Client(app, "leder"), Client(app, "tillitsvalgt")
    url = f"/api/units/{UNIT}/scenarios/comparison"
    assert is_problem(rep.get(url), 404)
    assert 'id="scenario-none"' in rep.get(f"/units/{UNIT}/scenarios").text
    saved = leader.post(url, files={"file": ("comparison.csv", CSV, "text/csv")})
    assert saved.status_code == 201, saved.text
    data = rep.get(url).json()
    assert [r["scenario"] for r in data["rows"]] == ["i dag", "langvakter"]
    assert data["charts"]["cost"]["agency"] == [900000.0, 200000.0]
    assert data["charts"]["fte"]["need"] == [31.2, 30.1]
    page = rep.get(f"/units/{UNIT}/scenarios")
    assert page.status_code == 200 and 'id="scenario-table"' in page.text and "langvakter" in page.text
    assert 'src="/assets/plotly.min.js"' in page.text and "https://" not in page.text
    assert 'id="scenario-upload"' not in page.text  # read-only for the union representative
    assert Client(app, "planlegger").post(url, files={"file": ("c.csv", CSV, "text/csv")}).status_code == 403
    audit = Client(app, "admin").get("/api/audit").json()
    assert any(a["action"] == "scenario_comparison" and a["summary"] == "scenarios=2" for a in audit)


def test_bad_files_are_422(app: FastAPI) -> None:
    leader = Client(app, "leder")
    url = f"/api/units/{UNIT}/scenarios/comparison"
    for content in (
        "a,b\n1,2\n",
        HEADER,
        HEADER + "x,abc,1,1,1,1,1,1,1,1,1,1,1\n",
        HEADER + ",1,1,1,1,1,1,1,1,1,1,1,1\n",
    ):
        response = leader.post(url, files={"file": ("comparison.csv", content, "text/csv")})
        assert is_problem(response, 422), content


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.text("abcæøå ", min_size=1, max_size=10).filter(str.strip), st.floats(0, 1e7)),
        min_size=1,
        max_size=8,
    )
)
def test_parse_keeps_every_scenario_and_number(rows: list[tuple[str, float]]) -> None:
    text = "scenario,fte_need,cost_total_nok\n" + "".join(f"{n},{v!r},{v!r}\n" for n, v in rows)
    parsed = parse_comparison(text.encode())
    assert [p["scenario"] for p in parsed] == [n.strip() for n, _ in rows]
    assert [p["cost_total_nok"] for p in parsed] == [v for _, v in rows]
    assert all(p["agency_hours"] is None for p in parsed)


def test_not_utf8_is_an_error() -> None:
    with pytest.raises(UserError):
        parse_comparison(b"scenario,fte_need,cost_total_nok\n\xff\xfe,1,2\n")
