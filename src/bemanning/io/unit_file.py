"""Read and write the unit file (YAML), with messages that name file, line and path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bemanning.i18n import has, validation_key
from bemanning.model import Unit

from . import unit_format_messages  # noqa: F401  (registers the unit-format messages)
from .errors import UserError, UserMessage, require_file
from .yaml_safe import AliasError, DuplicateKeyError, compose_strict, dump_yaml, load_strict

MAX_FILE_BYTES = 5 * 1024 * 1024

UNIT_FILE_HEADER = """\
# Enhetsfil for bemanning (unit file). Rediger fritt; `bemanning valider FIL` sjekker den.
# Regelinnstillinger som ikke står her har standardverdier: `bemanning regler` viser alle med lovhenvisning.
"""


def read_text(path: Path) -> str:
    require_file(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UserError.of(
            "file_too_large", path=str(path), size=round(size / 1e6, 1), limit=MAX_FILE_BYTES // 1_000_000
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise UserError.of("file_not_text", path=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError.of("file_not_text", path=str(path)) from None


def parse_yaml(text: str, source: str) -> Any:
    try:
        return load_strict(text)
    except DuplicateKeyError as exc:
        raise UserError.of("yaml_duplicate_key", path=source, line=exc.line, key=exc.key) from None
    except AliasError:
        raise UserError.of("yaml_aliases", path=source) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise UserError.of(
            "yaml_syntax",
            path=source,
            line=(mark.line + 1) if mark else "?",
            column=(mark.column + 1) if mark else "?",
            problem=exc.problem or str(exc),
        ) from None
    except yaml.YAMLError as exc:
        raise UserError.of("yaml_syntax", path=source, line="?", column="?", problem=str(exc)) from None


def _line_of(root: Any, loc: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the YAML node at a pydantic error location, as deep as it resolves."""
    node, line = root, None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(part)), None)
            if match is None:
                key_match = next((k for k, _ in node.value if k.value == str(part)), None)
                return key_match.start_mark.line + 1 if key_match is not None else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _where(loc: tuple[Any, ...]) -> str:
    parts = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(enheten)"


def validation_messages(exc: ValidationError, source: str, root: Any = None) -> UserError:
    messages = []
    for error in exc.errors(include_url=False):
        # Drop pydantic's internal union/function segments from the location.
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
        ctx = dict(error.get("ctx") or {})
        code = validation_key(error["type"], ctx)
        key = code if has(code) else None
        message = UserMessage(key, ctx) if key else UserMessage(error["msg"], {})
        line = _line_of(root, loc) if root is not None else None
        where = _where(loc)
        if line is not None:
            where = f"{where} (linje/line {line})"
        messages.append(UserMessage("validation_item", {"where": where, "message": message}))
    return UserError(messages, header=UserMessage("validation_header", {"path": source, "count": len(messages)}))


def unit_from_data(data: Any, source: str, root: Any = None) -> Unit:
    if data is None:
        raise UserError.of("file_empty", path=source)
    if not isinstance(data, dict):
        raise UserError.of("yaml_not_mapping", path=source)
    try:
        return Unit.model_validate(data)
    except ValidationError as exc:
        raise validation_messages(exc, source, root) from None


def load_unit_yaml_text(text: str, source: str = "<unit>") -> Unit:
    if not text.strip():
        raise UserError.of("file_empty", path=source)
    data = parse_yaml(text, source)
    root = compose_strict(text) if isinstance(data, dict) else None
    return unit_from_data(data, source, root)


def load_unit(path: str | Path) -> Unit:
    """Load a unit from YAML (.yaml/.yml) or Excel (.xlsx)."""
    path = Path(path)
    if path.is_dir():
        require_file(path)
    if path.suffix.lower() == ".xlsx":
        from .unit_excel import read_unit_excel

        return read_unit_excel(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UserError.of("unknown_format", path=str(path))
    return load_unit_yaml_text(read_text(path), str(path))


def unit_to_data(unit: Unit) -> dict[str, Any]:
    """The unit as plain data for YAML/Excel: defaults left out, rules as overrides, times as HH:MM."""
    data: dict[str, Any] = unit.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": unit.schema_version, **data}
    data["rules"] = unit.rules.overrides()
    if not data["rules"]:
        del data["rules"]
    for shift in data.get("shift_types", []):
        for key in ("start", "end"):
            if isinstance(shift.get(key), str) and len(shift[key]) == 8 and shift[key].endswith(":00"):
                shift[key] = shift[key][:5]
    return data


def dump_unit_yaml(unit: Unit) -> str:
    return UNIT_FILE_HEADER + dump_yaml(unit_to_data(unit))


def save_unit(unit: Unit, path: str | Path) -> None:
    path = Path(path)
    if path.is_dir():
        require_file(path)
    if path.suffix.lower() == ".xlsx":
        from .unit_excel import write_unit_excel

        write_unit_excel(unit, path)
    else:
        path.write_text(dump_unit_yaml(unit), encoding="utf-8")
