"""Wishes in their own table (issue 27): 25 employees posting at once all stored, duplicates stored
once, a per-employee limit and weight range from the rule set, old wishes moved out of the document."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bemanning.demo import build_demo_unit
from bemanning.model import Wish
from bemanning.model.rules import DEFAULT_RULES
from bemanning.store import repo
from bemanning.store.db import MIGRATIONS_DIR, Database
from bemanning.web.chain import chain_for
from web_support import OVERRIDE, UNIT, Client, is_problem, make_app

STAFF = [e.id for e in build_demo_unit().employees]


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return make_app(tmp_path)


def _employees(app: FastAPI, count: int) -> list[str]:
    """``count`` employee users (wish0 …), each linked to their own employee of the demo unit."""
    with app.state.db.transaction() as session:
        password_hash = repo.get_user_by_name(session, "ansatt").password_hash  # type: ignore[union-attr]
        for i in range(count):
            repo.create_user(session, f"wish{i}", password_hash, "ansatt", employee_id=STAFF[i], unit_ids=[UNIT])
    return [f"wish{i}" for i in range(count)]


def test_rule_set_carries_the_wish_limits_with_a_reference() -> None:
    for name in ("wishes_max_per_employee", "wish_weight_max"):
        setting = DEFAULT_RULES[name]
        assert "Lokal praksis" in setting.reference and setting.verified is False


def test_25_employees_posting_at_once_are_all_stored(app: FastAPI) -> None:
    clients = [Client(app, name) for name in _employees(app, 25)]
    barrier = threading.Barrier(len(clients))
    answers: list[Any] = [None] * len(clients)

    def post(index: int) -> None:
        barrier.wait()
        answers[index] = clients[index].post(
            f"/api/units/{UNIT}/wishes", json={"date": "2027-01-06", "shift": "N", "want": False, "weight": 3}
        )

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201] * 25, [a.text for a in answers if a.status_code != 201]
    stored = Client(app, "planlegger").get(f"/api/units/{UNIT}/wishes").json()["wishes"]
    assert sorted(w["employee"] for w in stored) == sorted(STAFF[:25])
    # The unit document did not change: no version race between employees.
    assert Client(app, "admin").get(f"/api/units/{UNIT}").json()["version"] == 1


def test_the_same_wish_is_stored_once(app: FastAPI) -> None:
    employee = Client(app, "ansatt")
    first = employee.post(f"/api/units/{UNIT}/wishes", json={"date": "2027-01-06", "shift": "D", "weight": 5})
    assert first.status_code == 201 and first.json()["created"] is True
    for _ in range(50):
        again = employee.post(f"/api/units/{UNIT}/wishes", json={"date": "2027-01-06", "shift": "D", "weight": 5})
        assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    assert len(employee.get(f"/api/units/{UNIT}/wishes").json()["wishes"]) == 1
    # Not wanting the same shift is another wish.
    other = employee.post(f"/api/units/{UNIT}/wishes", json={"date": "2027-01-06", "shift": "D", "want": False})
    assert other.status_code == 201


def test_per_employee_limit_and_weight_range_come_from_the_rule_set(app: FastAPI) -> None:
    employee = Client(app, "ansatt")
    most = int(DEFAULT_RULES["wishes_max_per_employee"].value)
    heaviest = int(DEFAULT_RULES["wish_weight_max"].value)
    heavy = employee.post(f"/api/units/{UNIT}/wishes", json={"day": 1, "weight": heaviest + 1})
    assert is_problem(heavy, 422) and f"weight = {heaviest + 1}" in heavy.json()["detail"]
    assert employee.post(f"/api/units/{UNIT}/wishes", json={"day": 1, "weight": heaviest}).status_code == 201
    for day in range(2, most + 1):
        assert employee.post(f"/api/units/{UNIT}/wishes", json={"day": day}).status_code == 201
    over = employee.post(f"/api/units/{UNIT}/wishes", json={"day": most + 1})
    assert is_problem(over, 422) and f"grensen er {most}" in over.json()["detail"]
    # A unit may set its own numbers in its rules.
    admin = Client(app, "admin")
    document = admin.get(f"/api/units/{UNIT}").json()
    document["unit"]["rules"] = {"wishes_max_per_employee": most + 5}
    assert admin.put(f"/api/units/{UNIT}", json={"version": 1, "unit": document["unit"]}).status_code == 200
    assert employee.post(f"/api/units/{UNIT}/wishes", json={"day": most + 1}).status_code == 201
    unknown = Client(app, "planlegger").post(f"/api/units/{UNIT}/wishes", json={"employee": "nobody", "day": 1})
    assert is_problem(unknown, 422) and "employee = nobody" in unknown.json()["detail"]


def test_wishes_reach_the_planning_unit_and_can_be_removed(app: FastAPI) -> None:
    employee, planner = Client(app, "ansatt"), Client(app, "planlegger")
    posted = employee.post(f"/api/units/{UNIT}/wishes", json={"date": "2027-01-07", "shift": "A"}).json()
    wishes = chain_for(app.state, UNIT).unit.wishes
    assert [(w.employee, w.shift) for w in wishes] == [(STAFF[0], "A")]
    planner_wish = planner.post(f"/api/units/{UNIT}/wishes", json={"employee": STAFF[3], "day": 4}).json()
    # Employees remove their own wishes only; others' are 'not found'.
    assert is_problem(employee.request("DELETE", f"/api/units/{UNIT}/wishes/{planner_wish['id']}"), 404)
    assert employee.request("DELETE", f"/api/units/{UNIT}/wishes/{posted['id']}").status_code == 204
    assert [w.employee for w in chain_for(app.state, UNIT).unit.wishes] == [STAFF[3]]
    audit = {(a["entity"], a["action"]) for a in Client(app, "admin").get("/api/audit").json()}
    assert ("wish", "create") in audit and ("wish", "delete") in audit


def test_wishes_in_a_saved_document_go_to_the_table(app: FastAPI) -> None:
    admin = Client(app, "admin")
    document = admin.get(f"/api/units/{UNIT}").json()
    wish = {"employee": STAFF[5], "day": 9, "shift": "N", "want": False, "weight": 2}
    document["unit"]["wishes"] = [wish, wish]
    assert admin.put(f"/api/units/{UNIT}", json={"version": 1, "unit": document["unit"]}).status_code == 200
    with app.state.db.read() as session:
        assert repo.get_unit_row(session, UNIT).document["wishes"] == []
        assert len(repo.list_wish_rows(session, UNIT)) == 1
    assert admin.get(f"/api/units/{UNIT}").json()["unit"]["wishes"] == [{**wish, "date": None}]


def test_migration_moves_wishes_out_of_the_unit_document(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    db = Database(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    unit = build_demo_unit()
    old_wishes = [
        Wish(employee=STAFF[0], day=1, shift="D"),
        Wish(employee=STAFF[0], day=1, shift="D"),  # a duplicate of the old kind
        Wish(employee=STAFF[1], date="2027-01-05", want=False, weight=4),
    ]
    document = {**unit.model_dump(mode="json"), "wishes": [w.model_dump(mode="json") for w in old_wishes]}
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO units (id, name, version, document, updated_at) VALUES (?, ?, 1, ?, '2026-01-01')",
            (unit.id, unit.name, __import__("json").dumps(document)),
        )
    db.migrate()
    with db.read() as session:
        assert repo.get_unit_row(session, unit.id).document["wishes"] == []
        rows = [repo.wish_from_row(r) for r in repo.list_wish_rows(session, unit.id)]
    assert rows == [old_wishes[0], old_wishes[2]]
    db.dispose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(STAFF[:3]),
            st.integers(0, 27),
            st.sampled_from([None, "D", "A", "N"]),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_stored_wishes_are_the_distinct_posted_ones(app: FastAPI, posts: list[tuple[str, int, Any, bool]]) -> None:
    """Whatever is posted, the table holds each distinct (employee, day, shift, want) exactly once."""
    with app.state.db.transaction() as session:
        for row in repo.list_wish_rows(session, UNIT):
            session.delete(row)
    planner = Client(app, "planlegger")
    for employee, day, shift, want in posts:
        body = {"employee": employee, "day": day, "shift": shift, "want": want}
        assert planner.post(f"/api/units/{UNIT}/wishes", json=body).status_code in (200, 201)
    stored = planner.get(f"/api/units/{UNIT}/wishes").json()["wishes"]
    assert sorted(((w["employee"], w["day"], w["shift"], w["want"]) for w in stored), key=repr) == sorted(
        set(posts), key=repr
    )


def _links(html: str) -> set[str]:
    import re

    return {h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"]*)"', html) if not h.startswith("/static/")}


def test_employee_pages_show_only_approved_rosters_own_wishes_and_links_that_open(app: FastAPI) -> None:
    planner, leader, employee = Client(app, "planlegger"), Client(app, "leder"), Client(app, "ansatt")
    draft = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "Tomt eksperiment"}).json()
    approved = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "Publisert turnus"}).json()
    cell = {"version": 1, "employee_id": STAFF[0], "date": "2027-01-05", "shift_code": "D"}
    version = planner.patch(f"/api/units/{UNIT}/rosters/{approved['id']}/cell", json=cell).json()["version"]
    approval = {"version": version, "status": "approved", "override_reason": OVERRIDE}  # one shift: below minimum
    leader.post(f"/api/units/{UNIT}/rosters/{approved['id']}/status", json=approval)
    planner.post(f"/api/units/{UNIT}/wishes", json={"employee": STAFF[1], "day": 3, "shift": "K"})
    employee.post(f"/api/units/{UNIT}/wishes", json={"day": 4, "shift": "L"})

    me = employee.get("/me").text
    assert "Publisert turnus" in me and "Tomt eksperiment" not in me and "Grunnturnus" not in me
    assert "L" in me and " K" not in me.split('id="my-wishes"', 1)[1].split("</ul>", 1)[0]
    assert is_problem(employee.get(f"/api/units/{UNIT}/rosters/{draft['id']}"), 404)

    landing = employee.http.get("/", follow_redirects=True)
    assert landing.status_code == 200
    seen: set[str] = set()
    todo = _links(landing.text) | _links(me)
    for _depth in range(2):  # the landing page, /me, and every page they link to
        found: set[str] = set()
        for link in sorted(todo - seen):
            seen.add(link)
            response = employee.http.get(link, follow_redirects=True)
            assert response.status_code < 400, (link, response.status_code)
            if response.headers.get("content-type", "").startswith("text/html"):
                found |= _links(response.text)
        todo = found
    assert "/me" in seen and len(seen) >= 3
