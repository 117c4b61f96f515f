"""The roster grid as HTML, with the compliance overlay: each cell shows its shift, absence and the
rules it breaks (tooltip: rule, legal reference, what is wrong); each group has a coverage row
against the staffing requirement with shortfalls in red.

The grid is rendered in Python (one string per cell, no template macro per cell) and cached per
(roster, roster version, unit version, language, view flags): a 40 × 42 grid is ~1,700 cells and
the page is read far more often than a roster changes. Checks are cached per roster version too,
so a cell edit re-checks once and compares against the previous version's result.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from markupsafe import Markup, escape

from bemanning import i18n
from bemanning.model import Roster, StaffingRequirement, Unit, Weekday
from bemanning.model.rule_texts import source_label
from bemanning.planning.rostering import (
    ComplianceReport,
    Period,
    UncoveredPlace,
    Violation,
    build_context,
    check_context,
    default_rules,
)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Translate = Callable[..., str]


class Lru(Generic[K, V]):
    def __init__(self, size: int):
        self._items: OrderedDict[K, V] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


@dataclass
class RosterCheck:
    """The checker's verdict on one roster, indexed for the grid."""

    report: ComplianceReport
    by_cell: dict[tuple[str, str], list[Violation]] = field(default_factory=dict)  # (employee, iso)
    demand: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)  # required, minimum
    uncovered: dict[tuple[str, str, str], UncoveredPlace] = field(default_factory=dict)  # iso, shift, group

    @property
    def hard(self) -> int:
        return len(self.report.hard)


def check(unit: Unit, roster: Roster, requirement: StaffingRequirement | None) -> RosterCheck:
    ctx = build_context(unit, Period.of_roster(roster), requirement, absences=roster.absences)
    report = check_context(ctx, roster, default_rules(unit))
    by_cell: dict[tuple[str, str], list[Violation]] = {}
    for v in report.violations:
        if v.employee is None:
            continue
        for date in v.dates:
            by_cell.setdefault((v.employee, date.isoformat()), []).append(v)
    demand = {
        (ctx.date_of(row.day).isoformat(), row.shift, row.group): (row.required, row.minimum)
        for row in ctx.demand
    }
    uncovered = {(p.date, p.shift, p.group): p for p in report.uncovered}
    return RosterCheck(report, by_cell, demand, uncovered)


def violation_line(v: Violation, lang: str, names: dict[str, str] | None = None) -> str:
    return f"{v.title(lang)} ({v.reference_text(lang)}): {v.text(lang, names)}"


def cell_tip(violations: list[Violation], lang: str, names: dict[str, str] | None = None) -> str:
    return "\n".join(violation_line(v, lang, names) for v in violations)


# --- HTML --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridView:
    """Who looks at the grid: what is shown and whether cells open the editor."""

    lang: str
    editable: bool
    absence_details: bool
    unit_id: str
    roster_id: int


def dates_of(roster: Roster) -> list[dict[str, Any]]:
    out = []
    for date in roster.dates():
        out.append(
            {
                "iso": date.isoformat(),
                "day": date.day,
                "weekday": Weekday.from_index(date.weekday()).value,
                "week": date.isocalendar().week,
                "weekend": date.weekday() >= 5,
                "monday": date.weekday() == 0,
            }
        )
    return out


def absences_of(unit: Unit, details: bool, roster: Roster | None = None) -> dict[tuple[str, str], str]:
    """Absence label key per (employee, date), the unit's and the roster's own; without the right to
    health data just 'fravær'."""
    out = {}
    for absence in [*unit.absences, *(roster.absences if roster is not None else [])]:
        day = absence.start
        while day <= absence.end:
            out[(absence.employee, day.isoformat())] = f"absence_{absence.kind.value}" if details else "absence"
            day += dt.timedelta(days=1)
    return out


class GridRenderer:
    """Renders cells and coverage rows for one roster, check and viewer."""

    def __init__(self, unit: Unit, roster: Roster, result: RosterCheck, view: GridView, t: Translate):
        self.unit, self.result, self.view, self.t = unit, result, view, t
        self.shifts = {(a.employee_id, a.date.isoformat()): a.shift_code for a in roster.assignments}
        self.kinds = {s.code: s.kind.value for s in unit.shift_types}
        self.absences = absences_of(unit, view.absence_details, roster)
        self.dates = dates_of(roster)
        self.weekend = {d["iso"]: d["weekend"] for d in self.dates}
        self.base = f"/units/{view.unit_id}/rosters/{view.roster_id}/cell"
        self._labels: dict[str, str] = {}
        self.names = {e.id: e.name for e in unit.employees}

    def label(self, key: str) -> str:
        if key not in self._labels:
            self._labels[key] = self.t(key)
        return self._labels[key]

    def cell(self, employee: str, iso: str, oob: bool = False) -> str:
        code = self.shifts.get((employee, iso))
        absence = self.absences.get((employee, iso))
        violations = self.result.by_cell.get((employee, iso), [])
        classes = ["cell"]
        if self.weekend.get(iso):
            classes.append("we")
        if code:
            classes.append(f"kind-{self.kinds.get(code, 'day')}")
        if absence:
            classes.append("absent")
        if violations:
            classes.append("viol-hard" if any(v.hard for v in violations) else "viol-soft")
        tips = []
        if absence:
            tips.append(self.label(absence))
        if violations:
            tips.append(cell_tip(violations, self.view.lang, self.names))
        e_emp = escape(employee)
        parts = [f'<td id="c-{e_emp}-{iso}" class="{" ".join(classes)}" data-employee="{e_emp}" data-date="{iso}"']
        if oob:
            parts.append(' hx-swap-oob="true"')
        if violations:
            parts.append(f' data-violations="{len(violations)}"')
        if self.view.editable:
            parts.append(
                f' hx-get="{self.base}?employee={escape(employee)}&amp;date={iso}"'
                ' hx-trigger="click" hx-swap="outerHTML"'
            )
        if tips:
            parts.append(f' title="{escape(chr(10).join(tips))}"')
        text = code or (self.label(absence)[:1].upper() if absence else "·")
        parts.append(f">{escape(text)}</td>")
        return "".join(parts)

    def coverage_row(self, group_id: str, group_name: str, oob: bool = False) -> str:
        members = {e.id for e in self.unit.employees if e.group == group_id}
        counts: dict[tuple[str, str], int] = {}
        for (employee, iso), code in self.shifts.items():
            if employee in members:
                counts[(iso, code)] = counts.get((iso, code), 0) + 1
        need = self.label("grid_need")
        attrs = ' hx-swap-oob="true"' if oob else ""
        out = [
            f'<tr id="cov-{escape(group_id)}" class="coverage"{attrs}>'
            f'<th class="name">{escape(self.t("coverage", group=group_name))}</th>'
        ]
        for d in self.dates:
            iso = d["iso"]
            spans = []
            short_day = False
            for shift in self.unit.shift_types:
                count = counts.get((iso, shift.code), 0)
                required, minimum = self.result.demand.get((iso, shift.code, group_id), (0, 0))
                if not count and not required:
                    continue
                place = self.result.uncovered.get((iso, shift.code, group_id))
                css = ""
                if place is not None and place.missing:
                    css = ' class="short crit"' if place.below_minimum else ' class="short"'
                    short_day = True
                span = (
                    f'<span{css} title="{shift.code}: {count} / {need} {required} (min {minimum})">'
                    f"{shift.code}{count}</span>"
                )
                if css:  # a shortfall links to the fill suggestions for that place
                    href = (
                        f"/units/{escape(self.view.unit_id)}/sickcalls/fill?roster={self.view.roster_id}"
                        f"&amp;date={iso}&amp;shift={escape(shift.code)}&amp;group={escape(group_id)}"
                    )
                    span = f'<a class="fill-link" href="{href}">{span}</a>'
                spans.append(span)
            css = "cov short" if short_day else "cov"
            out.append(f'<td class="{css}" data-date="{iso}">{"".join(spans)}</td>')
        out.append("</tr>")
        return "".join(out)

    def body(self) -> str:
        """Every group: a heading row, one row per employee, the coverage row."""
        out = []
        width = len(self.dates) + 1
        for group in self.unit.groups_by_rank():
            staff = [e for e in self.unit.employees if e.group == group.id]
            if not staff:
                continue
            out.append(
                f'<tbody class="group"><tr class="group-head"><th class="name" colspan="{width}">'
                f"{escape(group.name)}</th></tr>"
            )
            for e in staff:
                pct = round(e.position_pct)
                out.append(
                    f'<tr><th class="name" title="{pct} %">{escape(e.name)} <small>{pct}%</small></th>'
                )
                out.extend(self.cell(e.id, d["iso"]) for d in self.dates)
                out.append("</tr>")
            out.append(self.coverage_row(group.id, group.name))
            out.append("</tbody>")
        return "".join(out)

    def compliance(self, oob: bool = False) -> str:
        """The rules broken, grouped, with reference and count; the uncovered places."""
        report = self.result.report
        attrs = ' hx-swap-oob="true"' if oob else ""
        out = [f'<section id="compliance" class="compliance"{attrs}>']
        hard = len(report.hard)
        heading = self.t(
            "grid_compliance", hard=hard, soft=len(report.violations) - hard, uncovered=report.uncovered_places
        )
        out.append(f"<h2>{escape(heading)}</h2>")
        out.append(cover_banner(report, self.t, self.view.lang))
        if report.violations:
            out.append("<ul>")
            for rule, items in sorted(report.by_rule().items(), key=lambda kv: (not kv[1][0].hard, kv[0])):
                first = items[0]
                kind = self.label("check_hard" if first.hard else "check_soft")
                out.append(
                    f'<li class="{"hard" if first.hard else "soft"}" data-rule="{escape(rule)}">'
                    f"<b>{escape(first.title(self.view.lang))}</b> ({escape(kind)}, "
                    f"{escape(source_label(first.reference, self.view.lang))}): {len(items)}</li>"
                )
            out.append("</ul>")
        out.append("</section>")
        return "".join(out)


def shown_dates(dates: list[str], lang: str | None = None, limit: int = 14) -> str:
    """The first ``limit`` dates as the reader writes them ("04.01.2027"), then how many more."""
    shown = ", ".join(i18n.date(d, "short", lang) for d in dates[:limit])
    return shown + (f" … +{len(dates) - limit}" if len(dates) > limit else "")


def cover_banner(report: ComplianceReport, t: Translate, lang: str | None = None) -> str:
    """Red when a place is below the safe minimum (count and dates), amber when places are open above
    it; nothing when everything is covered. The same words as the CLI's last line."""
    status = report.cover_status
    if status == "red":
        text = t("below_minimum_banner", count=report.below_minimum_places,
                 dates=shown_dates(report.below_minimum_dates(), lang))
        return f'<div class="banner banner-red" id="below-minimum-banner" role="alert">{escape(text)}</div>'
    if status == "amber":
        text = t("below_required_banner", count=report.uncovered_places)
        return f'<div class="banner banner-amber" id="below-required-banner" role="status">{escape(text)}</div>'
    return ""


def render_grid(
    unit: Unit, roster: Roster, result: RosterCheck, view: GridView, t: Translate
) -> dict[str, Markup]:
    renderer = GridRenderer(unit, roster, result, view, t)
    return {"body": Markup(renderer.body()), "compliance": Markup(renderer.compliance())}


def changed_cells(before: RosterCheck | None, after: RosterCheck) -> set[tuple[str, str]]:
    """Cells whose violations differ between two checks (all flagged cells when ``before`` is unknown)."""
    if before is None:
        return set(after.by_cell)

    def key(items: list[Violation]) -> list[tuple[str, str]]:
        return sorted((v.rule, repr(v.detail)) for v in items)

    cells = set(before.by_cell) | set(after.by_cell)
    return {c for c in cells if key(before.by_cell.get(c, [])) != key(after.by_cell.get(c, []))}
