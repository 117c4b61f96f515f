"""Dated competence in the roster engine: skill mix and shift types only for holders, per day.

A certification counts only on the days it is valid (the day a shift starts). The model (CP-SAT, via
the one engine ``solve_roster``) and the checker (``check_roster``, what ``bemanning check`` runs)
must agree: a roster the engine returns passes the checker with the same penalty, and a night whose
only medication nurse's certificate ran out the day before is flagged.
"""

from __future__ import annotations

import datetime as dt
from datetime import time

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bemanning.model import (
    Assignment,
    Certification,
    DayType,
    MinimumStaffing,
    Roster,
    ShiftKind,
    ShiftType,
    SkillMixRule,
    Unit,
)
from bemanning.planning.rostering import Period, SolveOptions, check_roster, solve_roster
from roster_helpers import START, small_unit

DAYS = 14
EXPIRY = START + dt.timedelta(days=5)  # S1's certificate: last valid day
RENEWED = START + dt.timedelta(days=7)  # S2's certificate: first valid day
PERIOD = Period.calendar(START, START + dt.timedelta(days=DAYS - 1))


def competence_unit(certs: dict[str, list[Certification]] | None = None) -> Unit:
    """Four nurses: S0 holds 'legemiddel' undated, S1 until EXPIRY, S2 from RENEWED, S3 never; a night
    needs one holder; the medication round M (weekdays) only for holders."""
    unit = small_unit(nurses=4, helpers=2, weeks=2)
    certs = certs if certs is not None else {
        "S1": [Certification(competence="legemiddel", valid_from=dt.date(2020, 1, 1), valid_to=EXPIRY)],
        "S2": [Certification(competence="legemiddel", valid_from=RENEWED)],
    }
    employees = [
        e.model_copy(update={
            "competences": ["legemiddel"] if e.id == "S0" else [],
            "certifications": certs.get(e.id, []),
        }) if e.group == "spl" else e
        for e in unit.employees
    ]
    shifts = list(unit.shift_types)
    minimums = list(unit.staffing.minimums)
    shifts.append(ShiftType(code="M", name="Medisinrunde", kind=ShiftKind.DAY, start=time(8), end=time(14),
                            required_competences=["legemiddel"]))
    minimums.append(MinimumStaffing(shift="M", group="spl", minimum=1, day_types=[DayType.WEEKDAY]))
    staffing = unit.staffing.model_copy(update={
        "minimums": minimums,
        "skill_mix": [SkillMixRule(competence="legemiddel", minimum=1, shifts=["N"])],
    })
    data = {**unit.model_dump(), "employees": [e.model_dump() for e in employees],
            "shift_types": [s.model_dump() for s in shifts], "staffing": staffing.model_dump()}
    return Unit.model_validate(data)


def roster_of(unit: Unit, cells: list[tuple[str, dt.date, str]]) -> Roster:
    return Roster(unit_id=unit.id, start_date=START, days=DAYS, cyclic=False,
                  assignments=[Assignment(employee_id=e, date=d, shift_code=c) for e, d, c in cells])


def holds(unit: Unit, employee: str, competence: str, day: dt.date) -> bool:
    """Written here from the certifications alone, independent of the engine's context."""
    e = unit.employee(employee)
    if competence in e.competences:
        return True
    return any(c.competence == competence and (c.valid_from is None or c.valid_from <= day)
               and (c.valid_to is None or day <= c.valid_to) for c in e.certifications)


def skill_mix_dates(unit: Unit, roster: Roster) -> set[dt.date]:
    return {d for v in check_roster(unit, roster).violations if v.rule == "skill_mix" for d in v.dates}


def test_night_after_expiry_is_flagged_the_expiry_night_is_not() -> None:
    unit = competence_unit()
    after = EXPIRY + dt.timedelta(days=1)
    roster = roster_of(unit, [("S1", EXPIRY, "N"), ("S1", after + dt.timedelta(days=1), "N"),
                              ("S0", after, "N")])
    assert skill_mix_dates(unit, roster) & {EXPIRY, after} == set()
    alone = roster_of(unit, [("S1", EXPIRY, "N"), ("S1", after, "N")])  # S1 again the day after expiry
    flagged = [v for v in check_roster(unit, alone).violations if v.rule == "skill_mix" and after in v.dates]
    assert flagged and flagged[0].reference and flagged[0].detail["count"] == 0
    assert EXPIRY not in skill_mix_dates(unit, alone)
    # S2's certificate starts on RENEWED: the night before does not count, that night does
    early = roster_of(unit, [("S2", RENEWED - dt.timedelta(days=1), "N"), ("S2", RENEWED + dt.timedelta(days=1), "N")])
    dates = skill_mix_dates(unit, early)
    assert RENEWED - dt.timedelta(days=1) in dates and RENEWED + dt.timedelta(days=1) not in dates


def test_shift_type_only_for_holders_on_the_day() -> None:
    unit = competence_unit()
    after = EXPIRY + dt.timedelta(days=3)  # a weekday after the expiry (2027-01-12 is a Tuesday)
    roster = roster_of(unit, [("S1", EXPIRY, "M"), ("S1", after, "M"), ("S3", START, "M"), ("S0", START, "D")])
    bad = [v for v in check_roster(unit, roster).violations if v.rule == "competence_shifts"]
    assert {(v.employee, v.dates) for v in bad} == {("S1", (after,)), ("S3", (START,))}
    assert all(v.hard and v.reference for v in bad)
    assert "legemiddel" in bad[0].text("no") and "uten gyldig" in bad[0].text("no")


def test_without_certifications_the_expired_nurse_counted_before() -> None:
    """The feature, not the fixture: the same nurse undated holds every night."""
    after = EXPIRY + dt.timedelta(days=1)
    undated = competence_unit({})
    undated = undated.model_copy(update={"employees": [
        e.model_copy(update={"competences": ["legemiddel"]}) if e.id == "S1" else e for e in undated.employees]})
    roster = roster_of(undated, [("S1", after, "N")])
    assert after not in skill_mix_dates(undated, roster)
    assert after in skill_mix_dates(competence_unit(), roster)


def _engine_agrees(unit: Unit, seed: int, work: float) -> Roster | None:
    """Solve with the one engine and hold the result against the checker and against the certificates
    read here; the lawful roster, or None when the engine found none."""
    result = solve_roster(unit, options=SolveOptions.for_work(work, seed=seed, period=PERIOD))
    report = check_roster(unit, result.roster)
    assert report.ok == result.lawful, [v.text("en") for v in report.hard]
    if not result.lawful:
        return None
    assert result.objective == report.penalty  # the model charged exactly what the checker counts
    for a in result.roster.assignments:  # the medication round only for holders on that day
        if a.shift_code == "M":
            assert holds(unit, a.employee_id, "legemiddel", a.date), a
    flagged = {d for v in report.violations if v.rule == "skill_mix" for d in v.dates}
    for day in (START + dt.timedelta(days=i) for i in range(DAYS)):
        on_night = [a.employee_id for a in result.roster.assignments if a.date == day and a.shift_code == "N"]
        has_holder = any(holds(unit, e, "legemiddel", day) for e in on_night)
        assert has_holder == (day not in flagged), (day, on_night)
    return result.roster


def test_the_engine_roster_passes_the_checker() -> None:
    """S3 certified without dates, S1 until EXPIRY, S2 from RENEWED: the engine's roster passes the check,
    each night it leaves without a valid holder is one the checker flags (and no other), and the
    medication round goes only to holders — never to S1 after EXPIRY. (The skill mix is soft and the
    small unit short of staff, so a roster may trade a night's skill mix for a safe-minimum place.)"""
    certs = {
        "S1": [Certification(competence="legemiddel", valid_to=EXPIRY)],
        "S2": [Certification(competence="legemiddel", valid_from=RENEWED)],
        "S3": [Certification(competence="legemiddel")],
    }
    unit = competence_unit(certs)
    roster = _engine_agrees(unit, seed=1, work=3.0)
    assert roster is not None
    report = check_roster(unit, roster)
    assert not [v for v in report.violations if v.rule == "competence_shifts"]
    rounds = [a for a in roster.assignments if a.shift_code == "M"]
    assert rounds and not [a for a in rounds if a.employee_id == "S1" and a.date > EXPIRY]


DAY_OFFSETS = st.one_of(st.none(), st.integers(-3, DAYS + 2))


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.generate])
@given(
    windows=st.lists(st.tuples(DAY_OFFSETS, DAY_OFFSETS), min_size=3, max_size=3),
    seed=st.integers(0, 50),
)
def test_any_solve_with_competence_rules_passes_check(
    windows: list[tuple[int | None, int | None]], seed: int
) -> None:
    certs: dict[str, list[Certification]] = {}
    for nurse, (first, last) in zip(("S1", "S2", "S3"), windows, strict=True):
        start = None if first is None else START + dt.timedelta(days=first)
        end = None if last is None else START + dt.timedelta(days=last)
        if start is not None and end is not None and end < start:
            start, end = end, start
        certs[nurse] = [Certification(competence="legemiddel", valid_from=start, valid_to=end)]
    _engine_agrees(competence_unit(certs), seed=seed, work=1.5)


def test_the_full_model_charges_what_the_checker_counts() -> None:
    """The model's own objective (CP-SAT's, strategy "full") against the checker's penalty: a model that
    counted S1 after EXPIRY would charge less than the checker does."""
    unit = competence_unit()
    week = Period.calendar(START, START + dt.timedelta(days=6))
    result = solve_roster(unit, options=SolveOptions.for_work(5.0, seed=0, period=week, strategy="full"))
    assert result.lawful and result.objective is not None, result.status
    report = check_roster(unit, result.roster)
    assert result.objective >= report.penalty  # a soft penalty variable is at least what it stands for
    if result.status == "optimal":
        assert result.objective == report.penalty
