"""Reader for the Curtois & Qu shift-scheduling benchmark files (``Instance{N}.txt``) and their solutions.

The files are distributed with CRLF line endings; ``\\r`` is stripped before anything else, or the
``SECTION_*`` headers never match. ``#`` starts a comment line. Every reference (employee, shift,
day) is validated; a bad file is a ``UserError`` naming file, line and problem.
"""

from __future__ import annotations

import csv
from pathlib import Path

from bemanning.i18n import register
from bemanning.model.curtois import Cover, CurtoisInstance, CurtoisShift, CurtoisStaff, Request

from .errors import UserError, UserMessage, require_file

register(
    {
        "curtois_line": {"no": "{path}, linje {line}: {problem}", "en": "{path}, line {line}: {problem}"},
        "curtois_missing_section": {
            "no": "{path}: seksjonen {section} mangler",
            "en": "{path}: section {section} is missing",
        },
        "curtois_solution_line": {
            "no": "{path}, linje {line}: {problem}",
            "en": "{path}, line {line}: {problem}",
        },
        "curtois_solution_header": {
            "no": "{path}: første linje må være «employee,day,shift»",
            "en": "{path}: the first line must be 'employee,day,shift'",
        },
    }
)

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


class _Lines:
    """Collects problems with their line numbers, so one read reports them all."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[UserMessage] = []

    def error(self, line: int, problem: str) -> None:
        self.errors.append(UserMessage("curtois_line", {"path": self.path, "line": line, "problem": problem}))

    def integer(self, line: int, text: str, what: str, minimum: int = 0) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            self.error(line, f"{what}: '{text.strip()}' is not an integer")
            return minimum
        if value < minimum:
            self.error(line, f"{what}: {value} is below {minimum}")
        return value


def parse_curtois(text: str, name: str = "instance") -> CurtoisInstance:
    """Parse the text of an instance file; ``name`` is used in messages and kept on the instance."""
    lines = _Lines(name)
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, raw in enumerate(text.replace("\r", "").split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                lines.error(number, f"unknown section {line}")
                current = None
            elif line in sections:
                lines.error(number, f"section {line} appears twice")
                current = None
            else:
                current = line
                sections[line] = []
            continue
        if current is None:
            lines.error(number, "data outside a known section")
            continue
        sections[current].append((number, line))
    missing = [s for s in SECTIONS if s not in sections]
    if missing:
        raise UserError([UserMessage("curtois_missing_section", {"path": name, "section": s}) for s in missing])

    horizon = sections["SECTION_HORIZON"]
    if len(horizon) != 1:
        lines.error(horizon[0][0] if horizon else 0, "SECTION_HORIZON must hold exactly one number")
    days = lines.integer(horizon[0][0], horizon[0][1], "horizon", 1) if horizon else 1

    shifts = _shifts(lines, sections["SECTION_SHIFTS"])
    shift_ids = {s.id for s in shifts}
    for s in shifts:
        for other in s.cannot_follow:
            if other not in shift_ids:
                lines.error(0, f"shift {s.id}: unknown shift '{other}' in the cannot-follow list")
    staff = _staff(lines, sections["SECTION_STAFF"], shift_ids)
    staff_ids = {e.id for e in staff}

    def check_ref(number: int, employee: str | None, day: int | None, shift: str | None) -> None:
        if employee is not None and employee not in staff_ids:
            lines.error(number, f"unknown employee '{employee}'")
        if day is not None and not 0 <= day < days:
            lines.error(number, f"day {day} is outside the horizon 0..{days - 1}")
        if shift is not None and shift not in shift_ids:
            lines.error(number, f"unknown shift '{shift}'")

    days_off: dict[str, frozenset[int]] = {}
    for number, line in sections["SECTION_DAYS_OFF"]:
        fields = [f.strip() for f in line.split(",")]
        employee, off = fields[0], [lines.integer(number, f, "day") for f in fields[1:] if f]
        check_ref(number, employee, None, None)
        for d in off:
            check_ref(number, None, d, None)
        if employee in days_off:
            lines.error(number, f"employee '{employee}' has two days-off lines")
        days_off[employee] = frozenset(off)

    def requests(rows: list[tuple[int, str]]) -> list[Request]:
        out = []
        for number, line in rows:
            fields = [f.strip() for f in line.split(",")]
            if len(fields) != 4:
                lines.error(number, "expected 'EmployeeID, Day, ShiftID, Weight'")
                continue
            day = lines.integer(number, fields[1], "day")
            weight = lines.integer(number, fields[3], "weight")
            check_ref(number, fields[0], day, fields[2])
            out.append(Request(fields[0], day, fields[2], weight))
        return out

    on_requests = requests(sections["SECTION_SHIFT_ON_REQUESTS"])
    off_requests = requests(sections["SECTION_SHIFT_OFF_REQUESTS"])

    cover: list[Cover] = []
    seen: set[tuple[int, str]] = set()
    for number, line in sections["SECTION_COVER"]:
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 5:
            lines.error(number, "expected 'Day, ShiftID, Requirement, Weight for under, Weight for over'")
            continue
        day = lines.integer(number, fields[0], "day")
        check_ref(number, None, day, fields[1])
        if (day, fields[1]) in seen:
            lines.error(number, f"a second cover row for day {day}, shift {fields[1]}")
        seen.add((day, fields[1]))
        cover.append(Cover(day, fields[1], lines.integer(number, fields[2], "requirement"),
                           lines.integer(number, fields[3], "under weight"),
                           lines.integer(number, fields[4], "over weight")))
    if lines.errors:
        raise UserError(lines.errors[:50])
    return CurtoisInstance(name=name, days=days, shifts=shifts, staff=staff, days_off=days_off,
                           on_requests=on_requests, off_requests=off_requests, cover=cover)


def _shifts(lines: _Lines, rows: list[tuple[int, str]]) -> list[CurtoisShift]:
    out: list[CurtoisShift] = []
    for number, line in rows:
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 3:
            lines.error(number, "expected 'ShiftID, Length in mins, Shifts which cannot follow'")
            continue
        if any(s.id == fields[0] for s in out):
            lines.error(number, f"shift '{fields[0]}' is defined twice")
        follow = tuple(f.strip() for f in fields[2].split("|") if f.strip())
        out.append(CurtoisShift(fields[0], lines.integer(number, fields[1], "length", 1), follow))
    return out


def _staff(lines: _Lines, rows: list[tuple[int, str]], shift_ids: set[str]) -> list[CurtoisStaff]:
    out: list[CurtoisStaff] = []
    for number, line in rows:
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 8:
            lines.error(number, "expected 8 fields: ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, "
                                "MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends")
            continue
        max_shifts: dict[str, int] = {}
        for part in fields[1].split("|"):
            if not part.strip():
                continue
            shift, _, limit = part.partition("=")
            if shift.strip() not in shift_ids:
                lines.error(number, f"unknown shift '{shift.strip()}' in MaxShifts")
            max_shifts[shift.strip()] = lines.integer(number, limit, "max shifts")
        if any(e.id == fields[0] for e in out):
            lines.error(number, f"employee '{fields[0]}' is defined twice")
        n = [lines.integer(number, f, "staff limit") for f in fields[2:]]
        out.append(CurtoisStaff(fields[0], max_shifts, max_total_minutes=n[0], min_total_minutes=n[1],
                                max_consecutive_shifts=n[2], min_consecutive_shifts=n[3],
                                min_consecutive_days_off=n[4], max_weekends=n[5]))
    return out


def read_curtois(path: Path) -> CurtoisInstance:
    require_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError.of("file_not_text", path=str(path)) from None
    return parse_curtois(text, name=path.stem)


SOLUTION_HEADER = ["employee", "day", "shift"]


def write_solution(path: Path, assignments: list[tuple[str, int, str]]) -> None:
    """One row per worked shift, sorted by employee order as given then day."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SOLUTION_HEADER)
        for employee, day, shift in assignments:
            writer.writerow([employee, day, shift])


def read_solution(path: Path) -> list[tuple[str, int, str]]:
    """The rows of a solution file; references are checked by the checker, not here."""
    require_file(path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if not rows or [c.strip() for c in rows[0]] != SOLUTION_HEADER:
        raise UserError.of("curtois_solution_header", path=str(path))
    out = []
    errors = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 3:
            errors.append(UserMessage("curtois_solution_line", {"path": str(path), "line": number,
                                                                "problem": "expected 3 fields"}))
            continue
        try:
            out.append((row[0].strip(), int(row[1]), row[2].strip()))
        except ValueError:
            errors.append(UserMessage("curtois_solution_line", {"path": str(path), "line": number,
                                                                "problem": f"day '{row[1]}' is not an integer"}))
    if errors:
        raise UserError(errors[:50])
    return out
