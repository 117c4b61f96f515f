"""Demo step: the roster (turnus) for the demo unit, with its compliance check and open places."""

from __future__ import annotations

import json

from bemanning.cli.roster import write_compliance_csv, write_coverage_csv
from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.i18n import label, number
from bemanning.io.roster_csv import write_roster_csv
from bemanning.model import DayType, RequirementRow, StaffingRequirement, Unit
from bemanning.planning.rostering import RosterResult, SolveOptions, requirement_for_unit, solve_roster


def _n(value: float | None, decimals: int, sign: bool = False) -> str:
    """A number in the demo's Norwegian text (bemanning.i18n)."""
    return number(value or 0, decimals, "no", sign=sign)

DEMO_TIME_LIMIT = 45.0


def demo_requirement(unit: Unit) -> StaffingRequirement:
    """Until the staffing step gives one: the safe minimums, one more nurse and health worker on
    weekday day shifts, and office staff and assistants on weekdays (demo-specific, not a norm)."""
    base = requirement_for_unit(unit)
    rows = list(base.rows)
    extra = {("D", "spl_sengepost"): 1, ("D", "helsefagarbeider"): 1}
    rows = [
        r.model_copy(update={"required": r.required + extra.get((r.shift, r.group), 0)})
        if r.day_type is DayType.WEEKDAY
        else r
        for r in rows
    ]
    groups = {g.id for g in unit.groups}
    shifts = {s.code for s in unit.shift_types}
    for shift, group, heads in (("K", "sekretaer", 2), ("D", "assistent", 2), ("A", "assistent", 1)):
        if group in groups and shift in shifts:
            rows.append(
                RequirementRow(day_type=DayType.WEEKDAY, shift=shift, group=group, minimum=0, required=heads)
            )
    return StaffingRequirement(unit_id=unit.id, rows=rows)


def run(ctx: DemoContext) -> StepOutput:
    unit = ctx.unit
    requirement = ctx.results.get("requirement") or demo_requirement(unit)
    ctx.progress("Lager turnus …")
    # A work budget, not wall time: the demo gives the same roster on an idle or a busy machine.
    options = SolveOptions.for_work(ctx.time_limit or DEMO_TIME_LIMIT, seed=0, num_workers=2)
    result = solve_roster(unit, requirement, options)
    folder = ctx.folder("turnus")
    write_roster_csv(result.roster, unit, folder / "roster.csv")
    write_compliance_csv(result.report, folder / "compliance.csv")
    write_coverage_csv(result.report, folder / "coverage.csv")
    summary = {
        "status": result.status,
        "objective": result.objective,
        "seconds": round(result.seconds, 1),
        "hard_violations": len(result.report.hard),
        "uncovered_places": result.report.uncovered_places,
        "penalties": result.penalties,
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    ctx.results["roster"] = result.roster
    ctx.results["roster_result"] = result
    ctx.results.setdefault("requirement", requirement)
    return StepOutput(
        title="Turnus",
        folder="turnus",
        files=["turnus/roster.csv", "turnus/compliance.csv", "turnus/coverage.csv", "turnus/summary.json"],
        summary=[
            f"{unit.roster.cycle_weeks} ukers grunnturnus for {len(unit.employees)} ansatte: "
            f"{len(result.roster.assignments)} vakter, {len(result.report.hard)} brudd på harde regler.",
            f"Udekkede plasser (behov for overtid/innleie): {result.report.uncovered_places}.",
            _outcome(result),
        ],
    )


def _outcome(result: RosterResult) -> str:
    """The last summary line: the penalty of a lawful roster, or why there is none (never an illegal one)."""
    if result.status == "unknown":
        return (f"Fant ingen lovlig turnus innen arbeidsbudsjettet ({_n(result.work, 0)} arbeidsenheter); "
                "ingen turnus vises. Kjør med større --tidsgrense.")
    if result.status == "infeasible":
        rules = ", ".join(sorted({label("rule", c.rule, "no") for c in result.conflicts}))
        return f"Reglene kan ikke holdes samtidig ({rules}): turnusen bryter dem."
    quality = "beste mulige" if result.status == "optimal" else "kan trolig forbedres med mer regnetid"
    return f"Lovlig turnus funnet etter {_n(result.seconds, 0)} s ({quality})."
