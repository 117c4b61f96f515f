"""Guarded approval (issue 25): a roster that breaks hard rules or leaves places below the safe minimum
(*forsvarlig bemanning*) is approved only with an explicit override and a written reason, kept in the
audit log. Without it the API answers 409 (problem+json) and the page shows the override form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bemanning.i18n import register
from bemanning.model import Roster
from bemanning.web.problems import Problem

MIN_REASON_CHARS = 10
MAX_REASON_CHARS = 2000

register(
    {
        "web_approve_needs_override": {
            "no": "Turnusen har {hard} brudd på harde regler og {below:p:plass|plasser} under forsvarlig minimum "
            "({dates}). Godkjenning krever overstyring med skriftlig begrunnelse (minst {min_chars} tegn).",
            "en": "The roster has {hard} hard rule violations and {below:p:place|places} below the safe minimum "
            "({dates}). Approval needs an override with a written reason (at least {min_chars} characters).",
        },
        "approve_override_title": {
            "no": "Godkjenn likevel (overstyring)",
            "en": "Approve anyway (override)",
        },
        "approve_override_help": {
            "no": "Turnusen har {hard} brudd på harde regler og {below:p:plass|plasser} under forsvarlig minimum. "
            "Skriv hvorfor den likevel godkjennes; begrunnelsen lagres i revisjonsloggen.",
            "en": "The roster has {hard} hard rule violations and {below:p:place|places} below the safe minimum. "
            "Write why it is approved anyway; the reason is kept in the audit log.",
        },
        "approve_override_reason": {"no": "Begrunnelse", "en": "Reason"},
    }
)


@dataclass(frozen=True)
class Blockers:
    """What stands in the way of a plain approval."""

    hard: int
    below_minimum: int
    below_minimum_dates: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.hard or self.below_minimum)


def blockers(state: Any, unit_id: str, roster: Roster) -> Blockers:
    """The checker's verdict on ``roster`` against the unit's staffing requirement (as the grid shows it)."""
    from bemanning.web.chain import chain_for
    from bemanning.web.grid import check

    chain = chain_for(state, unit_id)
    report = check(chain.unit, roster, chain.requirement).report
    return Blockers(len(report.hard), report.below_minimum_places, tuple(report.below_minimum_dates()))


def audit_note(found: Blockers, reason: str | None) -> str:
    """The audit text of an approval: plain, or the override with its counts and the reason.

    Raises 409 when the roster needs an override and no (long enough) reason was given."""
    if not found.any:
        return ""
    text = (reason or "").strip()
    if len(text) < MIN_REASON_CHARS:
        dates = ", ".join(found.below_minimum_dates[:10]) or "–"
        raise Problem(
            409,
            "web_approve_needs_override",
            hard=found.hard,
            below=found.below_minimum,
            dates=dates,
            min_chars=MIN_REASON_CHARS,
            extra={
                "hard_violations": found.hard,
                "below_minimum_places": found.below_minimum,
                "below_minimum_dates": list(found.below_minimum_dates),
                "override_required": True,
            },
        )
    return f"override: hard={found.hard}; below_minimum={found.below_minimum}; reason={text[:MAX_REASON_CHARS]}"
