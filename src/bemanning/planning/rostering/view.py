"""A finished roster seen day by day, for the checker: plain Python, no solver code."""

from __future__ import annotations

from collections import defaultdict

from bemanning.model import Roster

from .context import DAY_MINUTES, RosterContext


class RosterView:
    def __init__(self, ctx: RosterContext, roster: Roster):
        self.ctx = ctx
        self.roster = roster
        self.plan: dict[str, dict[int, str]] = defaultdict(dict)
        self.duplicates: list[tuple[str, int, list[str]]] = []
        self.outside: list[tuple[str, str]] = []
        seen: dict[tuple[str, int], list[str]] = defaultdict(list)
        for a in roster.assignments:
            day = ctx.index_of(a.date)
            if not 0 <= day < ctx.n or a.shift_code not in ctx.shifts:
                self.outside.append((a.employee_id, a.date.isoformat()))
                continue
            seen[(a.employee_id, day)].append(a.shift_code)
            self.plan[a.employee_id][day] = a.shift_code
        for (employee, day), codes in sorted(seen.items()):
            if len(codes) > 1:
                self.duplicates.append((employee, day, codes))

    def shift(self, employee: str, day: int) -> str | None:
        """The shift starting on ``day`` (wrapped in cyclic mode; history before the start)."""
        if self.ctx.cyclic:
            return self.plan.get(employee, {}).get(day % self.ctx.n)
        if day < 0:
            return self.ctx.history_shift(employee, day)
        return self.plan.get(employee, {}).get(day)

    def works(self, employee: str, day: int) -> bool:
        return self.shift(employee, day) is not None

    def intervals(self, employee: str) -> list[tuple[int, int, int, str]]:
        """Worked shifts as (start, end, day, code) in absolute minutes, sorted.

        Cyclic: the cycle's shifts with a copy one cycle before and after, so gaps across the
        wrap-around are seen. Calendar: history shifts first.
        """
        days: dict[int, str] = dict(self.plan.get(employee, {}))
        if self.ctx.cyclic:
            n = self.ctx.n
            base = dict(days)
            for d, code in base.items():
                days[d - n] = code
                days[d + n] = code
        else:
            days.update(self.ctx.history.get(employee, {}))
        out = []
        for d, code in days.items():
            s = self.ctx.shifts[code]
            out.append((d * DAY_MINUTES + s.start, d * DAY_MINUTES + s.end, d, code))
        return sorted(out)

    def employees(self) -> list[str]:
        return [e.id for e in self.ctx.employees]
