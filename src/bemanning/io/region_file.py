"""Read and write the region file (``region.yaml``) and the unit files it names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bemanning.i18n import register
from bemanning.model import Unit
from bemanning.model.region import RegionFile

from .errors import UserError, UserMessage
from .unit_file import load_unit, parse_yaml, read_text, validation_messages
from .yaml_safe import compose_strict, dump_yaml

register(
    {
        "region_unknown_unit": {
            "no": "bemanningssenter-ansatt {employee} nevner enheten «{unit}», som ikke finnes i regionen",
            "en": "pool employee {employee} names unit '{unit}', which is not in the region",
        },
        "region_orientation_not_permitted": {
            "no": "opplæring trengs på {unit}, som ikke er blant den ansattes enheter",
            "en": "orientation needed at {unit}, which is not among the employee's units",
        },
        "region_start_not_monday": {
            "no": "periodens start {date} er ikke en mandag",
            "en": "period start {date} is not a Monday",
        },
        "region_bad_wish": {
            "no": "ønsket stilling {pct} for {employee} er ikke mellom 0 og 100",
            "en": "wished position {pct} of {employee} is not in (0, 100]",
        },
        "region_unit_file_missing": {
            "no": "{path}: enhet {unit}: finner ikke enhetsfilen {file}",
            "en": "{path}: unit {unit}: unit file {file} not found",
        },
        "region_unit_id_mismatch": {
            "no": "{path}: enhet {unit}: enhetsfilen {file} har id «{found}»",
            "en": "{path}: unit {unit}: the unit file {file} has id '{found}'",
        },
        "region_unknown_group": {
            "no": "{path}: {where}: yrkesgruppen «{group}» finnes ikke i noen enhet",
            "en": "{path}: {where}: group '{group}' is in no unit",
        },
        "region_unknown_employee": {
            "no": "{path}: enhet {unit}: position_wishes nevner «{employee}», som ikke er ansatt der",
            "en": "{path}: unit {unit}: position_wishes names '{employee}', who is not employed there",
        },
        "region_shift_code": {
            "no": "{path}: enhet {unit}: vaktkoden «{code}» kan ikke inneholde punktum i en region",
            "en": "{path}: unit {unit}: shift code '{code}' may not contain a dot in a region",
        },
    }
)


@dataclass
class LoadedRegion:
    """The region file with every unit loaded, in the file's order."""

    region: RegionFile
    units: dict[str, Unit]
    path: Path


def region_from_text(text: str, source: str) -> RegionFile:
    if not text.strip():
        raise UserError.of("file_empty", path=source)
    data: Any = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise UserError.of("yaml_not_mapping", path=source)
    try:
        return RegionFile.model_validate(data)
    except ValidationError as exc:
        raise validation_messages(exc, source, compose_strict(text)) from None


def load_region(path: str | Path) -> LoadedRegion:
    """Load ``path`` and the unit files it names (paths relative to the region file)."""
    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UserError.of("unknown_format", path=str(path))
    region = region_from_text(read_text(path), str(path))
    units: dict[str, Unit] = {}
    problems: list[UserMessage] = []
    for ref in region.unit_refs():
        file = path.parent / ref.file
        if not file.is_file():
            problems.append(UserMessage("region_unit_file_missing", {"path": path, "unit": ref.id, "file": ref.file}))
            continue
        unit = load_unit(file)
        if unit.id != ref.id:
            problems.append(UserMessage("region_unit_id_mismatch",
                                        {"path": path, "unit": ref.id, "file": ref.file, "found": unit.id}))
            continue
        for shift in unit.shift_types:
            if "." in shift.code:
                problems.append(UserMessage("region_shift_code", {"path": path, "unit": ref.id, "code": shift.code}))
        staff = {e.id for e in unit.employees}
        for employee in ref.position_wishes:
            if employee not in staff:
                problems.append(
                    UserMessage("region_unknown_employee", {"path": path, "unit": ref.id, "employee": employee})
                )
        units[ref.id] = unit
    if not problems:
        groups = {g.id for u in units.values() for g in u.groups}
        for i, person in enumerate(region.pool.employees):
            if person.group not in groups:
                problems.append(UserMessage("region_unknown_group", {
                    "path": path, "where": f"pool.employees[{i}].group", "group": person.group}))
        for group in region.agency:
            if group not in groups:
                problems.append(UserMessage("region_unknown_group",
                                            {"path": path, "where": "agency", "group": group}))
    if problems:
        raise UserError(problems)
    return LoadedRegion(region=region, units=units, path=path)


def dump_region_yaml(region: RegionFile) -> str:
    data: dict[str, Any] = region.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": region.schema_version, **data}
    data["rules"] = region.rules.overrides()
    if not data["rules"]:
        del data["rules"]
    header = "# Regionfil for bemanning (region file): `bemanning region solve FIL --out MAPPE`.\n"
    return header + dump_yaml(data)
