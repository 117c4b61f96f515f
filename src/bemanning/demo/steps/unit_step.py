"""Demo step 0: the unit itself, as an editable YAML file and an Excel workbook."""

from __future__ import annotations

import json

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.i18n import number
from bemanning.io.unit_file import save_unit
from bemanning.model import Unit


def run(ctx: DemoContext) -> StepOutput:
    unit = ctx.unit
    save_unit(unit, ctx.out / "unit.yaml")
    folder = ctx.folder("enhet")
    save_unit(unit, folder / "unit.xlsx")
    (folder / "unit.schema.json").write_text(json.dumps(Unit.model_json_schema(), indent=2, ensure_ascii=False))
    fte = sum(e.fte for e in unit.employees)
    avg = 100 * fte / len(unit.employees) if unit.employees else 0
    return StepOutput(
        title="Enheten",
        folder="enhet",
        files=["unit.yaml", "enhet/unit.xlsx", "enhet/unit.schema.json"],
        summary=[
            f"{unit.name}: {len(unit.groups)} yrkesgrupper, {len(unit.tasks)} oppgaver, "
            f"{len(unit.shift_types)} vakttyper, {len(unit.employees)} ansatte ({number(fte, 1, 'no')} årsverk, "
            f"snitt stillingsprosent {number(avg, 0, 'no')} %)",
        ],
    )
