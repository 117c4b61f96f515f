"""Shared base for domain types: strict about unknown keys, immutable-ish, comparable."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

# Identifiers users type in the unit file: short, no spaces, stable across files.
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-æøåÆØÅ]+$")
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class DomainModel(BaseModel):
    """Base of every domain type: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


def domain_error(error_code: str, message: str, /, **context: Any) -> PydanticCustomError:
    """A validation error with a stable code; i18n translates it by code (English text is the fallback)."""
    return PydanticCustomError(error_code, message, context)


def ensure_unique(items: list[Any], key: str, what: str) -> None:
    seen: set[Any] = set()
    for item in items:
        value = getattr(item, key)
        if value in seen:
            raise domain_error("duplicate_id", "duplicate {what} '{id}'", what=what, id=value)
        seen.add(value)
