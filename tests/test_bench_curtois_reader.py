"""The Curtois & Qu reader: all 24 published files, CRLF, and clear errors on bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bemanning.cli.bench import default_data_dir
from bemanning.io.curtois import parse_curtois, read_curtois, read_solution, write_solution
from bemanning.io.errors import UserError

DATA = default_data_dir()
needs_data = pytest.mark.skipif(not (DATA / "Instance1.txt").is_file(), reason=f"benchmark files not found in {DATA}")

# SOURCES.md §1: days, staff, shift types, days-off entries, on-requests, off-requests
SIZES = {
    1: (14, 8, 1, 8, 21, 5), 2: (14, 14, 2, 14, 50, 12), 3: (14, 20, 3, 20, 39, 25), 4: (28, 10, 2, 20, 52, 19),
    5: (28, 16, 2, 32, 79, 27), 6: (28, 18, 3, 36, 87, 48), 7: (28, 20, 3, 40, 104, 64),
    8: (28, 30, 4, 60, 139, 86), 9: (28, 36, 4, 72, 144, 88), 10: (28, 40, 5, 80, 210, 74),
    11: (28, 50, 6, 100, 197, 139), 12: (28, 60, 10, 120, 294, 128), 13: (28, 120, 18, 240, 589, 252),
    14: (42, 32, 4, 128, 266, 93), 15: (42, 45, 6, 180, 350, 140), 16: (56, 20, 3, 120, 177, 103),
    17: (56, 32, 4, 160, 351, 129), 18: (84, 22, 3, 176, 322, 92), 19: (84, 40, 5, 320, 587, 247),
    20: (182, 50, 6, 900, 1665, 653), 21: (182, 100, 8, 1800, 3210, 1492), 22: (364, 50, 10, 1800, 3253, 1385),
    23: (364, 100, 16, 3600, 6549, 2861), 24: (364, 150, 32, 5400, 9540, 4269),
}

TINY = """# comment
SECTION_HORIZON
7

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
E,480,
L,480,E

SECTION_STAFF
A,E=7|L=3,2400,960,3,2,2,1
B,E=7|L=0,2400,960,3,1,1,1

SECTION_DAYS_OFF
A,0,6

SECTION_SHIFT_ON_REQUESTS
A,1,E,2

SECTION_SHIFT_OFF_REQUESTS
B,2,L,3

SECTION_COVER
0,E,1,100,1
0,L,0,100,1
"""


@needs_data
@pytest.mark.parametrize("number", sorted(SIZES))
def test_every_published_instance_reads_with_the_published_sizes(number: int) -> None:
    instance = read_curtois(DATA / f"Instance{number}.txt")
    days, staff, shifts, days_off, on, off = SIZES[number]
    assert (instance.days, len(instance.staff), len(instance.shifts)) == (days, staff, shifts)
    assert (instance.days_off_count, len(instance.on_requests), len(instance.off_requests)) == (days_off, on, off)
    assert len(instance.cover) == days * shifts  # one cover row per (day, shift)
    assert all(c.under_weight == 100 and c.over_weight == 1 for c in instance.cover)


@needs_data
def test_published_files_really_use_crlf() -> None:
    assert b"\r\n" in (DATA / "Instance1.txt").read_bytes()


def test_crlf_and_lf_give_the_same_instance() -> None:
    lf = parse_curtois(TINY)
    crlf = parse_curtois(TINY.replace("\n", "\r\n"))
    assert lf == crlf
    assert lf.days == 7 and [s.id for s in lf.shifts] == ["E", "L"]
    assert lf.shift_by_id["L"].cannot_follow == ("E",)
    assert lf.days_off == {"A": frozenset({0, 6})}
    assert lf.staff_by_id["B"].max_shifts == {"E": 7, "L": 0}
    assert not lf.may_work("B", 3, "L") and not lf.may_work("A", 0, "E") and lf.may_work("A", 1, "L")


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (TINY.replace("A,1,E,2", "Z,1,E,2"), "unknown employee 'Z'"),
        (TINY.replace("A,1,E,2", "A,9,E,2"), "day 9 is outside the horizon"),
        (TINY.replace("B,2,L,3", "B,2,N,3"), "unknown shift 'N'"),
        (TINY.replace("L,480,E", "L,480,Q"), "unknown shift 'Q'"),
        (TINY.replace("0,L,0,100,1", "0,E,0,100,1"), "a second cover row"),
        (TINY.replace("A,1,E,2", "A,x,E,2"), "'x' is not an integer"),
    ],
)
def test_bad_references_are_user_errors_with_line_numbers(broken: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_curtois(broken, name="tiny")
    text = caught.value.text("en")
    assert message in text and "tiny, line" in text


def test_missing_section_is_named() -> None:
    with pytest.raises(UserError) as caught:
        parse_curtois(TINY.replace("SECTION_COVER", "# gone"), name="tiny")
    assert "SECTION_COVER" in caught.value.text("en")


def test_solution_file_round_trip(tmp_path: Path) -> None:
    rows = [("A", 1, "E"), ("B", 3, "L")]
    path = tmp_path / "s.csv"
    write_solution(path, rows)
    assert path.read_text(encoding="utf-8").splitlines()[0] == "employee,day,shift"
    assert read_solution(path) == rows
    path.write_text("who,when,what\n", encoding="utf-8")
    with pytest.raises(UserError):
        read_solution(path)
