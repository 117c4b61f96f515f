"""The seed-004 mapping form (kartleggingsskjema) in Excel: write it from a unit, read it back.

Layout of the sheet «Kartlegging» (row 1 is the header):

    Id | Oppgaven | <group 1> | Tid | Behov: opplæring | <group 2> | Tid | Behov: opplæring | ... |
    Intervall | Frekvens | Per | Dager | Kompetansekrav | Utføres i dag av | Låst til

Groups stand in the competence order (most competent left): a group can do the tasks of the
groups to its right, never the reverse. Category headings are rows with only «Oppgaven» filled,
ending in a colon («Legemiddelhåndtering:»); the task rows below belong to that category.

In a task row, «x» under a group marks the group with the competence the task needs (usually one
mark; a support group such as porters may be marked as an alternative), «Tid» next to it is the
minutes per occurrence, text in a group's «Behov: opplæring» is the training that group needs
before it may take the task over, and «-» under a group excludes it. The columns after the groups
are optional (defaults: no fixed time, once per day, every day).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from bemanning.model import Task, TaskCategory, TimeInterval, Unit

from .errors import UserError, UserMessage, require_file
from .tasksharing_labels import BASIS_LABELS, CATEGORY_LABELS, DAYS_LABELS, INTERVAL_LABELS
from .unit_file import MAX_FILE_BYTES, unit_from_data, unit_to_data

FORM_SHEET = "Kartlegging"
TASK_COLUMN = "Oppgaven"
TIME_COLUMN = "Tid"
TRAINING_COLUMN = "Behov: opplæring"
TAIL_COLUMNS = ("Intervall", "Frekvens", "Per", "Dager", "Kompetansekrav", "Utføres i dag av", "Låst til")
MARK, EXCLUDED = "x", "-"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
CATEGORY_FILL = PatternFill("solid", fgColor="F2F2F2")


def _fmt_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def write_form_sheet(sheet: Worksheet, unit: Unit) -> None:
    """Write the unit's tasks into ``sheet`` in the form layout."""
    groups = unit.groups_by_rank()
    header = ["Id", TASK_COLUMN]
    for group in groups:
        header += [group.name, TIME_COLUMN, TRAINING_COLUMN]
    header += list(TAIL_COLUMNS)
    sheet.append(header)
    for category in TaskCategory:
        tasks = [t for t in unit.tasks if t.category is category]
        if not tasks:
            continue
        sheet.append([None, f"{CATEGORY_LABELS[category]}:"])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.fill = CATEGORY_FILL
        for task in tasks:
            row: list[Any] = [task.id, f"• {task.name}"]
            for group in groups:
                marked = group.id in task.eligible_groups
                mark = MARK if marked else EXCLUDED if group.id in task.excluded_groups else None
                row += [mark, _fmt_number(task.minutes) if marked else None, task.training.get(group.id)]
            row += [
                INTERVAL_LABELS[task.interval],
                _fmt_number(task.frequency),
                BASIS_LABELS[task.per],
                DAYS_LABELS[task.days],
                task.required_competence,
                unit.group(task.current_group).name if task.current_group else None,
                unit.group(task.pinned_group).name if task.pinned_group else None,
            ]
            sheet.append(row)
    style_header(sheet)


def style_header(sheet: Worksheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "C2"
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=6)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 6), 50)


def write_mapping_form(unit: Unit, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = FORM_SHEET
    write_form_sheet(sheet, unit)
    book.save(path)


# --- reading ---------------------------------------------------------------------------------


def _norm(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold() if value is not None else ""


def _lookup(table: dict[Any, str], value: Any) -> Any | None:
    """Enum member whose code or Norwegian label matches ``value`` (case and spacing ignored)."""
    text = _norm(value)
    for member, label in table.items():
        if text in (_norm(member.value), _norm(label)):
            return member
    return None


def _category(text: str) -> TaskCategory | None:
    """A heading like «Pasientbehandling sengepost:» names the category its first words match."""
    heading = _norm(text.rstrip(":"))
    for category, label in sorted(CATEGORY_LABELS.items(), key=lambda kv: -len(kv[1])):
        if heading.startswith(_norm(label)) or heading == category.value:
            return category
    return None


class _Form:
    def __init__(self, path: Path, sheet_name: str, unit: Unit):
        self.path, self.sheet, self.unit = str(path), sheet_name, unit
        self.errors: list[UserMessage] = []

    def error(self, row: int, column: str, key: str, **context: Any) -> None:
        problem = UserMessage(key, context)
        self.errors.append(
            UserMessage(
                "excel_cell",
                {"path": self.path, "sheet": self.sheet, "row": row, "column": column, "problem": problem},
            )
        )

    def group_id(self, name: Any) -> str | None:
        text = _norm(name)
        return next((g.id for g in self.unit.groups if text in (_norm(g.id), _norm(g.name))), None)


def _open(path: Path) -> Any:
    source = str(path)
    require_file(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError.of(
            "file_too_large",
            path=source,
            size=round(path.stat().st_size / 1e6, 1),
            limit=MAX_FILE_BYTES // 1_000_000,
        )
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError.of("excel_bad", path=source, problem=type(exc).__name__) from None


def read_mapping_form(path: Path, unit: Unit) -> Unit:
    """``unit`` with its tasks replaced by those of the mapping form at ``path``."""
    book = _open(path)
    sheet_name = FORM_SHEET if FORM_SHEET in book.sheetnames else book.sheetnames[0]
    rows = list(book[sheet_name].iter_rows(values_only=True))
    form = _Form(path, sheet_name, unit)
    if not rows or _norm(TASK_COLUMN) not in [_norm(h) for h in rows[0]]:
        raise UserError.of("ts_form_no_task_column", path=str(path), sheet=sheet_name)
    header = [_norm(h) for h in rows[0]]
    columns = _columns(form, rows[0])
    tasks: list[dict[str, Any]] = []
    category: TaskCategory | None = None
    for number, values in enumerate(rows[1:], start=2):
        cells = {name: values[index] for name, index in columns["fixed"].items() if index < len(values)}
        text = cells.get(_norm(TASK_COLUMN))
        if text is None or str(text).strip() == "":
            continue
        others = [
            v for i, v in enumerate(values) if i != header.index(_norm(TASK_COLUMN)) and v not in (None, "")
        ]
        if not others and str(text).strip().endswith(":"):
            category = _category(str(text))
            if category is None:
                form.error(
                    number,
                    TASK_COLUMN,
                    "ts_form_bad_category",
                    value=str(text).strip(),
                    expected=", ".join(CATEGORY_LABELS.values()),
                )
            continue
        if category is None:
            form.error(number, TASK_COLUMN, "ts_form_no_category")
            continue
        task = _task(form, number, values, cells, columns["groups"], category)
        if task is not None:
            tasks.append(task)
    if form.errors:
        raise UserError(form.errors)
    data = unit_to_data(unit)
    data["tasks"] = tasks
    return unit_from_data(data, str(path))


def _columns(form: _Form, header: tuple[Any, ...]) -> dict[str, Any]:
    """Indices of the fixed columns and, per group, of its mark, time and training columns."""
    fixed: dict[str, int] = {}
    groups: dict[str, dict[str, int]] = {}
    current: str | None = None
    known = {_norm(c) for c in ("Id", TASK_COLUMN, *TAIL_COLUMNS)}
    for index, name in enumerate(header):
        text = _norm(name)
        if not text:
            continue
        if text in known:
            fixed[text] = index
            current = None
        elif text == _norm(TIME_COLUMN) and current is not None:
            groups[current]["time"] = index
        elif text.startswith("behov") and current is not None:
            groups[current]["training"] = index
        elif (group := form.group_id(name)) is not None:
            current = group
            groups[group] = {"mark": index}
        else:
            raise UserError.of("ts_form_unknown_column", path=form.path, column=str(name))
    return {"fixed": fixed, "groups": groups}


def _task(
    form: _Form,
    number: int,
    values: tuple[Any, ...],
    cells: dict[str, Any],
    groups: dict[str, dict[str, int]],
    category: TaskCategory,
) -> dict[str, Any] | None:
    def cell(index: int | None) -> Any:
        return values[index] if index is not None and index < len(values) else None

    eligible, excluded, training, minutes = [], [], {}, None
    for group, where in groups.items():
        mark = _norm(cell(where.get("mark")))
        if mark == EXCLUDED:
            excluded.append(group)
        elif mark:
            eligible.append(group)
            if minutes is None and cell(where.get("time")) not in (None, ""):
                minutes = cell(where.get("time"))
        need = cell(where.get("training"))
        if need not in (None, ""):
            training[group] = str(need).strip()
    if minutes is None:  # time written under another group's «Tid»
        minutes = next(
            (cell(w.get("time")) for w in groups.values() if cell(w.get("time")) not in (None, "")), None
        )
    if not eligible and not training:
        form.error(number, TASK_COLUMN, "ts_form_no_mark")
        return None
    if minutes is None:
        form.error(number, TIME_COLUMN, "ts_form_no_time")
        return None
    task: dict[str, Any] = {
        "id": cells.get("id") or f"r{number}",
        "name": str(cells[_norm(TASK_COLUMN)]).strip().lstrip("•·-* ").strip(),
        "category": category.value,
        "interval": TimeInterval.ANYTIME.value,
        "minutes": minutes,
        "eligible_groups": eligible,
        "training": training,
        "excluded_groups": excluded,
    }
    for column, key, table in (
        ("intervall", "interval", INTERVAL_LABELS),
        ("per", "per", BASIS_LABELS),
        ("dager", "days", DAYS_LABELS),
    ):
        raw = cells.get(column)
        if raw in (None, ""):
            continue
        member = _lookup(table, raw)
        if member is None:
            form.error(number, column.capitalize(), "ts_form_bad_value", value=raw)
        else:
            task[key] = member.value
    if cells.get("frekvens") not in (None, ""):
        task["frequency"] = cells["frekvens"]
    if cells.get("kompetansekrav") not in (None, ""):
        task["required_competence"] = str(cells["kompetansekrav"]).strip()
    for column, key in (("utføres i dag av", "current_group"), ("låst til", "pinned_group")):
        raw = cells.get(column)
        if raw in (None, ""):
            continue
        found = form.group_id(raw)
        if found is None:
            form.error(number, column, "ts_form_bad_value", value=raw)
        else:
            task[key] = found
    try:
        Task.model_validate(task)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        form.error(
            number,
            ".".join(str(p) for p in first["loc"]) or TASK_COLUMN,
            "ts_form_bad_value",
            value=first.get("input", ""),
        )
        return None
    return task


__all__ = ["FORM_SHEET", "read_mapping_form", "write_form_sheet", "write_mapping_form"]
