"""The board appendix: personnel consequences (personellmessige konsekvenser) of one measure, 2–4 pages.

In the style of a Norwegian health trust's board case appendix (seed 003: personnel consequences are part
of the basis for every decision — given today's organisation and task sharing, for other services, and for
training capacity): what changes, FTE by group, cost per year, agency hire and overtime, open places and
places below the safe minimum, risks, assumptions and the legal references. Written by
``bemanning scenario compare … --konsekvens NAME`` (and by the demo for each measure) beside the Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bemanning import i18n
from bemanning.model.costs_result import CoverSource
from bemanning.model.rule_texts import rule_label, source_label

from .document import Block, Bullets, Cell, Document, Para, Section, Table
from .unit_report import LANG, num, signed


def change_text(change: Any, names: dict[str, str]) -> str:
    """One scenario change as a reader says it."""
    kind = getattr(change, "type", "")
    if kind == "task_sharing":
        return ("Oppgavedeling: oppgavene flyttes til yrkesgruppen med riktig kompetanse." if change.enabled
                else "Dagens oppgavefordeling beholdes.")
    if kind == "long_shifts":
        return (f"Langvakter (over 10 timer) for frivillige, høyst {num(100 * change.max_share, 0)} % av vaktene, "
                "etter lokal avtale.")
    if kind == "convert_positions":
        return (f"{num(change.from_fte)} årsverk {names.get(change.from_group, change.from_group).lower()} gjøres "
                f"om til {num(change.to_fte)} årsverk {names.get(change.to_group, change.to_group).lower()}.")
    if kind == "full_time":
        groups = ", ".join(names.get(g, g).lower() for g in change.groups) or "alle yrkesgrupper"
        return f"Deltidsstillinger økes til {num(change.target_pct, 0)} % ({groups})."
    if kind == "sick_leave":
        return f"Sykefraværet forutsettes å bli {num(100 * change.share, 1)} %."
    if kind == "occupancy":
        return f"Belegget endres med faktor {num(change.factor, 2)}."
    return "Endring i forutsetningene."


def _below_minimum(result: Any) -> int:
    return sum(p.below_minimum for p in result.uncovered)


def _row(label: str, before: float, after: float, fmt: Any, href: str | None, worse_if_up: bool | None) -> list[Cell]:
    change = after - before
    tone = ""
    if worse_if_up is not None and abs(change) > 1e-9:
        tone = "plus" if (change > 0) == worse_if_up else "minus"
    return [Cell(label), Cell(fmt(before), href=href, numeric=True), Cell(fmt(after), href=href, numeric=True),
            Cell(fmt(change, True), numeric=True, tone=tone)]  # type: ignore[arg-type]


def _money(value: float, sign: bool = False) -> str:
    return i18n.nok(value, LANG, sign=sign)


def _fte(value: float, sign: bool = False) -> str:
    return signed(value, 1) if sign else num(value, 1)


def _count(value: float, sign: bool = False) -> str:
    return signed(value, 0) if sign else num(value, 0)


def legal_references(unit: Any, scenario: Any) -> list[str]:
    """The legal and agreement references the figures rest on: working-time rules, allowances, safe minimum."""
    by_reference: dict[str, list[str]] = {}
    for name, setting in unit.rules.settings.items():
        reference = setting.reference
        if name.endswith(("_weight", "_penalty")):  # the solver's weights are not law
            continue
        if reference.startswith(("AML", "Ferieloven", "Forsvarlig")) or (
            reference.startswith(("Spekter", "Local agreement")) and "long_shift" in name
            and any(getattr(c, "type", "") == "long_shifts" for c in scenario.changes)
        ):
            by_reference.setdefault(reference, []).append(rule_label(name, LANG))
    lines = []
    for reference, labels in by_reference.items():
        shown = "; ".join(labels[:2]) + (" m.fl." if len(labels) > 2 else "")
        lines.append(f"{_norwegian(source_label(reference, LANG))}: {shown}")
    costs = unit.costs
    lines += [f"{costs.evening_night.reference}", f"{costs.weekend.reference}", f"{costs.public_holiday.reference}",
              f"Overtid: {source_label(costs.overtime_reference, LANG)}"]
    return lines


def _norwegian(reference: str) -> str:
    return reference.replace("local agreement", "lokal avtale").replace("Local agreement", "Lokal avtale")


def build_appendix(unit: Any, scenario: Any, baseline_scenario: Any, baseline: Any, result: Any, c: Any,
                   markdown_name: str | None = None, comparison: str = "comparison.csv") -> Document:
    """``scenario`` against ``baseline_scenario`` (``Scenario``), with their chain results and consequences."""
    names = {g.id: g.name for g in unit.groups}
    org = unit.organisation
    need_b = sum(g.need_baseline for g in c.groups)
    need_s = sum(g.need_scenario for g in c.groups)
    pos_b = sum(g.current_baseline for g in c.groups)
    pos_s = sum(g.current_scenario for g in c.groups)
    pool_b, pool_s = baseline.annual_cover(CoverSource.POOL), result.annual_cover(CoverSource.POOL)
    ot_hours_b = baseline.annual_cover_hours(CoverSource.OVERTIME)
    ot_hours_s = result.annual_cover_hours(CoverSource.OVERTIME)
    below_b, below_s = _below_minimum(baseline), _below_minimum(result)
    src = comparison

    summary = Table(["", f"Utgangspunkt: {c.baseline}", f"Tiltak: {c.scenario}", "Endring"], [
        _row("Årsverksbehov med rom for fravær", need_b, need_s, _fte, src, True),
        _row("Årsverk i stillinger", pos_b, pos_s, _fte, src, None),
        _row("Sum lønnskostnad per år", c.total_cost.baseline, c.total_cost.scenario, _money, src, True),
        _row("Innleie, timer per år", c.agency_hours.baseline, c.agency_hours.scenario, _count, src, True),
        _row("Åpne vakter per turnusperiode", c.uncovered_shifts.baseline, c.uncovered_shifts.scenario, _count,
             src, True),
        _row("Av dem under faglig forsvarlig minimum", below_b, below_s, _count, None, True),
    ], caption="Nøkkeltall")
    what: list[Block] = [Para(scenario.description or c.scenario, kind="lead"),
                         Bullets([change_text(ch, names) for ch in scenario.changes])]
    described = getattr(baseline_scenario, "description", "")
    what.append(Para(f"Sammenlignet med «{c.baseline}»" + (f" ({described.lower()})" if described else "")
                     + ". Hele kjeden – oppgavedeling, bemanningsplan, turnus og kostnad – er kjørt for begge med de "
                     "samme reglene."))

    group_rows = []
    for g in c.groups:
        gap = g.gap_scenario
        meaning = "mangel" if gap > 0.05 else "overskudd" if gap < -0.05 else "i balanse"
        group_rows.append([Cell(g.name), Cell(num(g.need_baseline, 1), href=src, numeric=True),
                           Cell(num(g.need_scenario, 1), href=src, numeric=True),
                           Cell(signed(g.need_change, 1), numeric=True),
                           Cell(num(g.current_scenario, 1), href=src, numeric=True),
                           Cell(f"{signed(gap, 1)} ({meaning})", numeric=True,
                                tone="plus" if gap > 0.05 else "minus" if gap < -0.05 else "")])  # type: ignore[arg-type]
    fte_section = Section("2. Årsverk per yrkesgruppe", "arsverk", [
        Para(f"Årsverksbehovet blir {num(need_s)} mot {num(need_b)} i utgangspunktet ({signed(need_s - need_b)}). "
             "Gap = behov med rom for fravær minus årsverk i stillinger: + betyr mangel (dekkes av overtid, "
             "bemanningssenter eller innleie, eller nye stillinger), - betyr flere årsverk i stillinger enn behovet. "
             f"Ett årsverk = {num(c.fte_year_hours, 0)} timer per år."),
        Table(["Yrkesgruppe", "Behov utgangspunkt", "Behov tiltak", "Endring", "Stillinger tiltak",
               "Gap tiltak"], group_rows, source=src),
    ])

    cost_rows = [
        _row("Egne ansatte (lønn, tillegg, sosiale kostnader)", c.own_staff_cost.baseline, c.own_staff_cost.scenario,
             _money, src, True),
        _row("Overtid", c.overtime_cost.baseline, c.overtime_cost.scenario, _money, src, True),
        _row("Bemanningssenter", pool_b, pool_s, _money, None, True),
        _row("Innleie fra byrå", c.agency_cost.baseline, c.agency_cost.scenario, _money, src, True),
    ]
    cost_section = Section("3. Kostnad per år", "kostnad", [
        Para(f"Lønnskostnad for {c.year} med tillegg etter tariff og sosiale kostnader; åpne vakter og forventet "
             "sykefravær dekkes med den billigste lovlige blandingen av overtid, bemanningssenter og innleie."),
        Table(["Post", "Utgangspunkt", "Tiltak", "Endring"], cost_rows, source=src,
              foot=_row("Sum", c.total_cost.baseline, c.total_cost.scenario, _money, src, True)),
    ])

    cover_section = Section("4. Innleie og overtid", "innleie", [
        Para(f"Forventet innleie er {num(c.agency_hours.scenario, 0)} timer per år "
             f"({num(c.agency_fte.scenario, 1)} årsverk), mot {num(c.agency_hours.baseline, 0)} timer "
             f"({num(c.agency_fte.baseline, 1)} årsverk) i utgangspunktet. Overtid for å dekke åpne vakter og "
             f"fravær blir {num(ot_hours_s, 0)} timer per år (utgangspunkt {num(ot_hours_b, 0)}), innenfor "
             "arbeidsmiljølovens grenser for overtid."),
    ])

    open_section = Section("5. Åpne vakter og vakter under minimum", "dekning", [
        Para(f"Turnusen for tiltaket har {num(c.uncovered_shifts.scenario, 0)} åpne vakter per turnusperiode "
             f"(utgangspunkt {num(c.uncovered_shifts.baseline, 0)}); {below_s} av dem er under faglig forsvarlig "
             f"minimum (utgangspunkt {below_b}). Brudd på absolutte regler i arbeidsmiljøloven og avtalene: "
             f"{num(c.hard_violations.scenario, 0)} (utgangspunkt {num(c.hard_violations.baseline, 0)})."),
        Para(f"Hver ansatt arbeider i snitt {num(c.weekends.scenario, 1)} av {c.weekends_in_cycle} helger i "
             f"turnusperioden (utgangspunkt {num(c.weekends.baseline, 1)}). Andelen langvakter blir "
             f"{num(100 * c.long_shift_share.scenario, 0)} % (utgangspunkt {num(100 * c.long_shift_share.baseline, 0)} "
             f"%), gjennomsnittlig stillingsprosent {num(c.avg_position_pct.scenario, 0)} % "
             f"(utgangspunkt {num(c.avg_position_pct.baseline, 0)} %)."),
    ])
    training_blocks: list[Any] = []
    if c.training:
        new = {(t.group, t.task_id) for t in c.new_training}
        training_blocks.append(Table(["Yrkesgruppe", "Oppgave", "Opplæring", "Timer per uke", "Nytt"], [
            [Cell(names.get(t.group, t.group)), Cell(t.task_name), Cell(t.training),
             Cell(num(t.hours_per_week, 1), numeric=True), Cell("ja" if (t.group, t.task_id) in new else "nei")]
            for t in c.training], caption="Opplæring før oppgavene flyttes (utdanningskapasitet)"))
    else:
        training_blocks.append(Para("Tiltaket krever ingen opplæring før oppgaver flyttes."))
    training_section = Section("6. Opplæring", "opplaering", training_blocks)

    risks = _risks(c, result, baseline, below_s, need_s, pos_s)
    risk_section = Section("7. Risiko", "risiko", [Bullets(risks)])
    sick = 100 * result.sick_leave_share
    assumptions = [
        f"Enhet: {unit.name} ({org.trust}, {org.clinic}); år {c.year}.",
        f"Ett årsverk = {num(c.fte_year_hours, 0)} timer per år; hver yrkesgruppe regnes med sin egen ukentlige "
        "arbeidstid, og behovet har rom for ferie, sykefravær, kurs og annet fravær.",
        f"Forventet sykefravær {num(sick, 1)} % av planlagte vakter, dekket som åpne vakter; den sykmeldte "
        "beholder lønnen (ingen refusjon fra NAV er regnet med).",
        f"Turnusperioden på {result.roster.days // 7} uker er regnet om til et år (faktor "
        f"{num(result.cover_factor, 2)}).",
        f"Tillegg etter tariff; sosiale kostnader (feriepenger, arbeidsgiveravgift, pensjon) med faktor "
        f"{num(unit.costs.social_cost_factor, 2)} på lønnen.",
        "Turnusen er laget med et fast arbeidsbudsjett; en annen kjøring kan gi en noe annen turnus. Tallene er "
        "anslag til beslutningsgrunnlag, ikke budsjett.",
    ]
    assumption_section = Section("8. Forutsetninger", "forutsetninger", [Bullets(assumptions)])
    legal_section = Section("9. Lovgrunnlag og avtaler", "lov", [Bullets(legal_references(unit, scenario))])
    sources: list[Block] = [Para(f"Tallene kommer fra {src}" + (f" og {markdown_name}" if markdown_name else "") +
                    " i samme mappe.", kind="note")]
    return Document(
        kicker="Vedlegg til styresak",
        title=f"Personellmessige konsekvenser: {c.scenario}",
        subtitle=f"{unit.name}, {org.clinic}, {org.trust} – sammenlignet med «{c.baseline}», {c.year}",
        sections=[
            Section("Sammendrag", "sammendrag", [summary]),
            Section("1. Hva endres", "endring", what),
            fte_section, cost_section, cover_section, open_section, training_section, risk_section,
            assumption_section, legal_section,
            Section("Kilder", "kilder", sources),
        ],
        toc=False,
        footer="Laget med bemanning. Beløp i kroner per år, avrundet.",
    )


def _risks(c: Any, result: Any, baseline: Any, below: int, need: float, positions: float) -> list[str]:
    risks = []
    if result.roster_status in ("unknown", "infeasible"):
        risks.append("Det ble ikke funnet en lovlig turnus for tiltaket innen regnetiden; tallene er ikke "
                     "sammenlignbare før en ny kjøring med større arbeidsbudsjett.")
    if below:
        risks.append(f"{below} vakter per turnusperiode er under faglig forsvarlig minimum og må dekkes før "
                     "turnusen tas i bruk (spesialisthelsetjenesteloven § 2-2).")
    short = [g.name for g in c.groups if g.gap_scenario > 0.05]
    if short:
        risks.append("Mangel på årsverk i " + ", ".join(n.lower() for n in short) + ": krever rekruttering, "
                     "overtid eller innleie; tilgangen på personell er usikker.")
    if c.agency_hours.change > 0:
        risks.append(f"Innleie øker med {num(c.agency_hours.change, 0)} timer per år; innleie er dyrt og ikke "
                     "alltid tilgjengelig.")
    if c.training:
        risks.append("Oppgaver kan først flyttes når opplæringen er gjennomført; forsinket opplæring utsetter "
                     "gevinsten og binder sykepleiertid i overgangen.")
    if c.long_shift_share.scenario > 0:
        risks.append("Langvakter krever frivillige og avtale med tillitsvalgte; belastningen må følges opp "
                     "(arbeidsmiljøloven § 10-2 og § 10-5).")
    if c.weekends.change > 0.05:
        risks.append("Flere helgevakter per ansatt kan øke belastning og turnover.")
    if need > positions and c.total_cost.change < 0:
        risks.append("Kostnaden faller, men behovet er større enn stillingene: innsparingen forutsetter at "
                     "åpne vakter faktisk dekkes.")
    risks.append("Tallene bygger på én kjøring av turnusen per scenario; små forskjeller mellom scenarioene kan "
                 "ligge innenfor usikkerheten.")
    return risks


def write_appendix(unit: Any, scenario: Any, baseline_scenario: Any, baseline: Any, result: Any, c: Any,
                   folder: Path, markdown_name: str | None = None) -> Path:
    """``konsekvenser_<scenario>.pdf`` (and the same as ``.html``) in ``folder``; the ``.html`` alone when no
    PDF engine can run here (``report.write_document``)."""
    from bemanning.io.consequences_md import safe_name

    from . import write_document

    doc = build_appendix(unit, scenario, baseline_scenario, baseline, result, c, markdown_name)
    stem = f"konsekvenser_{safe_name(c.scenario)}"
    written = write_document(doc, folder / f"{stem}.html", folder / f"{stem}.pdf")
    return written.pdf or written.html
