"""Request and response bodies of the JSON API (the OpenAPI schema is built from these)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bemanning.model import Assignment, Wish
from bemanning.web.security import PASSWORD_MAX, PASSWORD_MIN

from .limits import RosterDays, Version, WindowDate

RoleName = Literal["admin", "leder", "planlegger", "ansatt", "tillitsvalgt", "bemanningssenter"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class MeOut(BaseModel):
    username: str
    role: RoleName
    employee_id: str | None
    unit_ids: list[str]
    csrf_token: str


class UnitSummary(BaseModel):
    id: str
    name: str
    version: int
    organisation: dict[str, Any] = Field(default_factory=dict)


class UnitDocument(BaseModel):
    version: int
    unit: dict[str, Any] = Field(
        description="The unit as in the unit file (JSON form of bemanning.model.Unit)"
    )


class UnitUpdate(Strict):
    version: Version
    unit: dict[str, Any]


class VersionOut(BaseModel):
    version: int


class RuleOut(BaseModel):
    name: str
    value: float | int | bool | str
    unit: str
    reference: str
    hard: bool
    weight: int
    description: str
    verified: bool


class RosterSummary(BaseModel):
    id: int
    name: str
    status: Literal["draft", "approved"]
    archived: bool = False
    version: int
    start_date: dt.date
    days: int
    cyclic: bool
    shifts: int
    created_by: str
    updated_at: dt.datetime


class RosterOut(RosterSummary):
    unit_id: str
    assignments: list[Assignment]


class RosterCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    start_date: WindowDate | None = Field(default=None, description="Default: the unit's roster settings")
    days: RosterDays | None = Field(default=None, description="At most the horizon setting (730 days)")


class RosterUpdate(Strict):
    version: Version
    assignments: list[Assignment]


class CellUpdate(Strict):
    version: Version
    employee_id: str = Field(min_length=1, max_length=64)
    date: WindowDate
    shift_code: str | None = Field(default=None, max_length=20, description="Empty for a day off")


class StatusUpdate(Strict):
    version: Version
    status: Literal["draft", "approved"]
    override_reason: str | None = Field(
        default=None,
        max_length=2000,
        description="Needed to approve a roster with hard violations or places below the safe minimum",
    )


class ArchiveUpdate(Strict):
    version: Version
    archived: bool = True


class WishIn(Strict):
    employee: str | None = Field(
        default=None, max_length=64, description="Default (and for employees: always) yourself"
    )
    day: int | None = Field(default=None, ge=0, le=366)
    date: WindowDate | None = None
    shift: str | None = Field(default=None, max_length=20)
    want: bool = True
    weight: int = Field(default=1, ge=1, le=100, description="Within the rule set's wish weight range")


class WishOut(Wish):
    id: int


class WishesOut(BaseModel):
    version: int
    wishes: list[WishOut]


class WishStored(BaseModel):
    id: int
    created: bool = Field(description="False when the same wish was stored before (nothing new added)")
    version: int = Field(description="The unit's version (unchanged by wishes since they have their own table)")


class UserOut(BaseModel):
    id: int
    username: str
    role: RoleName
    employee_id: str | None
    unit_ids: list[str]
    active: bool
    # Units of imported regions whose agency hire the user decides (besides ``unit_ids``).
    region_unit_ids: list[str] = Field(default_factory=list)


# A unit id of an imported region (staffing centre): checked against the imported regions' units.
RegionUnitId = Annotated[str, Field(min_length=1, max_length=64)]


class UserCreate(Strict):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)
    role: RoleName
    employee_id: str | None = None
    unit_ids: list[str] = Field(default_factory=list)
    region_unit_ids: list[RegionUnitId] = Field(default_factory=list, max_length=500)


class UserUpdate(Strict):
    role: RoleName | None = None
    employee_id: str | None = None
    unit_ids: list[str] | None = None
    region_unit_ids: list[RegionUnitId] | None = Field(default=None, max_length=500)
    password: str | None = Field(default=None, min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)
    active: bool | None = None


class AuditOut(BaseModel):
    id: int
    at: dt.datetime
    username: str
    entity: str
    entity_id: str
    action: str
    summary: str
