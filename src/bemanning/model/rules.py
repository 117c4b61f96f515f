"""The rule set: every legal or agreement number as a named setting with its reference.

Numbers from the Working Environment Act (AML ch. 10) and the hospital agreements
(Spekter area 10) live only here. A unit file may override ``value``, ``hard`` and
``weight`` of a setting; the reference travels with it so every report can cite it.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from .base import DomainModel, domain_error

Value = float | int | bool | str


class RuleSetting(DomainModel):
    value: Value
    unit: str = ""
    reference: str
    hard: bool = True
    weight: int = Field(default=0, ge=0, le=1_000_000, description="Penalty weight when soft")
    description: str = ""
    verified: bool = Field(default=True, description="False where the default is a sensible guess (DOMAIN.md)")

    @field_validator("value")
    @classmethod
    def _canonical_number(cls, value: Value) -> Value:
        # 8.0 and 8 are the same setting; one form keeps YAML/Excel round trips stable.
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


def _s(value: Value, unit: str, reference: str, description: str, *, hard: bool = True, weight: int = 0,
       verified: bool = True) -> RuleSetting:
    return RuleSetting(value=value, unit=unit, reference=reference, description=description, hard=hard,
                       weight=weight, verified=verified)


AML = "AML"
SPEKTER = "Spekter område 10"

DEFAULT_RULES: dict[str, RuleSetting] = {
    # Normal working hours, AML §10-4
    "normal_max_hours_per_day": _s(9, "h", f"{AML} §10-4(1)", "Normal working hours per 24 h"),
    "normal_max_hours_per_week": _s(40, "h", f"{AML} §10-4(1)", "Normal working hours per 7 days"),
    "reduced_weekly_hours_rotation": _s(38, "h", f"{AML} §10-4(4)", "Weekly hours for rotation with Sunday/holiday work"),
    "reduced_weekly_hours_round_the_clock": _s(36, "h", f"{AML} §10-4(5)", "Weekly hours for round-the-clock work"),
    # Averaging by agreement, AML §10-5(2)
    "averaged_max_hours_per_day": _s(12.5, "h", f"{AML} §10-5(2)", "Max hours per 24 h when averaged"),
    "averaged_max_hours_per_week": _s(48, "h", f"{AML} §10-5(2)", "Max average hours per week"),
    "averaging_weeks": _s(8, "weeks", f"{AML} §10-5(2)", "Averaging period for the weekly limit"),
    "max_hours_single_week": _s(54, "h", f"{AML} §10-5(2)", "Never more than this in a single week"),
    "max_averaging_period_weeks": _s(52, "weeks", f"{AML} §10-5(2)", "Longest averaging period"),
    # Overtime, AML §10-6
    "overtime_max_per_week": _s(10, "h", f"{AML} §10-6(4)", "Overtime per 7 days"),
    "overtime_max_per_4_weeks": _s(25, "h", f"{AML} §10-6(4)", "Overtime per 4 weeks"),
    "overtime_max_per_52_weeks": _s(200, "h", f"{AML} §10-6(4)", "Overtime per 52 weeks"),
    "overtime_agreed_max_per_week": _s(20, "h", f"{AML} §10-6(5)", "Overtime per 7 days by agreement"),
    "overtime_agreed_max_per_4_weeks": _s(50, "h", f"{AML} §10-6(5)", "Overtime per 4 weeks by agreement"),
    "overtime_agreed_max_per_52_weeks": _s(300, "h", f"{AML} §10-6(5)", "Overtime per 52 weeks by agreement"),
    "overtime_min_premium": _s(0.40, "share", f"{AML} §10-6(11)", "Minimum overtime premium"),
    "total_max_hours_per_day": _s(13, "h", f"{AML} §10-6(8)", "Total hours incl. overtime per 24 h"),
    "total_max_hours_per_week": _s(48, "h", f"{AML} §10-6(8)", "Total hours per 7 days, averaged over 8 weeks"),
    # Rest, AML §10-8
    "daily_rest_hours": _s(11, "h", f"{AML} §10-8(1)", "Continuous daily rest between two shifts"),
    "daily_rest_min_by_agreement": _s(8, "h", f"{AML} §10-8(3)", "Daily rest by agreement (compensating rest)"),
    "weekly_rest_hours": _s(35, "h", f"{AML} §10-8(2)", "Continuous weekly rest in each fixed 7-day period"),
    "weekly_rest_min_by_agreement": _s(28, "h", f"{AML} §10-8(3)", "Weekly rest by agreement"),
    "week_boundary_weekday": _s(0, "weekday (0=Mon)", f"{AML} §10-8(2)", "Start day of the fixed 7-day rest periods"),
    "week_boundary_hour": _s(0, "hour", f"{AML} §10-8(2)", "Start hour of the fixed 7-day rest periods"),
    # Sunday/holiday, AML §10-8(4) and §10-10
    "sunday_off_after_sunday_work": _s(True, "", f"{AML} §10-8(4)", "Who worked a Sunday/holiday has the next one off"),
    "sunday_averaging_weeks": _s(26, "weeks", f"{AML} §10-8(4)", "Sunday work averaged by agreement (every other Sunday)"),
    "sunday_off_every_nth_week": _s(4, "weeks", f"{AML} §10-8(4)", "Weekly day off falls on a Sunday at least every nth week"),
    "sunday_period_start_hour_day_before": _s(18, "hour", f"{AML} §10-10(1)", "Sunday/holiday period starts the day before"),
    "sunday_period_end_hour": _s(22, "hour", f"{AML} §10-10(1)", "Sunday/holiday period ends before the next working day"),
    "holiday_eve_start_hour": _s(15, "hour", f"{AML} §10-10(1)", "Start on Christmas, Easter and Whitsun eves"),
    # Night, AML §10-11
    "night_start_hour": _s(21, "hour", f"{AML} §10-11(1)", "Night work starts"),
    "night_end_hour": _s(6, "hour", f"{AML} §10-11(1)", "Night work ends"),
    "night_worker_avg_max_hours_per_day": _s(8, "h", f"{AML} §10-11(5)", "Regular night workers, average per 24 h over 4 weeks",
                                             hard=False, weight=50),
    # Breaks and work plan
    "break_required_after_hours": _s(5.5, "h", f"{AML} §10-9(1)", "A break when the working day exceeds this"),
    "break_min_minutes_at_8h": _s(30, "min", f"{AML} §10-9(1)", "Total break when the day is at least 8 h"),
    "work_plan_notice_weeks": _s(2, "weeks", f"{AML} §10-3", "Work plan shown to staff before it starts"),
    # Hospital agreement (Spekter area 10)
    "weekly_hours_day_work": _s(37.5, "h", f"{SPEKTER}, A2", "Weekly hours, day work"),
    "weekly_hours_rotation": _s(35.5, "h", f"{SPEKTER}, A2", "Weekly hours, two-shift rotation"),
    "weekly_hours_three_shift_min": _s(33.6, "h", f"{SPEKTER}, A2", "Weekly hours, round-the-clock rotation (floor)"),
    "weekly_hours_three_shift_max": _s(35.5, "h", f"{SPEKTER}, A2", "Weekly hours, three-shift rotation (ceiling)"),
    "sunday_hour_factor": _s(7 / 6, "factor", f"{SPEKTER}, A2", "Sunday/holiday hour counts 1 h 10 min"),
    "night_hour_factor": _s(5 / 4, "factor", f"{SPEKTER}, A2", "Night hour counts 1 h 15 min"),
    "weekend_every_nth": _s(3, "weeks", f"{SPEKTER}, A2", "Work at most every nth weekend (whole weekends)"),
    "whole_weekends": _s(True, "", f"{SPEKTER}, A2", "A worked weekend is a whole weekend (Saturday and Sunday)",
                         hard=False, weight=20),
    "long_shift_min_hours": _s(10, "h", f"{SPEKTER}, local agreement", "Long shifts (langvakter) are at least"),
    "long_shift_max_hours": _s(12.5, "h", f"{SPEKTER}, local agreement", "Long shifts above this need central approval"),
    "long_shift_max_share": _s(0.3, "share", "Local agreement", "Highest share of long shifts in the plan", verified=False),
    "long_shift_volunteers_only": _s(True, "", f"{SPEKTER}, local agreement", "Long shifts only for volunteers"),
    "max_consecutive_working_days": _s(6, "days", "Local agreement (unverified)", "Most working days in a row",
                                      verified=False),
    "max_consecutive_nights": _s(3, "nights", "Local agreement (unverified)", "Most nights in a row", verified=False),
    "rest_days_after_night_series": _s(2, "days", "Local agreement (unverified)", "Days off after a night series",
                                      hard=False, weight=30, verified=False),
    "contract_hours_tolerance_pct": _s(2.0, "%", f"{SPEKTER}, A2", "Planned hours may deviate from contract hours",
                                       verified=False),
    "isolated_work_day_penalty": _s(True, "", "Good practice", "Avoid single working days between days off",
                                    hard=False, weight=10, verified=False),
    "isolated_day_off_penalty": _s(True, "", "Good practice", "Avoid single days off between working days",
                                   hard=False, weight=10, verified=False),
    "wish_weight": _s(5, "", "Ønsketurnus", "Weight of one granted/denied wish", hard=False, weight=5, verified=False),
    "fairness_weight": _s(3, "", "Good practice", "Weight of unequal evenings/nights/weekends", hard=False, weight=3,
                          verified=False),
    # Absence and FTE (DOMAIN.md "From staffing plan to FTE")
    "vacation_weeks": _s(5, "weeks", "Ferieloven §5 / HA", "Vacation weeks per year"),
    "vacation_weeks_extra_60_plus": _s(1, "weeks", "Ferieloven §5(2)", "Extra vacation week from age 60"),
    "sick_leave_share": _s(0.08, "share", "Hospital average (Vestre Viken 2024: 7.8 %)", "Expected sick leave"),
    "course_share": _s(0.015, "share", "Typical (unverified)", "Courses and training", verified=False),
    "other_absence_share": _s(0.01, "share", "Typical (unverified)", "Other absence", verified=False),
    "productive_share": _s(0.85, "share", "Planning convention (unverified)", "Productive share of paid hours",
                           verified=False),
    "fte_year_hours": _s(1950, "h", "Helse Sør-Øst convention (37.5 h × 52)", "Hours per FTE-year in reports"),
    # A group's own annual hours per FTE (issue 25): the hour gap of a rotation group is its FTE gap ×
    # these, not × 1950. Between the anchors (33.6 / 35.5 / 37.5 h weeks) the hours are interpolated.
    "fte_year_hours_rotation": _s(1846.25, "h", f"{SPEKTER}, A2: 35.5 h weeks (DOMAIN.md, FTE-year conventions)",
                                  "Annual hours per FTE for 35.5 h weeks (rotation)", verified=False),
    "fte_year_hours_three_shift": _s(1747, "h", f"{SPEKTER}, A2: 33.6 h weeks × 52 (DOMAIN.md, FTE-year conventions)",
                                     "Annual hours per FTE for 33.6 h weeks (round-the-clock three-shift)",
                                     verified=False),
    # Staffing requirement, FTE need and projection (issue 4, planning/demand.py, fte.py, projection.py)
    "share_remainder_downwards": _s(True, "", "Planning convention (unverified)",
                                    "The spare time of a more competent group's heads on a shift does a lower "
                                    "group's leftover work there (competence order) before that group rounds up",
                                    verified=False),
    "care_level_floor": _s(False, "", "Planning convention (unverified)",
                           "Care-level hours per patient-day act as a floor of the plan's direct-care hours",
                           verified=False),
    "weeks_per_year": _s(52, "weeks", "Calendar convention", "Weeks per year for vacation shares"),
    "projection_years": _s(15, "years", "Seed 004 (30 % more FTE in 15 years)", "Years the projection covers"),
    "projection_annual_growth": _s(0.0176, "share", "Seed 004: 30 % more FTE in 15 years (1.0176^15 ≈ 1.30)",
                                   "Default yearly activity growth when no age-group model is given",
                                   verified=False),
}


class RuleSet(DomainModel):
    """Named settings over the defaults. Unknown names are errors; a bare number overrides the value."""

    settings: dict[str, RuleSetting] = Field(default_factory=lambda: {k: v.model_copy() for k, v in DEFAULT_RULES.items()})

    @model_validator(mode="before")
    @classmethod
    def _merge_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        raw = data.get("settings", data) if "settings" in data and isinstance(data.get("settings"), dict) else data
        merged: dict[str, Any] = {k: v.model_dump() for k, v in DEFAULT_RULES.items()}
        for name, override in raw.items():
            if name not in DEFAULT_RULES:
                raise domain_error("unknown_rule", "unknown rule setting '{name}'", name=name)
            if isinstance(override, dict):
                merged[name] = {**merged[name], **override}
            else:
                merged[name] = {**merged[name], "value": override}
        return {"settings": merged}

    @model_validator(mode="after")
    def _check_values(self) -> RuleSet:
        _validate_new_settings(self)
        return self

    def get(self, name: str) -> RuleSetting:
        return self.settings[name]

    def number(self, name: str) -> float:
        value = self.settings[name].value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"rule setting {name} is not a number")
        return float(value)

    def flag(self, name: str) -> bool:
        return bool(self.settings[name].value)

    def overrides(self) -> dict[str, Any]:
        """Only the settings that differ from the defaults (what a unit file needs to store)."""
        out: dict[str, Any] = {}
        for name, setting in self.settings.items():
            default = DEFAULT_RULES[name]
            if setting != default:
                diff = {k: v for k, v in setting.model_dump().items() if v != getattr(default, k)}
                out[name] = diff["value"] if set(diff) == {"value"} else diff
        return out

# --- roster engine (issue 5): settings the rules and the solver read -------------------------------
_ROSTER = "Bemanningsplan"
DEFAULT_RULES.update({
    "one_shift_per_day": _s(True, "", f"{AML} §10-8(1)", "At most one shift starts per employee and day"),
    "rest_by_agreement": _s(False, "", f"{AML} §10-8(3)",
                            "Use the agreed daily/weekly rest minimums (8 h / 28 h), not 11 h / 35 h"),
    "absence_respected": _s(True, "", "Ferieloven / permisjon", "No shifts during vacation or absence"),
    "work_arrangement_respected": _s(True, "", "Arbeidsavtale",
                                     "Day workers: day shifts on weekdays; no nights for staff without"),
    "weekly_hours_three_shift_planning": _s(35.5, "h", f"{SPEKTER}, A2",
                                            "Weekly hours of three-shift staff when not set per employee",
                                            verified=False),
    "cover_required_weight": _s(1000, "", _ROSTER, "Penalty per place short of the requirement",
                                hard=False, weight=1000, verified=False),
    "cover_minimum_weight": _s(10000, "", "Forsvarlig drift (sphlsl. §2-2)",
                               "Extra penalty per place short of the safe minimum", hard=False,
                               weight=10000, verified=False),
    "cover_over_weight": _s(1, "", _ROSTER, "Penalty per head beyond the requirement", hard=False,
                            weight=1, verified=False),
    "skill_mix_weight": _s(5000, "", f"Forsvarlig drift (sphlsl. §2-2); {_ROSTER}, kompetansekrav", "Penalty per missing competence",
                           hard=False, weight=5000, verified=False),
    "competence_shift_holders_only": _s(True, "", "Helsepersonelloven §4; legemiddelhåndteringsforskriften §4",
                                        "Shift types that need a competence only for staff holding it, valid "
                                        "on the day", verified=False),
    "certification_warning_days": _s(90, "days", "Lokal praksis (unverified)",
                                     "Certifications that run out within this many days after the planning "
                                     "period go on the training plan", verified=False),
    "relaxed_hard_weight": _s(100000, "", "Solver", "Weight of a hard rule when the hard rules conflict",
                              hard=False, weight=100000, verified=False),
})

# --- sick calls: minimal-change repair (issue 6, planning/sickcalls) -----------------------------
DEFAULT_RULES.update({
    "repair_change_shift_weight": _s(10, "", "Planning convention (unverified)",
                                     "Repair: penalty for another shift type on a working day", hard=False,
                                     weight=10, verified=False),
    "repair_move_day_off_weight": _s(30, "", "Planning convention (unverified)",
                                     "Repair: penalty for a day off turned into work or work into a day off",
                                     hard=False, weight=30, verified=False),
    "repair_weekend_weight": _s(60, "", "Planning convention (unverified)",
                                "Repair: penalty for a changed day off on a weekend or public holiday",
                                hard=False, weight=60, verified=False),
})

# --- wishes in the web app (issue 27): how many and how heavy -----------------------------------
DEFAULT_RULES.update({
    "wishes_max_per_employee": _s(40, "wishes", "Lokal praksis (unverified)",
                                  "Most stored wishes per employee and unit", verified=False),
    "wish_weight_max": _s(10, "", "Lokal praksis (unverified)",
                          "Highest weight an employee may give one wish (lowest is 1)", verified=False),
})

# --- unit format for real wards (issue 24): shift types, weekends, contract settlement -------------
SETTLEMENT_CHOICES = ("period", "cycle", "month")
DEFAULT_RULES.update({
    "allowed_shift_types_respected": _s(True, "", "Arbeidsavtale / turnusavtale",
                                        "Only the shift types the group or employee may work, each on its day types"),
    "weekends_max_in_window": _s(0, "weekends", "Local agreement (turnusavtale)",
                                 "At most this many worked weekends in any `weekends_window` (0: off), "
                                 "e.g. 2 of 6", verified=False),
    "weekends_window": _s(0, "weekends", "Local agreement (turnusavtale)",
                          "Consecutive weekends counted for `weekends_max_in_window` (0: off)", verified=False),
    "contract_hours_tolerance_hours": _s(0, "h", f"{SPEKTER}, A2 / local agreement",
                                         "Planned hours may deviate this many hours per settlement period "
                                         "(0: use contract_hours_tolerance_pct)", verified=False),
    "contract_settlement": _s("period", "", f"{SPEKTER}, A2 / local agreement",
                              "Contract hours settled per: period (the whole plan), cycle (each cycle_weeks "
                              "block), month (calendar month); absence credited at the daily share",
                              verified=False),
})

_WHOLE_NUMBER_SETTINGS = ("weekends_max_in_window", "weekends_window", "certification_warning_days")


def _validate_new_settings(rules: RuleSet) -> None:
    """Values of the settings whose range is not just 'a number' (issue 24)."""
    choice = rules.get("contract_settlement").value
    if choice not in SETTLEMENT_CHOICES:
        raise domain_error("rule_bad_choice", "rule setting '{name}': '{value}' is not one of {choices}",
                           name="contract_settlement", value=choice, choices=", ".join(SETTLEMENT_CHOICES))
    for name in _WHOLE_NUMBER_SETTINGS:
        value = rules.get(name).value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise domain_error("rule_not_whole_number", "rule setting '{name}': '{value}' is not a whole number ≥ 0",
                               name=name, value=value)
    hours = rules.get("contract_hours_tolerance_hours").value
    if isinstance(hours, bool) or not isinstance(hours, int | float) or hours < 0:
        raise domain_error("rule_not_whole_number", "rule setting '{name}': '{value}' is not a number ≥ 0",
                           name="contract_hours_tolerance_hours", value=hours)
    most, window = rules.number("weekends_max_in_window"), rules.number("weekends_window")
    if (most > 0) != (window > 0) or most > window:
        raise domain_error("weekends_max_above_window",
                           "{where}: at most {max} of {window} weekends: the first number is larger than the second",
                           where="rules", max=int(most), window=int(window))
