"""Errors an edge (CLI, web, import) shows to a user: localised, no traceback."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bemanning.i18n import t


@dataclass
class UserMessage:
    key: str
    context: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        context = {k: v.text(lang) if isinstance(v, UserMessage) else v for k, v in self.context.items()}
        return t(self.key, lang, **context)


class UserError(Exception):
    """Bad input from a user: carries localised messages; the CLI exits 2 and the web answers 4xx."""

    def __init__(self, messages: list[UserMessage], header: UserMessage | None = None):
        self.messages = messages
        self.header = header
        super().__init__(self.text("en"))

    @classmethod
    def of(cls, message_key: str, /, **context: Any) -> UserError:
        return cls([UserMessage(message_key, context)])

    def text(self, lang: str | None = None) -> str:
        lines = [self.header.text(lang)] if self.header else []
        lines += [m.text(lang) for m in self.messages]
        return "\n".join(lines)


def require_file(path: Path) -> None:
    """An input file must exist and be a file (a folder gets its own message, not "not found")."""
    if path.is_dir():
        raise UserError.of("file_is_directory", path=str(path))
    if not path.is_file():
        raise UserError.of("file_not_found", path=str(path))
