"""The demo chain: each capability adds one step module; `bemanning demo` runs them in order.

A step module has ``run(ctx: DemoContext) -> StepOutput``. Steps share results through
``ctx.results`` (e.g. the task allocation feeds the activity plan).
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bemanning.model import Unit

# Order matters: later steps use earlier results. Add a line per capability.
STEP_MODULES: list[str] = [
    "bemanning.demo.steps.unit_step",
    "bemanning.demo.steps.tasksharing_step",
    "bemanning.demo.steps.staffing_step",
    "bemanning.demo.steps.roster_step",
    "bemanning.demo.steps.costs_step",
    "bemanning.demo.steps.sickcalls_step",
    "bemanning.demo.steps.scenarios_step",
    "bemanning.demo.steps.followup_step",
]


@dataclass
class StepOutput:
    title: str
    folder: str
    files: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


@dataclass
class DemoContext:
    unit: Unit
    out: Path
    results: dict[str, Any] = field(default_factory=dict)
    time_limit: float | None = None  # seconds per solver run; None: each step's own default
    progress: Callable[[str], None] = lambda message: None

    def folder(self, name: str) -> Path:
        path = self.out / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def run_chain(
    unit: Unit, out: Path, progress: Callable[[str], None] | None = None, time_limit: float | None = None
) -> list[StepOutput]:
    out.mkdir(parents=True, exist_ok=True)
    ctx = DemoContext(unit=unit, out=out, time_limit=time_limit)
    if progress is not None:
        ctx.progress = progress
    outputs = []
    for module_name in STEP_MODULES:
        module = importlib.import_module(module_name)
        outputs.append(module.run(ctx))
    write_index(unit, out, outputs)
    return outputs


def write_index(unit: Unit, out: Path, outputs: list[StepOutput]) -> None:
    sections = []
    for step in outputs:
        links = "".join(
            f'<li><a href="{html.escape(f)}">{html.escape(f)}</a></li>' for f in step.files
        )
        summary = "".join(f"<li>{html.escape(s)}</li>" for s in step.summary)
        sections.append(f"<section><h2>{html.escape(step.title)}</h2><ul>{summary}</ul><ul>{links}</ul></section>")
    page = f"""<!doctype html>
<html lang="no"><head><meta charset="utf-8"><title>bemanning – {html.escape(unit.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
section{{border-top:1px solid #ccc;padding:.5rem 0}}</style></head>
<body><h1>bemanning – {html.escape(unit.name)}</h1>
<p>{html.escape(unit.organisation.region)} › {html.escape(unit.organisation.trust)} ›
{html.escape(unit.organisation.clinic)} › {html.escape(unit.name)}</p>
{''.join(sections)}
</body></html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")
