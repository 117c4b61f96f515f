"""The code table of the GAT adapters: which GAT code and column means what (YAML, Norwegian defaults).

GAT's file formats are not public; a hospital's GAT installation has its own codes. Every code
and every column name is therefore mappable here, and the defaults are those a Norwegian ward
commonly sees. A unit's own shift codes always map to themselves.

```yaml
kolonner:            # our field → the column name in the GAT file
  ansatt: ansattnr
  navn: navn
  dato: dato
  kode: kode
  fra: fra
  til: til
  timer: timer
  gruppe: gruppe
  kostnad: kostnad
vakter: {DAG: D}     # GAT code → the unit's shift code (added to the unit's own codes)
fravaer:             # GAT code → absence kind (sick, vacation, leave, course, other)
  SYK: sick
  EGM: sick
fri: [F1, F2, F3, F5, FRI, "-"]   # day off (and an empty cell)
overtid: [OT, OT50, OT100]        # time records: overtime
ekstravakt: [EV]                  # time records: extra shift beyond the position
innleie: [INNL]                   # time records: agency staff
langtidssyk: [SYKL]               # time records: long-term sick leave (else short-term)
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bemanning.io.errors import UserError
from bemanning.io.yaml_safe import load_strict
from bemanning.model.planning_settings import AbsenceKind

from .common import read_text

FIELDS = ("ansatt", "navn", "dato", "kode", "fra", "til", "timer", "gruppe", "kostnad")

DEFAULT_ABSENCES: dict[str, AbsenceKind] = {
    "SYK": AbsenceKind.SICK,  # sykefravær
    "EGM": AbsenceKind.SICK,  # egenmelding
    "SM": AbsenceKind.SICK,  # sykemelding
    "SYKL": AbsenceKind.SICK,  # langtids sykemelding
    "FER": AbsenceKind.VACATION,  # ferie
    "FE": AbsenceKind.VACATION,
    "PERM": AbsenceKind.LEAVE,  # permisjon
    "KURS": AbsenceKind.COURSE,
    "ANNET": AbsenceKind.OTHER,
}
@dataclass
class CodeTable:
    columns: dict[str, str] = field(default_factory=lambda: {f: f for f in FIELDS} | {"ansatt": "ansattnr"})
    shifts: dict[str, str] = field(default_factory=dict)
    absences: dict[str, AbsenceKind] = field(default_factory=lambda: dict(DEFAULT_ABSENCES))
    off: set[str] = field(default_factory=lambda: {"", "F1", "F2", "F3", "F5", "FRI", "-"})
    overtime: set[str] = field(default_factory=lambda: {"OT", "OT50", "OT100", "OVERTID"})
    extra: set[str] = field(default_factory=lambda: {"EV", "EKSTRA"})
    agency: set[str] = field(default_factory=lambda: {"INNL", "INNLEIE", "BYRA"})
    long_sick: set[str] = field(default_factory=lambda: {"SYKL"})

    def column(self, name: str) -> str:
        return self.columns[name].lower()

    def shift_of(self, code: str, unit_codes: set[str]) -> str | None:
        if code in unit_codes:
            return code
        return self.shifts.get(code)

    def absence_of(self, code: str) -> AbsenceKind | None:
        return self.absences.get(code.upper())

    def known(self, unit_codes: set[str]) -> str:
        codes = sorted(unit_codes | set(self.shifts) | set(self.absences) | (self.off - {""}))
        return ", ".join(codes)


def load_code_table(path: Path | None) -> CodeTable:
    """The default table, with the entries of the YAML file at ``path`` (if given) on top."""
    table = CodeTable()
    if path is None:
        return table
    source = str(path)
    try:
        data: Any = load_strict(read_text(path)) or {}
    except UserError:
        raise
    except Exception as exc:  # a YAML syntax error: name the file and the problem
        raise UserError.of("integ_bad_code_table", path=source, problem=str(exc).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise UserError.of("integ_bad_code_table", path=source, problem="not a mapping")
    known = {"kolonner", "vakter", "fravaer", "fri", "overtid", "ekstravakt", "innleie", "langtidssyk"}
    for key in data:
        if key not in known:
            raise UserError.of("integ_bad_code_table", path=source, problem=f"unknown key '{key}'")
    for name, column in (data.get("kolonner") or {}).items():
        if name not in FIELDS or not isinstance(column, str):
            raise UserError.of("integ_bad_code_table", path=source, problem=f"kolonner.{name}")
        table.columns[name] = column
    for code, shift in (data.get("vakter") or {}).items():
        table.shifts[str(code)] = str(shift)
    for code, kind in (data.get("fravaer") or {}).items():
        try:
            table.absences[str(code).upper()] = AbsenceKind(str(kind))
        except ValueError:
            raise UserError.of("integ_bad_code_table", path=source,
                               problem=f"fravaer.{code}: '{kind}' ({', '.join(k.value for k in AbsenceKind)})"
                               ) from None
    for key, attr in (("fri", "off"), ("overtid", "overtime"), ("ekstravakt", "extra"), ("innleie", "agency"),
                      ("langtidssyk", "long_sick")):
        if key in data:
            values = data[key] or []
            if not isinstance(values, list):
                raise UserError.of("integ_bad_code_table", path=source, problem=f"{key}: not a list")
            setattr(table, attr, {str(v).upper() for v in values} | ({""} if key == "fri" else set()))
    return table
