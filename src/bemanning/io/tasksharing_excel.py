"""Task-sharing results out: CSV files and an Excel workbook in the seed-004 layout with a heat map.

The mapping form itself (Excel in) is in ``tasksharing_form``; it is re-exported here.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bemanning.i18n import number, t
from bemanning.model import ActivityPlan, TaskCategory, TimeInterval, Unit
from bemanning.model.rule_texts import rule_label
from bemanning.model.task_sharing_result import AllocationResult

from .tasksharing_form import (
    FORM_SHEET,
    MARK,
    TASK_COLUMN,
    TIME_COLUMN,
    TRAINING_COLUMN,
    read_mapping_form,
    style_header,
    write_form_sheet,
    write_mapping_form,
)
from .tasksharing_labels import CATEGORY_LABELS, DAY_TYPE_LABELS, INTERVAL_LABELS

ALLOCATION_COLUMNS = (
    "task_id",
    "task",
    "category",
    "interval",
    "group",
    "hours_per_week",
    "training_needed",
    "reason",
)
ACTIVITY_COLUMNS = ("group", "interval", "category", "day_type", "hours")
DAY_TYPES_IN_PLAN = ("weekday", "saturday", "sunday")
DAYS_PER_WEEK = {"weekday": 5, "saturday": 1, "sunday": 1}


def allocation_rows(unit: Unit, result: AllocationResult, lang: str | None = None) -> list[dict[str, Any]]:
    if result.allocation is None:
        return []
    tasks = {task.id: task for task in unit.tasks}
    rows = []
    for entry in result.allocation.entries:
        task = tasks[entry.task_id]
        rows.append(
            {
                "task_id": task.id,
                "task": task.name,
                "category": task.category.value,
                "interval": task.interval.value,
                "group": entry.group,
                "hours_per_week": round(entry.hours_per_week, 4),
                "training_needed": entry.training_needed or "",
                "reason": t(entry.reason, lang),
            }
        )
    return rows


def write_allocation_csv(unit: Unit, result: AllocationResult, path: Path, lang: str | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ALLOCATION_COLUMNS)
        writer.writeheader()
        writer.writerows(allocation_rows(unit, result, lang))


def write_activity_plan_csv(plan: ActivityPlan, path: Path) -> None:
    """One row per group, interval, category and day type: hours on one day of that day type."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACTIVITY_COLUMNS)
        for e in plan.entries:
            writer.writerow(
                [e.group, e.interval.value, e.category.value, e.day_type.value, round(e.hours, 4)]
            )


# --- workbook --------------------------------------------------------------------------------


def write_tasksharing_workbook(
    unit: Unit, result: AllocationResult, plan: ActivityPlan | None, path: Path, lang: str | None = None
) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    if result.allocation is None or plan is None:
        first.title = "Forklaring"
        for line in result.explanation_text(lang or "no"):
            first.append([line])
    else:
        first.title = "Oppgavefordeling"
        _allocation_sheet(first, unit, result, lang)
        _activity_sheet(book.create_sheet("Aktivitetsplan"), unit, plan)
        _heat_map_sheet(book.create_sheet("Varmekart"), unit, plan, lang)
        _comparison_sheet(book.create_sheet("Før og etter"), unit, result, lang)
        _training_sheet(book.create_sheet("Opplæringsbehov"), unit, result)
    if result.certification_needs:
        _certification_sheet(book.create_sheet(CERTIFICATION_SHEET), unit, result, lang)
    if result.notes:
        notes = book.create_sheet("Merknader")
        for note in result.notes:
            notes.append([note.text(lang or "no")])
    write_form_sheet(book.create_sheet(FORM_SHEET), unit)
    book.save(path)


def _allocation_sheet(sheet: Worksheet, unit: Unit, result: AllocationResult, lang: str | None) -> None:
    """The seed's layout: tasks by category, per group a mark, «Tid» (hours/week) and «Behov: opplæring»."""
    assert result.allocation is not None
    groups = unit.groups_by_rank()
    header = ["Id", TASK_COLUMN]
    for group in groups:
        header += [group.name, f"{TIME_COLUMN} (t/uke)", TRAINING_COLUMN]
    header += ["Intervall", "Utføres i dag av", "Begrunnelse"]
    sheet.append(header)
    by_task = {e.task_id: e for e in result.allocation.entries}
    for category in TaskCategory:
        tasks = [task for task in unit.tasks if task.category is category]
        if not tasks:
            continue
        sheet.append([None, f"{CATEGORY_LABELS[category]}:"])
        sheet.cell(sheet.max_row, 2).font = Font(bold=True)
        for task in tasks:
            entry = by_task[task.id]
            row: list[Any] = [task.id, f"• {task.name}"]
            for group in groups:
                mine = group.id == entry.group
                row += [
                    MARK if mine else None,
                    round(entry.hours_per_week, 2) if mine else None,
                    (entry.training_needed or None) if mine else None,
                ]
            row += [
                INTERVAL_LABELS[task.interval],
                unit.group(task.current_group).name if task.current_group else None,
                t(entry.reason, lang),
            ]
            sheet.append(row)
    style_header(sheet)


def _group_names(unit: Unit, plan: ActivityPlan) -> list[tuple[str, str]]:
    used = {e.group for e in plan.entries}
    return [(g.id, g.name) for g in unit.groups_by_rank() if g.id in used]


def _activity_sheet(sheet: Worksheet, unit: Unit, plan: ActivityPlan) -> None:
    """Hours per day: one row per day type, interval and category, one column per group."""
    groups = _group_names(unit, plan)
    sheet.append(["Dagtype", "Intervall", "Kategori", *[name for _, name in groups], "Sum"])
    cells: dict[tuple[str, TimeInterval, TaskCategory], dict[str, float]] = {}
    for e in plan.entries:
        cells.setdefault((e.day_type.value, e.interval, e.category), {})[e.group] = e.hours
    for day_type in DAY_TYPES_IN_PLAN:
        for interval in TimeInterval:
            for category in TaskCategory:
                values = cells.get((day_type, interval, category))
                if not values:
                    continue
                hours = [round(values.get(g, 0.0), 2) for g, _ in groups]
                sheet.append(
                    [
                        _day_label(day_type),
                        INTERVAL_LABELS[interval],
                        CATEGORY_LABELS[category],
                        *hours,
                        round(sum(values.values()), 2),
                    ]
                )
    style_header(sheet)


def _day_label(day_type: str) -> str:
    return next(label for d, label in DAY_TYPE_LABELS.items() if d.value == day_type)


def _heat_map_sheet(sheet: Worksheet, unit: Unit, plan: ActivityPlan, lang: str | None) -> None:
    """Intervals × groups, hours per day for each day type and hours per week, coloured by hours."""
    groups = _group_names(unit, plan)
    if not groups:  # no tasks: no hours to colour (and no cell range for the colour scale)
        sheet.append([t("ts_no_tasks", lang)])
        return
    totals: dict[tuple[str, TimeInterval, str], float] = {}
    for e in plan.entries:
        key = (e.day_type.value, e.interval, e.group)
        totals[key] = totals.get(key, 0.0) + e.hours
    blocks = [(f"{_day_label(d)} (timer per dag)", {d: 1}) for d in DAY_TYPES_IN_PLAN]
    blocks.append(("Hele uken (timer per uke)", DAYS_PER_WEEK))
    for title, weights in blocks:
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(["Intervall", *[name for _, name in groups]])
        top = sheet.max_row + 1
        for interval in TimeInterval:
            sheet.append(
                [
                    INTERVAL_LABELS[interval],
                    *[
                        round(sum(totals.get((d, interval, g), 0.0) * w for d, w in weights.items()), 2)
                        for g, _ in groups
                    ],
                ]
            )
        area = f"B{top}:{get_column_letter(len(groups) + 1)}{sheet.max_row}"
        sheet.conditional_formatting.add(
            area,
            ColorScaleRule(
                start_type="min",
                start_color="FFFFFF",
                mid_type="percentile",
                mid_value=50,
                mid_color="FFE08A",
                end_type="max",
                end_color="E0533D",
            ),
        )
        sheet.append([])
    sheet.column_dimensions["A"].width = 40
    for index in range(len(groups)):
        sheet.column_dimensions[get_column_letter(index + 2)].width = 18


def _comparison_sheet(sheet: Worksheet, unit: Unit, result: AllocationResult, lang: str | None) -> None:
    c = result.comparison
    if c is None:
        return
    sheet.append(["Yrkesgruppe", "I dag (t/uke)", "Etter oppgavedeling (t/uke)", "Endring (t/uke)"])
    for group in unit.groups_by_rank():
        before, after = c.hours_as_is.get(group.id, 0.0), c.hours_to_be.get(group.id, 0.0)
        if before or after:
            sheet.append([group.name, round(before, 2), round(after, 2), round(after - before, 2)])
    sheet.append([])
    sheet.append(["Fra", "Til", "Timer per uke", "Oppgaver"])
    for move in c.moves:
        sheet.append(
            [
                unit.group(move.from_group).name,
                unit.group(move.to_group).name,
                round(move.hours_per_week, 2),
                ", ".join(move.tasks),
            ]
        )
    sheet.append([])
    sheet.append([freed_text(result, lang)])
    style_header(sheet)


def _training_sheet(sheet: Worksheet, unit: Unit, result: AllocationResult) -> None:
    sheet.append(["Yrkesgruppe", "Oppgave-id", "Oppgave", "Opplæring/sertifisering", "Timer per uke"])
    for need in result.training_needs:
        sheet.append(
            [
                unit.group(need.group).name,
                need.task_id,
                need.task_name,
                need.training,
                round(need.hours_per_week, 2),
            ]
        )
    style_header(sheet)


CERTIFICATION_SHEET = "Sertifiseringer"
CERTIFICATION_HEADER = ["Ansattnr", "Yrkesgruppe", "Kompetanse", "Grunn", "Frist", "Forklaring"]


def _certification_sheet(sheet: Worksheet, unit: Unit, result: AllocationResult, lang: str | None) -> None:
    """The employees' documented competence that runs out or is missing (``planning.competence``)."""
    from bemanning.planning.competence import REASON_CODES, need_text

    groups = {g.id: g.name for g in unit.groups}
    sheet.append(CERTIFICATION_HEADER)
    for need in result.certification_needs:
        sheet.append([need.employee, groups.get(need.group, need.group), need.competence, REASON_CODES[need.reason],
                      need.due, need_text(need, lang)])
    style_header(sheet)


def freed_text(result: AllocationResult, lang: str | None = None) -> str:
    """The freed nurse time in the reader's numbers ("12,5 t/uke") and the rule's name, not its key."""
    c = result.comparison
    if c is None:
        return ""

    def ratio(value: float | None) -> str:
        return number(value, 1, lang) if value is not None else "–"

    return t(
        "ts_freed",
        lang,
        hours=number(c.freed_nurse_hours, 1, lang),
        share=number(100 * c.freed_nurse_share, 0, lang),
        fte=number(c.freed_nurse_fte, 1, lang),
        basis=number(c.weekly_hours_basis, None, lang),
        rule=rule_label(c.weekly_hours_rule, lang),
        before=ratio(c.patients_per_nurse_as_is),
        after=ratio(c.patients_per_nurse_to_be),
    )


def training_text(unit: Unit, result: AllocationResult, lang: str | None = None) -> str:
    by_group = result.training_by_group()
    certified = _certification_summary(result, lang)
    if not by_group:
        return t("ts_no_training", lang) + certified
    lines = "; ".join(
        f"{unit.group(g).name}: " + ", ".join(sorted({n.training for n in needs}))
        for g, needs in by_group.items()
    )
    return t("ts_training_summary", lang, lines=lines) + certified


def _certification_summary(result: AllocationResult, lang: str | None) -> str:
    """'. Certifications: 3 legemiddel, 1 hlr' — how many employees per competence (empty: none)."""
    counts: dict[str, int] = {}
    for need in result.certification_needs:
        counts[need.competence] = counts.get(need.competence, 0) + 1
    if not counts:
        return ""
    return t("ts_certification_summary", lang, lines=", ".join(f"{n} {c}" for c, n in sorted(counts.items())))


__all__ = [
    "ACTIVITY_COLUMNS",
    "ALLOCATION_COLUMNS",
    "allocation_rows",
    "freed_text",
    "read_mapping_form",
    "training_text",
    "write_activity_plan_csv",
    "write_allocation_csv",
    "write_mapping_form",
    "write_tasksharing_outputs",
    "write_tasksharing_workbook",
]


WORKBOOK_NAME = "oppgavedeling.xlsx"
EXPLANATION_NAME = "forklaring.txt"


def write_tasksharing_outputs(
    unit: Unit, result: AllocationResult, plan: ActivityPlan | None, folder: Path, lang: str | None = None
) -> list[Path]:
    """allocation.csv, activity_plan.csv and the workbook (or the explanation when no allocation exists)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    if result.allocation is not None and plan is not None:
        write_allocation_csv(unit, result, folder / "allocation.csv", lang)
        write_activity_plan_csv(plan, folder / "activity_plan.csv")
        files += [folder / "allocation.csv", folder / "activity_plan.csv"]
    else:
        text = "\n".join(result.explanation_text(lang or "no")) + "\n"
        (folder / EXPLANATION_NAME).write_text(text, encoding="utf-8")
        files.append(folder / EXPLANATION_NAME)
    write_tasksharing_workbook(unit, result, plan, folder / WORKBOOK_NAME, lang)
    files.append(folder / WORKBOOK_NAME)
    return files
