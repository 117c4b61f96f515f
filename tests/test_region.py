"""Region file, the pool step across units, the agency pre-assessment and the three runners."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bemanning.demo.region import DemoRegion, build_region, write_region
from bemanning.io.errors import UserError
from bemanning.io.region_file import load_region
from bemanning.io.region_outputs import SUMMARY_FILES, write_region_outputs
from bemanning.model import Roster
from bemanning.model.region import PoolEmployee
from bemanning.planning.pool import (
    OpenPlace,
    Placement,
    PoolOptions,
    PoolProblem,
    first_fit,
    ineligibility,
    open_places,
    region_period,
    solve_pool,
)
from bemanning.planning.preassessment import OPTIONS
from bemanning.planning.rostering import build_context, check_context
from bemanning.runtime.region import (
    ProcessRunner,
    RayRunner,
    SerialRunner,
    UnitSolveSettings,
    init_local_ray,
    solve_region,
)

Cli = Callable[..., CompletedProcess[str]]

# Work budgets (deterministic seconds) and fixed seeds: the result does not depend on the machine's
# load, so every runner writes the same files.
EXACT = UnitSolveSettings(work_limit=2, seed=0)
POOL = PoolOptions(work_limit=3, seed=0)


def tiny(pool: int = 4) -> DemoRegion:
    return build_region(units=3, staff=6, pool=pool, weeks=1, short_every=1)


# --- region file -------------------------------------------------------------------------------


def test_demo_region_round_trips_through_files(tmp_path: Path) -> None:
    demo = build_region()
    loaded = load_region(write_region(demo, tmp_path))
    assert list(loaded.units) == [r.id for r in demo.region.unit_refs()]
    assert len(loaded.units) == 12 and len(loaded.region.pool.employees) == 15
    kinds = {r.kind for r in loaded.region.unit_refs()}
    assert {"medical", "surgical", "intensive", "outpatient"} <= kinds
    assert sum(len(u.absences) for u in loaded.units.values()) > 0  # short of staff on some weeks


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_region_file_errors_name_the_bad_value(tmp_path: Path) -> None:
    write_region(tiny(), tmp_path)
    good = (tmp_path / "region.yaml").read_text(encoding="utf-8")

    bad_unit = good.replace("- med\n", "- nowhere\n", 1)
    with pytest.raises(UserError) as err:
        load_region(_write(tmp_path, bad_unit))
    assert "nowhere" in err.value.text("en") and "pool" in err.value.text("en")

    missing = good.replace("file: units/kir.yaml", "file: units/missing.yaml")
    with pytest.raises(UserError) as err:
        load_region(_write(tmp_path, missing))
    assert "units/missing.yaml" in err.value.text("no")

    not_monday = good.replace('start: "2027-01-04"', 'start: "2027-01-05"')
    with pytest.raises(UserError) as err:
        load_region(_write(tmp_path, not_monday))
    assert "2027-01-05" in err.value.text("no") and "mandag" in err.value.text("no")

    mismatch = good.replace("- id: kir\n      file:", "- id: kirurgi\n      file:").replace("- kir\n", "- kirurgi\n")
    with pytest.raises(UserError) as err:
        load_region(_write(tmp_path, mismatch))
    assert "kirurgi" in err.value.text("en") and "'kir'" in err.value.text("en")


def test_cli_region_solve_bad_file_exits_2(tmp_path: Path, cli: Cli) -> None:
    path = _write(tmp_path, "id: r\nname: R\nperiod: {start: 2027-01-04, weeks: 0}\ntrusts: []\n")
    result = cli("region", "solve", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "period.weeks" in result.stderr and "trusts" in result.stderr
    result = cli("region", "solve", str(path), "--out", str(tmp_path / "out"), "--ray", "not an address")
    assert result.returncode == 2 and "not an address" in result.stderr


# --- the pool step -----------------------------------------------------------------------------


def _places(demo: DemoRegion, draws: list[tuple[int, int, int, int, int]]) -> list[OpenPlace]:
    """Open places from drawn (unit, day, shift, group, count) indexes."""
    period = region_period(demo.region)
    units = list(demo.units.values())
    found: dict[tuple[str, int, str, str], OpenPlace] = {}
    for u, day, s, g, count in draws:
        unit = units[u % len(units)]
        shift = unit.shift_types[s % len(unit.shift_types)]
        groups = sorted({m.group for m in unit.staffing.minimums})
        group = groups[g % len(groups)]
        day %= period.days
        place = OpenPlace(unit.id, day, period.start + dt.timedelta(days=day), shift.code, group, count,
                          round(shift.working_hours * 60))
        found[place.key] = place
    return sorted(found.values(), key=lambda p: (p.day, p.unit_id, p.shift, p.group))


def assert_pool_lawful(demo: DemoRegion, places: list[OpenPlace], result_placements: list) -> None:  # type: ignore[type-arg]
    """The checker on the union of each pool employee's shifts across units, plus eligibility."""
    problem = PoolProblem(demo.region, demo.units, places)
    roster = problem.roster_of(result_placements)
    report = check_context(problem.ctx, roster, problem.rules)
    assert report.ok, [(v.rule, v.employee, v.dates) for v in report.hard]
    pool = {e.id: e for e in demo.region.pool.employees}
    refs = {r.id: r for r in demo.region.unit_refs()}
    counts = {p.key: p.count for p in places}
    filled = Counter((p.unit_id, p.day, p.shift, p.group) for p in result_placements)
    for key, n in filled.items():
        assert n <= counts[key]
    per_day = Counter((p.employee_id, p.day) for p in result_placements)
    assert max(per_day.values(), default=0) <= 1
    for p in result_placements:
        e = pool[p.employee_id]
        assert ineligibility(e, refs[p.unit_id], demo.units[p.unit_id], p.group) is None
        assert p.unit_id in e.units and p.unit_id not in e.orientation_needed
        assert set(refs[p.unit_id].required_competences) <= set(e.competences)
    weeks = Counter()  # type: ignore[var-annotated]
    for emp, _unit, week in {(p.employee_id, p.unit_id, p.day // 7) for p in result_placements}:
        weeks[(emp, week)] += 1
    for (emp, _), n in weeks.items():
        assert n <= pool[emp].max_units_per_week


DRAW = st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(0, 2), st.integers(0, 2), st.integers(1, 3))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DRAW, min_size=4, max_size=25))
def test_pool_never_breaks_a_rule_across_units(draws: list[tuple[int, int, int, int, int]]) -> None:
    demo = tiny(pool=5)
    places = _places(demo, draws)
    result = solve_pool(demo.region, demo.units, places, PoolOptions(work_limit=2))
    assert result.status in ("optimal", "feasible")
    assert result.violations == []
    assert_pool_lawful(demo, places, result.placements)
    assert_pool_lawful(demo, places, first_fit(PoolProblem(demo.region, demo.units, places)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DRAW, min_size=4, max_size=25), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 4)), max_size=40))
def test_placing_by_hand_accepts_exactly_what_the_checker_accepts(
    draws: list[tuple[int, int, int, int, int]], trials: list[tuple[int, int]]
) -> None:
    """``PoolProblem.refusal`` (the web's placing by hand): what it accepts keeps the pool lawful across
    units, and a refusal for a rule is a break the checker finds on the union of the employee's shifts."""
    demo = tiny(pool=5)
    places = _places(demo, draws)
    problem = PoolProblem(demo.region, demo.units, places)
    pool = demo.region.pool.employees
    placed: list[Placement] = []
    for place_index, employee_index in trials:
        p = places[place_index % len(places)]
        if sum(1 for q in placed if (q.unit_id, q.day, q.shift, q.group) == p.key) >= p.count:
            continue
        trial = Placement(pool[employee_index % len(pool)].id, p.unit_id, p.day, p.date, p.shift, p.group)
        refusal = problem.refusal(placed, trial)
        if refusal is None:
            placed.append(trial)
        elif refusal.reason == "rule":
            assert refusal.violation is not None and refusal.violation.reference
            union = problem.roster_of([*placed, trial])
            assert check_context(problem.ctx, union, problem.rules).hard
    assert_pool_lawful(demo, places, placed)


def test_pool_places_across_units_but_not_without_competence_or_permission() -> None:
    demo = tiny(pool=0)
    region = demo.region
    nurse = PoolEmployee(id="P01", name="Nurse", group="spl_sengepost", position_pct=100, competences=["legemiddel"],
                         units=["med", "kir", "int"], max_units_per_week=3)
    no_permission = PoolEmployee(id="P02", name="Elsewhere", group="spl_sengepost", position_pct=100,
                                 competences=["legemiddel", "intensiv"], units=["med"])
    region = region.model_copy(update={"pool": region.pool.model_copy(update={"employees": [nurse, no_permission]})})
    demo = DemoRegion(region, demo.units, demo.files)
    # Day shifts at three units on different days: P01 may take med and kir, not int (no "intensiv");
    # P02 may only take med.
    draws = [(0, 0, 0, 0, 1), (1, 2, 0, 0, 1), (2, 4, 0, 0, 1)]
    places = _places(demo, draws)
    result = solve_pool(demo.region, demo.units, places, PoolOptions(work_limit=2))
    placed = {(p.employee_id, p.unit_id) for p in result.placements}
    assert ("P01", "kir") in placed  # across units
    assert not any(u == "int" for _, u in placed)  # nobody with "intensiv" is permitted there
    assert not any(e == "P02" and u != "med" for e, u in placed)
    assert result.status == "optimal" and result.gap == 0.0
    assert_pool_lawful(demo, places, result.placements)


def test_pool_step_without_a_solution_in_its_budget_keeps_first_fit_and_reports_its_gap() -> None:
    """A budget too small for the search (a trust's presolve can use it all up): the lawful first-fit
    placement stands, reported as ``first_fit`` with the objective it has and the search's bound (the gap),
    never an empty pool that sends every place to agency."""
    demo = build_region(units=3, staff=6, pool=4, weeks=2, short_every=1)
    period = region_period(demo.region)
    places = []
    for unit in demo.units.values():  # every place open: the units' own staff not rostered
        empty = Roster(unit_id=unit.id, start_date=period.start, days=period.days, cyclic=False, assignments=[])
        places += open_places(unit, list(check_context(build_context(unit, period), empty, []).uncovered), period)
    places.sort(key=lambda p: (p.day, p.unit_id, p.shift, p.group))
    greedy = first_fit(PoolProblem(demo.region, demo.units, places))
    assert greedy
    result = solve_pool(demo.region, demo.units, places, PoolOptions(work_limit=1e-6))
    assert result.status == "first_fit"
    assert sorted(result.placements, key=lambda p: (p.date, p.unit_id, p.shift, p.group, p.employee_id)) == \
        sorted(greedy, key=lambda p: (p.date, p.unit_id, p.shift, p.group, p.employee_id))
    assert result.violations == []
    assert result.objective is not None and result.bound is not None and result.gap is not None
    assert 0 < result.gap <= 1 and result.agency_minutes_bound is not None
    assert result.agency_minutes_bound <= result.agency_minutes == sum(
        p.count * p.minutes for p in places) - sum(next(q.minutes for q in places if q.key == (
            g.unit_id, g.day, g.shift, g.group)) for g in greedy)
    # With a budget the search proves a bound above the trivial one and keeps (at least) first fit's cover.
    searched = solve_pool(demo.region, demo.units, places, PoolOptions(work_limit=2))
    assert searched.status in ("optimal", "feasible") and searched.agency_minutes <= result.agency_minutes
    assert searched.gap is not None and searched.gap < result.gap


def test_optimisation_beats_first_fit_where_order_matters() -> None:
    """First fit gives an early place to the only employee who could take a later one; the model does not."""
    demo = tiny(pool=0)
    region = demo.region
    flexible = PoolEmployee(id="P01", name="Flex", group="spl_sengepost", position_pct=100,
                            competences=["legemiddel"], units=["med", "kir"])
    narrow = PoolEmployee(id="P02", name="Narrow", group="spl_sengepost", position_pct=100,
                          competences=["legemiddel"], units=["kir"])
    region = region.model_copy(update={"pool": region.pool.model_copy(update={"employees": [flexible, narrow]})})
    demo = DemoRegion(region, demo.units, demo.files)
    # kir comes first (date, then unit): first fit gives it to P01, and P02 may not take med.
    places = _places(demo, [(0, 1, 0, 0, 1), (1, 1, 0, 0, 1)])
    problem = PoolProblem(demo.region, demo.units, places)
    greedy = first_fit(problem)
    result = solve_pool(demo.region, demo.units, places, PoolOptions(work_limit=2))
    assert len(greedy) == 1  # P01 took kir; med went to agency
    assert len(result.placements) == 2 and result.agency == {}


# --- the whole region, the pre-assessment and the runners ---------------------------------------


@pytest.fixture(scope="module")
def tiny_solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoRegion, Path, object]:
    demo = tiny()
    out = tmp_path_factory.mktemp("serial")
    result = solve_region(demo.region, demo.units, SerialRunner(), EXACT, POOL)
    write_region_outputs(demo.region, demo.units, result, out)
    return demo, out, result


def test_region_solve_writes_every_output(tiny_solved: tuple[DemoRegion, Path, object]) -> None:
    demo, out, result = tiny_solved
    for name in SUMMARY_FILES:
        assert (out / name).is_file(), name
    for uid in demo.units:
        assert (out / "units" / uid / "roster.csv").read_text().startswith("employee_id,date,shift_code")
    header = (out / "pool_roster.csv").read_text().splitlines()[0]
    assert header == "employee_id,unit_id,date,shift_code,start,end,group"
    rollup = (out / "rollup.csv").read_text().splitlines()
    assert rollup[1].startswith("region,") and any(r.startswith("trust,") for r in rollup)
    assert sum(r.startswith("unit,") for r in rollup) == 3
    assert result.pool.status in ("optimal", "feasible")  # type: ignore[attr-defined]
    assert result.pool.violations == []  # type: ignore[attr-defined]
    assert_pool_lawful(demo, result.places, result.pool.placements)  # type: ignore[attr-defined]


def test_pre_assessment_lists_every_option_with_reason_and_cost(tiny_solved: tuple[DemoRegion, Path, object]) -> None:
    demo, out, result = tiny_solved
    assessments = result.assessments  # type: ignore[attr-defined]
    agency = result.pool.agency  # type: ignore[attr-defined]
    assert agency, "the tiny region is short of staff: some places must go to agency"
    assert len(assessments) == len(agency)
    for a in assessments:
        assert tuple(v.option for v in a.verdicts) == OPTIONS
        assert a.agency_cost and a.agency_cost > 0
        for v in a.verdicts:
            assert v.reason
            if not v.possible and v.reason not in ("pa_no_wish", "pa_no_surplus", "pa_pool_empty"):
                assert v.detail, (v.option, v.reason)  # who, and which rule (§) / hours / competence
        pool = next(v for v in a.verdicts if v.option == "pool")
        assert not pool.possible or result.pool.status != "optimal"  # type: ignore[attr-defined]
    rows = (out / "forhandsvurdering.csv").read_text().splitlines()
    assert len(rows) == 1 + len(OPTIONS) * len(assessments)
    html = (out / "forhandsvurdering.html").read_text()
    assert "Forhåndsvurdering" in html and "Overtid" in html and "Bemanningssenteret" in html
    assert "AML §10-8" in (out / "forhandsvurdering.csv").read_text()


def test_pre_assessment_is_written_for_a_norwegian_reader(tiny_solved: tuple[DemoRegion, Path, object]) -> None:
    """The codes stay for programs; the label columns and the printable page are Norwegian: option,
    verdict, reason and rule names in words, hours with a decimal comma, no internal code."""
    import csv
    import re

    from bemanning.i18n import t

    _demo, out, result = tiny_solved
    with (out / "forhandsvurdering.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    codes = {"permission", "orientation", "competence", "group", "max_units_per_week", "one_shift_per_day"}
    for row in rows:
        assert row["option"] in (*OPTIONS, "agency") and row["possible"] in ("yes", "no")  # for programs
        assert row["alternativ"] == t(f"pa_opt_{row['option']}", "no")
        assert row["mulig"] in ("ja", "nei") and row["begrunnelse"] == t(row["reason"], "no")
        assert row["anbefaling"] == t(f"pa_opt_{row['recommendation']}", "no")
        assert not re.search(r"\d\.\d", row["detaljer"]), row["detaljer"]
        assert not codes & set(re.findall(r"[a-z_]+", row["detaljer"])), row["detaljer"]
    pool_rows = [r for r in rows if r["option"] == "pool" and r["reason"] == "pa_pool_none"]
    assert pool_rows and any(w in r["detaljer"] for r in pool_rows
                             for w in ("mangler kompetanse", "ikke tillatelse", "mangler opplæring"))
    page = (out / "forhandsvurdering.html").read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d+ t\b", page) and not re.search(r"<td>\d+\.\d\d</td>", page)
    assert "7,5 t" in page and "ikke tillatelse" in page
    assert "P01: competence" not in page and "permission" not in page


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def local_ray() -> Iterator[None]:
    """A local Ray node (``ray.init(num_cpus=2)``) as ``--ray local`` starts it, owned by the test: on a
    loaded machine a start that does not come up (ray-project/ray#65983) is tried again, up to three
    times, before the test fails. ``RayRunner`` uses a running node and leaves it running."""
    import ray

    for attempt in range(3):
        try:
            init_local_ray(ray, num_cpus=2)
            break
        except Exception:  # Ray raises plain exceptions when its node does not come up
            ray.shutdown()
            if attempt == 2:
                raise
            time.sleep(5)
    try:
        yield
    finally:
        ray.shutdown()


def test_ray_process_and_serial_write_identical_files(
    tiny_solved: tuple[DemoRegion, Path, object], tmp_path: Path, local_ray: None
) -> None:
    demo, serial_out, _ = tiny_solved
    for name, runner in (("process", ProcessRunner(2)), ("ray", RayRunner("local", num_cpus=2))):
        out = tmp_path / name
        result = solve_region(demo.region, demo.units, runner, EXACT, POOL)
        write_region_outputs(demo.region, demo.units, result, out)
        assert _files(out) == _files(serial_out), name


def test_cli_demo_region_and_region_solve_end_to_end(tmp_path: Path, cli: Cli) -> None:
    result = cli("demo", "--region", "--out", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    assert len(load_region(tmp_path / "demo" / "region.yaml").units) == 12
    write_region(tiny(), tmp_path / "tiny")
    out = tmp_path / "out"
    result = cli("region", "solve", str(tmp_path / "tiny" / "region.yaml"), "--out", str(out), "--workers", "1",
                 "--enhet-arbeid", "0.5", "--pool-arbeid", "1")
    assert result.returncode == 0, result.stderr
    assert "innleie" in result.stdout
    # Piped, the summary is one whole line in Norwegian (no cut at 80 columns, no status code).
    done = next(line for line in result.stdout.splitlines() if line.startswith("Ferdig"))
    assert "Filer i" in done and "feasible" not in result.stdout
    summary = json.loads((out / "region_summary.json").read_text(encoding="utf-8"))
    assert summary["pool"]["status"] in ("optimal", "feasible") and summary["pool"]["rule_violations"] == []
    # The pool step proves optimality or reports its gap, in the summary and on the command line.
    pool = summary["pool"]
    assert isinstance(pool["gap"], float) and 0 <= pool["gap"] <= 1
    assert pool["status"] != "optimal" or pool["gap"] == 0
    assert pool["agency_hours_lower_bound"] is not None and pool["agency_hours_lower_bound"] <= pool["agency_hours"]
    assert "Bemanningssenter-steget: " in done and "(gap " in done
    assert ("Bemanningssenter-steget: optimal" in done) == (pool["status"] == "optimal")
    assert set(summary["units"]) == {"med", "kir", "int"}
    for name in SUMMARY_FILES:
        assert (out / name).is_file(), name
