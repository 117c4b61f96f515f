"""`bemanning … --help` in the user's language, with whole sentences.

Typer 0.29 prints click's English words around our bilingual help texts ("Usage:", "Options", "Show this
message and exit.") and keeps the single line breaks of a docstring, so a sentence wrapped in the source
(lines ≤ 120 characters) is cut mid-line on the screen. ``localise`` fixes both for every command.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

from typer.core import TyperCommand, TyperGroup

from bemanning.cli.errors import usage_pieces
from bemanning.cli.startup import as_light_options, import_help_formatter
from bemanning.i18n import register, t

register(
    {
        "cli_help_arguments": {"no": "Argumenter", "en": "Arguments"},
        "cli_help_options": {"no": "Valg", "en": "Options"},
        "cli_help_commands": {"no": "Kommandoer", "en": "Commands"},
        # click's and typer's own words on a help page and in the usage line
        "cli_help_required": {"no": "[påkrevd]", "en": "[required]"},
        "cli_help_default": {"no": "[standard: {{}}]", "en": "[default: {{}}]"},
        "cli_help_envvar": {"no": "[miljøvariabel: {{}}]", "en": "[env var: {{}}]"},
        "cli_help_deprecated": {"no": "(utgår) ", "en": "(deprecated) "},
    }
)
# Bilingual like every other option's help (the language option may come after --help)
HELP_OPTION_HELP = "Vis denne hjelpen og avslutt. / Show this message and exit."


def reflow(text: str | None) -> str | None:
    """Join the lines of each paragraph; paragraphs (blank line between) stay, as do click's ``\\b`` blocks."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        p if p.startswith("\b") else " ".join(line.strip() for line in p.splitlines()) for p in paragraphs
    )


def prepare_help_formatter() -> None:
    """typer's help formatter (the light import), with panel titles in the current language and long words
    (a rule name, a list of column names) wrapped onto the next line instead of cut with "…"."""
    import_help_formatter()
    rich_utils = sys.modules["typer.rich_utils"]
    make_rich_text = getattr(rich_utils, "_make_rich_text", None)
    if make_rich_text is not None and not getattr(make_rich_text, "folds", False):
        rich_utils._make_rich_text = folding(make_rich_text)  # type: ignore[attr-defined]
    rich_utils.ARGUMENTS_PANEL_TITLE = t("cli_help_arguments")  # type: ignore[attr-defined]
    rich_utils.OPTIONS_PANEL_TITLE = t("cli_help_options")  # type: ignore[attr-defined]
    rich_utils.COMMANDS_PANEL_TITLE = t("cli_help_commands")  # type: ignore[attr-defined]
    # typer reads these module constants each time it writes an option's row
    rich_utils.REQUIRED_LONG_STRING = t("cli_help_required")  # type: ignore[attr-defined]
    rich_utils.DEFAULT_STRING = t("cli_help_default")  # type: ignore[attr-defined]
    rich_utils.ENVVAR_STRING = t("cli_help_envvar")  # type: ignore[attr-defined]
    rich_utils.DEPRECATED_STRING = t("cli_help_deprecated")  # type: ignore[attr-defined]


def localised_help_option(option: Any) -> Any:
    """``--help`` with a bilingual help text, read without pydantic (a group's unused --help: startup.py)."""
    if option is not None:
        option.help = HELP_OPTION_HELP
        as_light_options([option])
    return option


def write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    """``Bruk: bemanning solve [VALG] {unit_file}`` (``Usage: … [OPTIONS] …`` with ``--lang en``), as usage
    errors show it."""
    formatter.write_usage(ctx.command_path, usage_pieces(command, ctx), prefix=f"{t('cli_usage')}: ")


def folding(make_rich_text: Any) -> Any:
    """typer's ``_make_rich_text``, whose text folds a word too long for its column (rich would cut it)."""

    def make(*args: Any, **kwargs: Any) -> Any:
        text = make_rich_text(*args, **kwargs)
        if getattr(text, "overflow", "") is None:  # a rich Text that left it to the table: "…"
            text.overflow = "fold"
        return text

    make.folds = True  # type: ignore[attr-defined]
    return make


class LocalisedCommand(TyperCommand):
    """A typer command whose help page is localised (the groups: ``bemanning.cli.LocalisedGroup``)."""

    def get_help_option(self, ctx: Any) -> Any:
        return localised_help_option(super().get_help_option(ctx))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        prepare_help_formatter()
        super().format_help(ctx, formatter)


def whole_defaults(params: list[Any]) -> None:
    """A float option whose default is a whole number (a work budget, seconds) shows ``[standard: 4]``, not
    ``4.0``: its default becomes the int, which the option's float type turns back into 4.0 when it is used."""
    for param in params:
        default = getattr(param, "default", None)
        if type(default) is float and default.is_integer():
            param.default = int(default)


def localise(command: Any) -> Any:
    """``command`` and everything under it: whole-sentence help, localised help page, whole defaults without
    ".0". Returns ``command``."""
    if type(command) is TyperCommand:
        command.__class__ = LocalisedCommand
    command.help = reflow(command.help)
    whole_defaults(getattr(command, "params", []))
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            localise(sub)
    return command
