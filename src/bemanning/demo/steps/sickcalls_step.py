"""Demo step: two sick calls on the demo roster, the repair with few changes, and ranked
suggestions for one place that stays open."""

from __future__ import annotations

import datetime as dt
import json

from bemanning.cli.roster import write_compliance_csv, write_coverage_csv
from bemanning.cli.sickcalls import repair_summary, write_changes_csv, write_explanations_csv
from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.i18n import date, group_label, label, nok, t
from bemanning.io.roster_csv import write_roster_csv
from bemanning.planning.sickcalls import SickCall, repair_roster
from bemanning.planning.sickcalls.explain import explain_uncovered
from bemanning.planning.sickcalls.fill import suggest_fill

DEMO_WORK_LIMIT = 4.0  # work units: the same repair on an idle or a busy machine


def _sick_calls(ctx: DemoContext) -> list[SickCall]:
    """Two staff with shifts in the second week call in sick for three days each."""
    roster = ctx.results["roster"]
    first = roster.start_date + dt.timedelta(days=8)
    working = sorted({a.employee_id for a in roster.assignments if a.date == first})
    picked = working[:1] + working[-1:] if len(working) > 1 else working
    return [
        SickCall(e, first + dt.timedelta(days=i), first + dt.timedelta(days=i + 2)) for i, e in enumerate(picked)
    ]


def run(ctx: DemoContext) -> StepOutput:
    unit = ctx.unit
    roster = ctx.results["roster"]
    requirement = ctx.results.get("requirement")
    calls = _sick_calls(ctx)
    ctx.progress("Reparerer turnus etter sykemelding …")
    result = repair_roster(unit, roster, calls, requirement, work_limit=DEMO_WORK_LIMIT)
    setup = result.setup
    explanations = explain_uncovered(
        unit, result.roster, requirement, result.report.uncovered, ctx=setup.ctx, rules=setup.rules, max_places=3
    )
    folder = ctx.folder("sykemelding")
    write_roster_csv(result.roster, unit, folder / "roster.csv")
    write_changes_csv(result, folder / "changes.csv")
    write_coverage_csv(result.report, folder / "coverage.csv")
    write_compliance_csv(result.report, folder / "compliance.csv")
    write_explanations_csv(explanations, folder / "explanations.csv")
    summary = repair_summary(result, explanations)
    summary["sick_calls"] = [
        {"employee_id": c.employee, "from": c.start.isoformat(), "to": c.end.isoformat()} for c in calls
    ]
    lines = [
        f"{len(calls)} sykemeldinger: {result.removed} vakter tatt bort, {result.changed_assignments} andre "
        f"endringer i turnusen ({t(f'repair_status_{result.status}', 'no')}).",
        f"Udekkede plasser etter reparasjon: {result.report.uncovered_places}.",
    ]
    suggestions = []
    sick_dates = {d for c in calls for d in (c.start, c.end)}
    open_places = [p for p in result.report.uncovered if dt.date.fromisoformat(p.date) in sick_dates]
    places = open_places or result.report.uncovered
    if places:
        place = places[0]
        found = suggest_fill(
            unit, result.roster, dt.date.fromisoformat(place.date), place.shift, place.group, requirement,
            ctx=setup.ctx, rules=setup.rules, top=5,
        )
        suggestions = [c.as_dict() for c in found]
        summary["fill"] = {"date": place.date, "shift": place.shift, "group": place.group, "candidates": suggestions}
        if found:
            best = found[0]
            lines.append(
                f"Ledig {place.shift} {date(place.date, 'short', 'no')} ({group_label(ctx.unit.groups, place.group)}): "
                f"beste forslag {best.name} ({label('fill_source', best.source, 'no')}, {nok(best.cost, 'no')}) "
                f"av {len(found)}."
            )
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    ctx.results["repair"] = result
    files = ["roster.csv", "changes.csv", "coverage.csv", "compliance.csv", "explanations.csv", "summary.json"]
    return StepOutput(
        title="Sykemelding", folder="sykemelding", files=[f"sykemelding/{f}" for f in files], summary=lines
    )
