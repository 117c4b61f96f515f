"""The demo chain: each capability adds one step module; `bemanning demo` runs them in order.

A step module has ``run(ctx: DemoContext) -> StepOutput``. Steps share results through
``ctx.results`` (e.g. the task allocation feeds the activity plan).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bemanning.model import Unit

if TYPE_CHECKING:
    from bemanning.report import WrittenReport

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
    return run_chain_with_report(unit, out, progress, time_limit)[0]


def run_chain_with_report(
    unit: Unit, out: Path, progress: Callable[[str], None] | None = None, time_limit: float | None = None
) -> tuple[list[StepOutput], WrittenReport]:
    """Every step, then the unit report (``index.html``, ``rapport.html``, ``rapport.pdf``) from their results."""
    out.mkdir(parents=True, exist_ok=True)
    ctx = DemoContext(unit=unit, out=out, time_limit=time_limit)
    if progress is not None:
        ctx.progress = progress
    outputs = []
    for module_name in STEP_MODULES:
        module = importlib.import_module(module_name)
        outputs.append(module.run(ctx))
    ctx.progress("Rapport (HTML og PDF) …")
    written = write_index(unit, out, outputs, ctx.results)
    return outputs, written


def write_index(
    unit: Unit, out: Path, outputs: list[StepOutput], results: dict[str, Any] | None = None
) -> WrittenReport:
    """The front page: the unit report (``bemanning.report``) as ``index.html``, beside ``rapport.html`` and
    ``rapport.pdf``, made from the chain's results and the files the steps wrote."""
    from bemanning.report import write_unit_report

    written = write_unit_report(unit, out, results or {}, outputs)
    (out / "index.html").write_text(written.html.read_text(encoding="utf-8"), encoding="utf-8")
    return written
