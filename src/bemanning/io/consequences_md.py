"""The personnel-consequence section (personalmessige konsekvenser) as Markdown for a decision paper."""

from __future__ import annotations

from pathlib import Path

from bemanning.i18n import number, percent, t
from bemanning.i18n import register as register_messages
from bemanning.planning.consequences import Consequences, Pair

register_messages({
    "cons_title": {"no": "Personalmessige konsekvenser: {scenario}", "en": "Personnel consequences: {scenario}"},
    "cons_intro": {
        "no": "Sammenlignet med «{baseline}». Årsverk inkluderer rom for fravær; kostnader er per år ({year}) "
              "med tillegg og sosiale kostnader.",
        "en": "Compared with '{baseline}'. FTE include room for absence; costs are per year ({year}) "
              "with allowances and social costs.",
    },
    "cons_fte_head": {"no": "Årsverk per yrkesgruppe", "en": "FTE by professional group"},
    "cons_fte_text": {
        "no": "Årsverksbehovet blir {scenario} mot {baseline} i utgangspunktet ({change}). "
              "Stillingene i tiltaket utgjør {current} årsverk.",
        "en": "The FTE need becomes {scenario} against {baseline} in the baseline ({change}). "
              "The positions in the measure add up to {current} FTE.",
    },
    "cons_fte_columns": {
        "no": "| Yrkesgruppe | Behov utgangspunkt | Behov tiltak | Endring | Stillinger | Gap |",
        "en": "| Group | Need baseline | Need measure | Change | Positions | Gap |",
    },
    "cons_training_head": {"no": "Opplæringsbehov", "en": "Training need"},
    "cons_training_none": {
        "no": "Tiltaket krever ingen opplæring før oppgaver flyttes.",
        "en": "The measure needs no training before tasks move.",
    },
    "cons_training_intro": {
        "no": "Før oppgavene flyttes, trengs denne opplæringen (grunnlag for opplæringsplanen):",
        "en": "Before tasks move, this training is needed (basis for the training plan):",
    },
    "cons_training_line": {
        "no": "- {group}: {training} for «{task}» ({hours} t/uke){new}",
        "en": "- {group}: {training} for '{task}' ({hours} h/week){new}",
    },
    "cons_training_new": {"no": " – nytt mot utgangspunktet", "en": " – new against the baseline"},
    "cons_shifts_head": {"no": "Helger og langvakter", "en": "Weekends and long shifts"},
    "cons_weekends": {
        "no": "Hver ansatt arbeider i snitt {scenario} av {weekends} helger i grunnturnusen "
              "(utgangspunkt {baseline}, {change}){every}.",
        "en": "Each employee works on average {scenario} of {weekends} weekends in the base roster "
              "(baseline {baseline}, {change}){every}.",
    },
    "cons_every": {"no": ", omtrent hver {n}. helg", "en": ", about every {n} weekends"},
    "cons_long": {
        "no": "Andelen langvakter blir {scenario} (utgangspunkt {baseline}). "
              "Gjennomsnittlig stillingsprosent blir {pct_s} % (utgangspunkt {pct_b} %).",
        "en": "The share of long shifts becomes {scenario} (baseline {baseline}). "
              "The average position becomes {pct_s} % (baseline {pct_b} %).",
    },
    "cons_roster": {
        "no": "Turnusen har {uncovered} udekkede vakter per turnusperiode (utgangspunkt {uncovered_b}) "
              "og {hard} brudd på harde regler (utgangspunkt {hard_b}).",
        "en": "The roster has {uncovered} uncovered shifts per cycle (baseline {uncovered_b}) "
              "and {hard} hard-rule violations (baseline {hard_b}).",
    },
    "cons_cost_head": {"no": "Innleie og kostnader", "en": "Agency hire and costs"},
    "cons_agency": {
        "no": "Forventet innleie er {hours} timer per år ({fte} årsverk), mot {hours_b} timer i utgangspunktet; "
              "innleiekostnaden blir {cost} kr ({change} kr).",
        "en": "Expected agency hire is {hours} hours per year ({fte} FTE), against {hours_b} hours in the "
              "baseline; the agency cost becomes NOK {cost} ({change}).",
    },
    "cons_costs": {
        "no": "Overtid {overtime} kr ({overtime_change} kr). Egne ansatte {own} kr ({own_change} kr). "
              "Samlet lønnskostnad {total} kr per år ({total_change} kr).",
        "en": "Overtime NOK {overtime} ({overtime_change}). Own staff NOK {own} ({own_change}). "
              "Total salary cost NOK {total} per year ({total_change}).",
    },
})


def _num(value: float, decimals: int = 0, *, sign: bool = False) -> str:
    return number(value, decimals, None, sign=sign)


def _pct(value: float) -> str:
    return percent(value, 0, None, share=True)


def _change(pair: Pair, decimals: int = 1) -> str:
    return _num(pair.change, decimals, sign=True)


def consequences_markdown(c: Consequences) -> str:
    lines = [f"## {t('cons_title', scenario=c.scenario)}", "", t("cons_intro", baseline=c.baseline, year=c.year), ""]
    need_b = sum(g.need_baseline for g in c.groups)
    need_s = sum(g.need_scenario for g in c.groups)
    lines += [f"### {t('cons_fte_head')}", "",
              t("cons_fte_text", scenario=_num(need_s, 1), baseline=_num(need_b, 1),
                change=_num(need_s - need_b, 1, sign=True),
                current=_num(sum(g.current_scenario for g in c.groups), 1)), "",
              t("cons_fte_columns"), "|---|---:|---:|---:|---:|---:|"]
    for g in c.groups:
        lines.append(f"| {g.name} | {_num(g.need_baseline, 1)} | {_num(g.need_scenario, 1)} | "
                     f"{_num(g.need_change, 1, sign=True)} | {_num(g.current_scenario, 1)} | "
                     f"{_num(g.gap_scenario, 1, sign=True)} |")
    lines += ["", f"### {t('cons_training_head')}", ""]
    if not c.training:
        lines.append(t("cons_training_none"))
    else:
        lines.append(t("cons_training_intro"))
        new = {(n.group, n.task_id) for n in c.new_training}
        names = {g.group: g.name for g in c.groups}
        for need in c.training:
            lines.append(t("cons_training_line", group=names.get(need.group, need.group), training=need.training,
                           task=need.task_name, hours=_num(need.hours_per_week, 1),
                           new=t("cons_training_new") if (need.group, need.task_id) in new else ""))
    every = ""
    if c.weekends.scenario > 0:
        every = t("cons_every", n=_num(c.weekends_in_cycle / c.weekends.scenario, 1))
    lines += ["", f"### {t('cons_shifts_head')}", "",
              t("cons_weekends", scenario=_num(c.weekends.scenario, 1), weekends=c.weekends_in_cycle,
                baseline=_num(c.weekends.baseline, 1), change=_change(c.weekends), every=every),
              t("cons_long", scenario=_pct(c.long_shift_share.scenario), baseline=_pct(c.long_shift_share.baseline),
                pct_s=_num(c.avg_position_pct.scenario, 0), pct_b=_num(c.avg_position_pct.baseline, 0)),
              t("cons_roster", uncovered=int(c.uncovered_shifts.scenario), uncovered_b=int(c.uncovered_shifts.baseline),
                hard=int(c.hard_violations.scenario), hard_b=int(c.hard_violations.baseline)),
              "", f"### {t('cons_cost_head')}", "",
              t("cons_agency", hours=_num(c.agency_hours.scenario), fte=_num(c.agency_fte.scenario, 1),
                hours_b=_num(c.agency_hours.baseline), cost=_num(c.agency_cost.scenario),
                change=_change(c.agency_cost, 0)),
              t("cons_costs", overtime=_num(c.overtime_cost.scenario), overtime_change=_change(c.overtime_cost, 0),
                own=_num(c.own_staff_cost.scenario), own_change=_change(c.own_staff_cost, 0),
                total=_num(c.total_cost.scenario), total_change=_change(c.total_cost, 0)),
              ""]
    return "\n".join(lines)


def safe_name(name: str) -> str:
    """A file-name part from a scenario name (letters, digits, - and _)."""
    kept = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name.strip())
    return "_".join(part for part in kept.split("_") if part) or "scenario"


def write_consequences(c: Consequences, folder: Path) -> Path:
    path = folder / f"konsekvenser_{safe_name(c.scenario)}.md"
    path.write_text(consequences_markdown(c), encoding="utf-8")
    return path
