"""The independent checker on hand-made instances; the random tiny cases the product-model tests use."""

from __future__ import annotations

from hypothesis import strategies as st

from bemanning.model.curtois import Cover, CurtoisInstance, CurtoisShift, CurtoisStaff, Request
from bemanning.planning.benchmark.curtois_check import check_solution
from bemanning.planning.benchmark.plain import solve_plain
from bemanning.planning.benchmark.product import solve_product


def staff(id: str, *, max_shifts: dict[str, int] | None = None, max_min: int = 10_000, min_min: int = 0,
          max_cons: int = 14, min_cons: int = 1, min_off: int = 1, max_weekends: int = 2) -> CurtoisStaff:
    return CurtoisStaff(id, max_shifts or {}, max_min, min_min, max_cons, min_cons, min_off, max_weekends)


def instance(days: int = 14, people: list[CurtoisStaff] | None = None, **extra: object) -> CurtoisInstance:
    shifts = [CurtoisShift("E", 480, ()), CurtoisShift("N", 600, ("E",))]
    return CurtoisInstance("hand", days, shifts, people or [staff("A")], **extra)  # type: ignore[arg-type]


def rules_hit(inst: CurtoisInstance, rows: list[tuple[str, int, str]]) -> list[str]:
    return sorted({v.rule for v in check_solution(inst, rows).violations})


def work(employee: str, days: range | list[int], shift: str = "E") -> list[tuple[str, int, str]]:
    return [(employee, d, shift) for d in days]


def test_empty_roster_of_an_unconstrained_employee_is_clean() -> None:
    result = check_solution(instance(), [])
    assert result.feasible and result.penalty == 0


def test_one_shift_per_day_and_unknown_references() -> None:
    inst = instance()
    assert rules_hit(inst, [("A", 3, "E"), ("A", 3, "N")]) == ["one_shift_per_day"]
    assert rules_hit(inst, [("Z", 3, "E")]) == ["unknown_reference"]
    assert rules_hit(inst, [("A", 14, "E")]) == ["unknown_reference"]  # day outside the horizon
    assert rules_hit(inst, [("A", 3, "X")]) == ["unknown_reference"]


def test_days_off_are_hard() -> None:
    inst = instance(days_off={"A": frozenset({4})})
    assert rules_hit(inst, work("A", [4])) == ["days_off"]
    assert rules_hit(inst, work("A", [3, 5])) == []


def test_successions_and_the_day_before_the_horizon() -> None:
    inst = instance()
    assert rules_hit(inst, [("A", 2, "N"), ("A", 3, "E")]) == ["succession"]
    assert rules_hit(inst, [("A", 2, "E"), ("A", 3, "N")]) == []  # N may follow E
    # Day 0 follows a day off (the day before the horizon): an E on day 0 is always allowed,
    # and an N on the last day needs nothing after it.
    assert rules_hit(inst, [("A", 0, "E"), ("A", 13, "N")]) == []


def test_max_shifts_per_type_and_zero_forbids() -> None:
    inst = instance(people=[staff("A", max_shifts={"E": 2, "N": 0})])
    assert rules_hit(inst, work("A", [1, 2])) == []
    assert rules_hit(inst, work("A", [1, 2, 3])) == ["max_shifts"]
    assert rules_hit(inst, work("A", [5], "N")) == ["max_shifts"]


def test_total_minutes_both_bounds() -> None:
    inst = instance(people=[staff("A", min_min=960, max_min=1500)])
    assert rules_hit(inst, work("A", [1])) == ["total_minutes"]  # 480 < 960
    assert rules_hit(inst, work("A", [1, 2])) == []
    assert rules_hit(inst, work("A", [1, 2, 3, 4])) == ["total_minutes"]  # 1920 > 1500


def test_max_consecutive_counts_from_the_horizon_start() -> None:
    inst = instance(people=[staff("A", max_cons=3)])
    assert rules_hit(inst, work("A", range(0, 3))) == []
    assert rules_hit(inst, work("A", range(0, 4))) == ["max_consecutive_shifts"]
    assert rules_hit(inst, work("A", range(10, 14))) == ["max_consecutive_shifts"]  # runs to the end count too


def test_min_consecutive_shifts_only_inside_the_horizon() -> None:
    inst = instance(people=[staff("A", min_cons=3)])
    assert rules_hit(inst, work("A", [5, 6])) == ["min_consecutive_shifts"]
    assert rules_hit(inst, work("A", [5, 6, 7])) == []
    assert rules_hit(inst, work("A", [0, 1])) == []  # touches the start
    assert rules_hit(inst, work("A", [12, 13])) == []  # touches the end
    assert rules_hit(inst, work("A", [13])) == []


def test_min_consecutive_days_off_only_inside_the_horizon() -> None:
    inst = instance(people=[staff("A", min_off=2)])
    assert rules_hit(inst, work("A", [0, 1, 2, 4, 5])) == ["min_consecutive_days_off"]  # one day off (3) inside
    assert rules_hit(inst, work("A", [0, 1, 2, 5, 6])) == []
    assert rules_hit(inst, work("A", range(1, 14))) == []  # the day off at the start touches it
    assert rules_hit(inst, work("A", range(0, 13))) == []  # the day off at the end touches it


def test_max_weekends_are_days_5_and_6() -> None:
    inst = instance(people=[staff("A", max_weekends=1, min_cons=1)])
    assert rules_hit(inst, work("A", [5, 13])) == ["max_weekends"]  # Saturday week 1, Sunday week 2
    assert rules_hit(inst, work("A", [5, 6])) == []  # one weekend, both days
    assert rules_hit(inst, work("A", [4, 7, 11])) == []  # Friday, Monday, Friday


def test_penalties_match_the_definition() -> None:
    inst = instance(
        people=[staff("A"), staff("B")],
        on_requests=[Request("A", 1, "E", 2), Request("A", 2, "E", 3)],
        off_requests=[Request("B", 1, "N", 1), Request("B", 2, "N", 3)],
        cover=[Cover(1, "E", 2, 100, 1), Cover(1, "N", 0, 100, 1), Cover(2, "E", 0, 100, 1)],
    )
    rows = [("A", 1, "E"), ("A", 2, "N"), ("B", 1, "N")]
    result = check_solution(inst, rows)
    # on: A day 2 works N not E -> 3; off: B day 1 works N -> 1; cover: day1 E 1<2 -> 100, day1 N 1>0 -> 1
    assert result.by_rule() == {"shift_on_request": 3, "shift_off_request": 1, "cover_under": 100, "cover_over": 1}
    assert result.penalty == 105


# --- the model face of every rule agrees with the checker --------------------------------------------

@st.composite
def tiny_cases(draw: st.DrawFn) -> tuple[CurtoisInstance, list[tuple[str, int, str]], dict[int, list[int]] | None]:
    days = draw(st.sampled_from([7, 9, 14]))
    people = []
    for name in ("A", "B"):
        people.append(staff(
            name, max_shifts={"E": draw(st.integers(0, days)), "N": draw(st.integers(0, 4))},
            max_min=draw(st.integers(2000, 6000)), min_min=draw(st.integers(0, 1500)),
            max_cons=draw(st.integers(2, 5)), min_cons=draw(st.integers(1, 2)), min_off=draw(st.integers(1, 2)),
            max_weekends=draw(st.integers(0, 2))))
    off = {p.id: frozenset(draw(st.sets(st.integers(0, days - 1), max_size=2))) for p in people}
    cells = st.tuples(st.sampled_from(["A", "B"]), st.integers(0, days - 1), st.sampled_from(["E", "N"]),
                      st.integers(1, 3))
    on = [Request(*c) for c in draw(st.lists(cells, max_size=4))]
    off_req = [Request(*c) for c in draw(st.lists(cells, max_size=4))]
    cover = [Cover(d, s, draw(st.integers(0, 2)), 100, 1) for d in range(days) for s in ("E", "N")]
    inst = CurtoisInstance("prop", days, [CurtoisShift("E", 480, ()), CurtoisShift("N", 600, ("E",))], people,
                           off, on, off_req, cover)
    roster: dict[tuple[str, int], str] = {}
    for p in people:
        for d in range(days):
            options = [s for s in ("E", "N") if inst.may_work(p.id, d, s) or draw(st.integers(0, 20)) == 0]
            choice = draw(st.sampled_from([None, None, *options]))
            if choice is not None:
                roster[(p.id, d)] = choice
    rows = [(e, d, s) for (e, d), s in sorted(roster.items())]
    if draw(st.booleans()):
        return inst, rows, None  # every cell free: the whole model
    free = {e: sorted(draw(st.sets(st.integers(0, days - 1), min_size=1))) for e in draw(st.sets(st.integers(0, 1)))}
    return inst, rows, free


def test_both_engines_solve_a_tiny_instance_to_the_checked_optimum() -> None:
    inst = instance(
        days=7, people=[staff("A", min_min=960, max_cons=3), staff("B", min_min=960, max_cons=3)],
        on_requests=[Request("A", 1, "E", 2)], off_requests=[Request("B", 1, "E", 3)],
        cover=[Cover(d, s, 1 if s == "E" else 0, 100, 1) for d in range(7) for s in ("E", "N")],
    )
    for solve in (solve_product, solve_plain):
        # Wall time, as the benchmark is defined: room for the DP pricer's first (JIT) compile on a busy machine.
        result = solve(inst, 20.0)
        check = check_solution(inst, result.assignments)
        assert check.feasible and result.objective == check.penalty == 0
