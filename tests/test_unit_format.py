"""Issue 24, unit format for real wards: allowed shift types, composite cover, per-person shift
limits, contract settlement, weekend rules; the model and the checker agree on each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from bemanning.io.errors import UserError
from bemanning.io.unit_file import dump_unit_yaml, load_unit_yaml_text
from bemanning.model import Assignment, Roster, Unit
from bemanning.planning.rostering import Period, Rule, build_context, check_context, default_rules
from bemanning.planning.rostering.context import RosterContext
from bemanning.planning.rostering.rules import uncovered_places
from bemanning.planning.rostering.solver import build_model
from bemanning.planning.rostering.view import RosterView
from roster_helpers import START, small_unit

WEEKS = 3
DAYS = 7 * WEEKS


def ward(**changes: Any) -> Unit:
    """A small ward with the new features: L covers D and A; a weekend-only shift H; a night-only
    nurse, a day-only health worker who works weekends, and one with her own '2 of 6' weekends."""
    data = small_unit(weeks=WEEKS, nurses=4, helpers=3).model_dump(mode="json")
    data["shift_types"] += [
        {"code": "L", "name": "Langvakt", "kind": "long_day", "start": "07:30", "end": "20:00", "covers": ["D", "A"]},
        {"code": "H", "name": "Helgevakt", "kind": "day", "start": "08:00", "end": "16:00",
         "day_types": ["saturday", "sunday"]},
    ]
    data["groups"][0]["shift_types"] = ["D", "A", "N", "L", "H"]
    data["groups"][1]["shift_types"] = ["D", "A", "N", "H"]
    by_id = {e["id"]: e for e in data["employees"]}
    by_id["S0"]["long_shift_volunteer"] = True
    by_id["S2"]["long_shift_volunteer"] = True
    by_id["S1"]["shift_types"] = ["N"]
    by_id["H0"].update(shift_types=["D", "H"], arrangement="rotation", works_nights=False)
    by_id["H1"].update(weekend_every=1, weekends_max=2, weekends_window=3)
    data["staffing"]["minimums"] += [{"shift": "A", "group": "hfa", "minimum": 1}]
    for key, value in changes.items():
        data[key] = value
    return Unit.model_validate(data)


def roster_of(unit: Unit, plan: dict[str, dict[int, str]]) -> Roster:
    assignments = [
        Assignment(employee_id=e, date=START + dt.timedelta(days=d), shift_code=c)
        for e, days in plan.items()
        for d, c in days.items()
    ]
    return Roster(unit_id=unit.id, start_date=START, days=DAYS, cyclic=True, assignments=assignments)


def model_verdict(ctx: RosterContext, roster: Roster, rules: list[Rule]) -> tuple[float, dict[str, int]] | None:
    """The model's objective (and its penalty per rule) with every variable fixed to ``roster``;
    None when the model rules the roster out (a hard rule)."""
    m = build_model(ctx, rules)
    chosen = {(a.employee_id, ctx.index_of(a.date), a.shift_code) for a in roster.assignments}
    if any(key not in m.x for key in chosen):
        return None  # a shift the model forbids up front
    for key, var in m.x.items():
        m.model.add(var == int(key in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 30
    status = solver.solve(m.model)
    if status == cp_model.INFEASIBLE:
        return None
    assert status == cp_model.OPTIMAL
    per_rule: dict[str, int] = {}
    for term in m.terms:
        value = solver.value(term.var) * term.weight
        if value:
            per_rule[term.rule] = per_rule.get(term.rule, 0) + value
    return solver.objective_value, per_rule


def assert_agree(unit: Unit, roster: Roster, rules: list[Rule]) -> bool:
    """Model and checker agree on ``roster``: both accept it with the same penalty per rule, or both
    reject it. Returns whether it was accepted."""
    ctx = build_context(unit, Period.of_roster(roster))
    rules = [r for r in rules if r.applies(ctx)]
    verdict = model_verdict(ctx, roster, rules)
    report = check_context(ctx, roster, rules)
    if verdict is None:
        assert not report.ok, "the model rejects a roster the checker accepts"
        return False
    assert report.ok, [v.rule for v in report.hard]
    objective, per_rule = verdict
    assert report.penalty == round(objective)
    assert report.penalty_by_rule() == per_rule
    return True


def pick(unit: Unit, *codes: str) -> list[Rule]:
    return [r for r in default_rules(unit) if r.code in codes]


def random_plan(draw: Any, employees: list[str], codes: list[str]) -> dict[str, dict[int, str]]:
    plan: dict[str, dict[int, str]] = {}
    for e in employees:
        days = draw(st.lists(st.sampled_from([None, *codes]), min_size=DAYS, max_size=DAYS))
        plan[e] = {d: c for d, c in enumerate(days) if c is not None}
    return plan


# --- 1. allowed shift types ---------------------------------------------------------------------

def test_allowed_shift_types_forbid_up_front_and_the_checker_names_them() -> None:
    unit = ward()
    ctx = build_context(unit, Period.cycle(START, WEEKS))
    banned = {t for r in default_rules(unit) if r.applies(ctx) for t in r.forbidden(ctx)}
    assert all(("S1", d, c) in banned for d in range(DAYS) for c in "DALH")  # night-only
    assert not any(("S1", d, "N") in banned for d in range(DAYS))
    assert all(("H0", d, c) in banned for d in range(DAYS) for c in "ANL")  # day-only...
    assert ("H0", 5, "D") not in banned  # ...who still works weekends
    assert all(("H2", d, "L") in banned for d in range(DAYS))  # L is not a helper shift
    weekdays = [d for d in range(DAYS) if (START + dt.timedelta(days=d)).weekday() < 5]
    assert all(("S0", d, "H") in banned for d in weekdays)  # weekend-only shift type
    assert ("S0", 5, "H") not in banned and ("S0", 6, "H") not in banned
    bad = roster_of(unit, {"S1": {0: "D"}, "S3": {2: "H"}})
    hard = check_context(ctx, bad, default_rules(unit)).hard
    assert {(v.rule, v.employee) for v in hard} >= {("allowed_shifts", "S1"), ("shift_day_types", "S3")}
    texts = [v.text("no") for v in hard if v.rule == "allowed_shifts"]
    assert any("S1" in t and "D" in t for t in texts)


def test_nurses_of_the_medical_demo_never_get_the_secretary_shift(demo_unit: Unit) -> None:
    ctx = build_context(demo_unit, Period.cycle(demo_unit.roster.start_date, 1))
    banned = {t for r in default_rules(demo_unit) if r.applies(ctx) for t in r.forbidden(ctx)}
    nurses = [e for e in ctx.employees if e.group in ("spl_overvakning", "spl_sengepost", "helsefagarbeider")]
    assert nurses and all((e.id, d, "K") in banned for e in nurses for d in range(7))
    secretaries = [e for e in ctx.employees if e.group == "sekretaer"]
    assert secretaries and all((e.id, 0, "D") in banned for e in secretaries)


# --- 2. composite cover -------------------------------------------------------------------------

def test_a_long_shift_fills_one_day_and_one_evening_place() -> None:
    unit = ward()
    only_l = roster_of(unit, {"S0": {0: "L"}})
    with_d_a = roster_of(unit, {"S0": {0: "D"}, "S2": {0: "A"}})
    ctx = build_context(unit, Period.cycle(START, WEEKS))

    def open_on_day_0(roster: Roster) -> set[tuple[str, str]]:
        return {(p.shift, p.group) for p in uncovered_places(RosterView(ctx, roster)) if p.date == START.isoformat()}

    assert open_on_day_0(only_l) == open_on_day_0(with_d_a)
    assert ("D", "spl") not in open_on_day_0(only_l) and ("A", "spl") not in open_on_day_0(only_l)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_model_checker_and_report_count_composite_cover_the_same(data: st.DataObject) -> None:
    unit = ward()
    plan = random_plan(data.draw, ["S0", "S2", "S3", "H1", "H2"], ["D", "A", "N", "L"])
    roster = roster_of(unit, plan)
    rules = pick(unit, "coverage", "over_coverage", "skill_mix")
    assert assert_agree(unit, roster, rules)
    ctx = build_context(unit, Period.of_roster(roster))
    coverage = next(r for r in rules if r.code == "coverage")
    places = uncovered_places(RosterView(ctx, roster))
    from_report = sum(coverage.weight * p.missing + coverage.minimum_weight * p.below_minimum for p in places)
    assert check_context(ctx, roster, rules).penalty_by_rule().get("coverage", 0) == from_report


# --- 3./5. per-person share and count limits ----------------------------------------------------

LIMITS = [
    {"id": "andel", "shifts": ["L"], "max_share": 0.3, "reference": "Lokal avtale (test)"},
    {"id": "antall", "shifts": ["L", "N"], "max_count": 3, "period_weeks": 1, "groups": ["spl"],
     "reference": "Lokal avtale (test)", "hard": False, "weight": 7},
]


def test_share_limit_is_per_person_not_per_plan() -> None:
    unit = ward(shift_limits=LIMITS[:1])
    ctx = build_context(unit, Period.cycle(START, WEEKS))
    rules = pick(unit, "shift_limit")
    # S0: 3 L of 6 shifts (50 %) breaks it although the plan as a whole has few long shifts.
    plan = {"S0": {0: "L", 1: "L", 2: "L", 7: "D", 8: "D", 9: "D"}}
    plan |= {e: {d: "D" for d in range(0, DAYS, 2)} for e in ("S2", "S3", "H1", "H2")}
    hard = check_context(ctx, roster_of(unit, plan), rules).hard
    assert [(v.rule, v.employee, v.reference) for v in hard] == [("shift_limit", "S0", "Lokal avtale (test)")]
    plan["S0"] = {0: "L", 1: "L", 7: "D", 8: "D", 9: "D", 14: "D", 15: "D"}  # 2 of 7 = 29 %
    assert check_context(ctx, roster_of(unit, plan), rules).ok


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_model_and_checker_agree_on_shift_limits(data: st.DataObject) -> None:
    unit = ward(shift_limits=LIMITS)
    plan = random_plan(data.draw, ["S0", "S2", "S3"], ["D", "L", "N"])
    assert_agree(unit, roster_of(unit, plan), pick(unit, "shift_limit"))


# --- 4. contract tolerance and settlement -------------------------------------------------------

def test_tolerance_in_hours_does_not_shrink_with_the_position() -> None:
    unit = ward(rules={"contract_hours_tolerance_hours": 8})
    ctx = build_context(unit, Period.cycle(START, WEEKS))
    for e in ctx.employees:
        low, high, target = ctx.contract_minutes(e)
        assert high - target == pytest.approx(480, abs=1) and target - low == pytest.approx(480, abs=1)
    pct = build_context(ward(), Period.cycle(START, WEEKS))
    widths = {e.position_pct: ctx_high - ctx_low for e in pct.employees
              for ctx_low, ctx_high, _ in [pct.contract_minutes(e)]}
    assert widths[75] < widths[100]  # the percentage tolerance halves with the position


def test_settlement_per_month_and_per_cycle_with_absence_credit() -> None:
    base = ward(rules={"contract_settlement": "month", "contract_hours_tolerance_hours": 4},
                absences=[{"employee": "S0", "start": "2027-02-01", "end": "2027-02-07"}])
    period = Period.calendar(START, dt.date(2027, 3, 28))  # 12 weeks over three months
    ctx = build_context(base, period)
    months = ctx.contract_periods()
    assert [ctx.date_of(p.start).month for p in months] == [1, 2, 3]
    assert sum(len(p) for p in months) == period.days
    s0 = ctx.employee("S0")
    credit = ctx.absence_credit(s0, months[1])
    assert credit == pytest.approx(s0.position_pct / 100 * s0.weekly_hours * 60, rel=1e-6)  # 7 days = 1 week
    assert ctx.absence_credit(s0, months[0]) == 0
    cycle = build_context(ward(rules={"contract_settlement": "cycle"}), period).contract_periods()
    assert [len(p) for p in cycle] == [21, 21, 21, 21]
    # A roster that works all its hours in January breaks February's and March's settlement.
    rule = pick(base, "contract_hours")
    plan = {"S0": {d: "D" for d in range(0, 28)}}
    roster = Roster(unit_id=base.id, start_date=START, days=period.days, cyclic=False, assignments=[
        Assignment(employee_id=e, date=START + dt.timedelta(days=d), shift_code=c)
        for e, days in plan.items() for d, c in days.items()])
    bad = [v for v in check_context(ctx, roster, rule).hard if v.employee == "S0"]
    assert len(bad) == 3  # too much in January, too little in February and March
    assert "fraværsfradrag" in bad[1].text("no") and str(round(credit / 60, 2)).replace(".", ",") in bad[1].text("no")


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), settlement=st.sampled_from(["period", "cycle"]))
def test_model_and_checker_agree_on_contract_hours(data: st.DataObject, settlement: str) -> None:
    unit = ward(rules={"contract_settlement": settlement, "contract_hours_tolerance_hours": 8}, roster={
        "cycle_weeks": 1, "start_date": START.isoformat()})
    plan = random_plan(data.draw, ["S0", "S2", "H2"], ["D", "A", "L"])
    rules = [r.relaxed(13) for r in pick(unit, "contract_hours")]  # soft: penalties must match too
    assert_agree(unit, Roster(unit_id=unit.id, start_date=START, days=DAYS, cyclic=False, assignments=[
        Assignment(employee_id=e, date=START + dt.timedelta(days=d), shift_code=c)
        for e, days in plan.items() for d, c in days.items()]), rules)


# --- 6. weekend rules ---------------------------------------------------------------------------

WEEKEND_DAYS = [d for d in range(DAYS) if (START + dt.timedelta(days=d)).weekday() >= 5]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), every=st.sampled_from([2, 3]), most=st.sampled_from([0, 1, 2]))
def test_model_and_checker_agree_on_weekend_rules(data: st.DataObject, every: int, most: int) -> None:
    rules_set = {"weekend_every_nth": every}
    if most:
        rules_set |= {"weekends_max_in_window": most, "weekends_window": 3}
    unit = ward(rules=rules_set)
    plan: dict[str, dict[int, str]] = {}
    for e in ("S0", "S2", "H1", "H2"):
        worked = data.draw(st.lists(st.booleans(), min_size=3, max_size=3))
        plan[e] = {d: "D" for d in WEEKEND_DAYS if worked[(d // 7) % 3]}
    rules = pick(unit, "weekend_frequency", "weekend_count", "whole_weekends")
    accepted = assert_agree(unit, roster_of(unit, plan), rules)
    counts = {e: len({d // 7 for d in days}) for e, days in plan.items()}
    # In a 3-weekend cycle "one in any 2 or 3" and "most of 3" both cap the others at one weekend;
    # H1 has her own rule: at most 2 of any 3, no every-k-th.
    assert accepted == all(n <= (2 if e == "H1" else 1) for e, n in counts.items())


def test_two_weekends_in_a_row_break_every_third_but_not_two_of_six() -> None:
    unit = ward()
    ctx = build_context(unit, Period.cycle(START, WEEKS))
    plan = {e: {5: "D", 6: "D", 12: "D", 13: "D"} for e in ("S0", "H1")}
    hard = check_context(ctx, roster_of(unit, plan), pick(unit, "weekend_frequency", "weekend_count")).hard
    assert {(v.rule, v.employee) for v in hard} == {("weekend_frequency", "S0")}
    plan["H1"] = {d: "D" for d in WEEKEND_DAYS}  # three of three: above H1's own 2 of 3
    hard = check_context(ctx, roster_of(unit, plan), pick(unit, "weekend_frequency", "weekend_count")).hard
    assert ("weekend_count", "H1") in {(v.rule, v.employee) for v in hard}


# --- validation: clear Norwegian messages naming the bad value -------------------------------------

def _yaml(unit: Unit) -> str:
    return dump_unit_yaml(unit)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("  - L\n  - H\n", "  - L\n  - X\n", 1),
         "ukjent vakttype «X»"),
        (lambda t: t.replace("covers:\n  - D", "covers:\n  - L", 1), "står i sin egen «covers»-liste"),
        (lambda t: t.replace("weekends_max: 2", "weekends_max: 5", 1), "høyst 5 av 3 helger"),
        (lambda t: t.replace("id: test\n", "id: test\nrules:\n  contract_settlement: uke\n", 1),
         "«uke» er ikke en av period, cycle, month"),
        (lambda t: t.replace("shift_types:\n  - N\n", "shift_types:\n  - K\n", 1), "ukjent vakttype «K»"),
    ],
)
def test_bad_values_give_norwegian_messages_naming_them(change: Any, expected: str) -> None:
    text = _yaml(ward())
    bad = change(text)
    assert bad != text
    with pytest.raises(UserError) as info:
        load_unit_yaml_text(bad, "enhet.yaml")
    assert expected in info.value.text("no"), info.value.text("no")


def test_employee_shift_outside_the_group_is_refused() -> None:
    with pytest.raises(UserError) as info:
        load_unit_yaml_text(_yaml(ward()).replace("  - D\n  - H\n", "  - D\n  - L\n", 1), "enhet.yaml")
    assert "«L», som yrkesgruppen «hfa» ikke kan gå" in info.value.text("no")


def test_shift_limit_naming_an_unknown_shift_is_refused() -> None:
    text = _yaml(ward(shift_limits=LIMITS)).replace("- L\n  max_share", "- Q\n  max_share", 1)
    with pytest.raises(UserError) as info:
        load_unit_yaml_text(text, "enhet.yaml")
    assert "shift limit andel: ukjent vakttype «Q»" in info.value.text("no")


def test_fixed_shift_types_leave_the_fairness_pools_and_the_computed_shifts(demo_unit: Unit) -> None:
    from bemanning.planning.demand import group_shifts
    from bemanning.planning.rostering.rules import Fairness

    unit = ward()
    ctx = build_context(unit, Period.cycle(START, WEEKS))
    pools = {(group, category): {e.id for e in members} for group, category, members in Fairness()._pools(ctx)}
    assert "S1" not in pools[("spl", "night")]  # night-only: her nights are not a fair share
    assert "S1" in pools[("spl", "weekend")]
    assert "H0" not in pools.get(("hfa", "evening"), set())  # day-only
    # The medical demo's nurses do not get the secretary's K, not even replaced by a long shift.
    assert "K" not in group_shifts(demo_unit, "spl_sengepost", long_shifts=True)[1]
    assert group_shifts(demo_unit, "sekretaer")[0] == ["K"]
