"""The model of one cell-LNS step on a long horizon is built from shared tables (forbidden
triples as a view per employee, each employee's constant days once): the step still sees every
forbidden shift, and the limits count the constant days outside the freed window."""

from __future__ import annotations

from bemanning.model.curtois import Cover
from test_bench_curtois_check import instance, staff
from test_cell_lns_parallel import run_step, search_on

DAYS = 7


def test_the_forbidden_view_holds_exactly_the_active_employees_triples() -> None:
    people = [staff("A", max_shifts={"N": 0}), staff("B")]
    search = search_on(instance(days=DAYS, people=people, days_off={"B": [3]}), {})
    view_a, view_b = search.forbidden(False, {"A"}), search.forbidden(False, {"B"})
    assert ("A", 2, "N") in view_a and ("A", 2, "E") not in view_a
    assert ("B", 3, "E") in view_b and ("A", 2, "N") not in view_b  # not active: not in the view
    assert set(view_a) == {("A", d, "N") for d in range(DAYS)}
    job, _, _ = run_step(search, {"A": {1, 2}, "B": {2, 3}})
    assert ("A", 1, "N") not in job.model.x and ("B", 3, "E") not in job.model.x
    assert ("A", 1, "E") in job.model.x and ("B", 2, "N") in job.model.x


def test_a_window_step_counts_the_constant_days_towards_the_shift_type_limit() -> None:
    # A may work E three times; two are outside the window. Cover asks for E every day (100 a gap),
    # so only the type limit stops the step from filling all three free days.
    people = [staff("A", max_shifts={"E": 3}, max_cons=7)]
    inst = instance(days=DAYS, people=people, cover=[Cover(d, "E", 1, 100, 1) for d in range(DAYS)])
    search = search_on(inst, {"A": {0: "E", 6: "E"}})
    job, solver, _ = run_step(search, {"A": {2, 3, 4}})
    worked = [d for (_, d, c), var in job.model.x.items() if c == "E" and solver.value(var)]
    assert len(worked) == 1
