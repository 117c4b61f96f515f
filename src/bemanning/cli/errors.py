"""How the command line reports trouble: usage errors (exit 2), Ctrl-C (exit 130), internal errors (exit 1).

Typer 0.29 ships its own copy of click (``typer._click``), so ``import click`` gives a *different*
``ClickException`` class than the one typer raises. We find typer's classes through the public
``typer.BadParameter`` instead of importing either click, and translate them into one Norwegian (or
English) line that names the bad value, after the command's usage line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import platform
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

import typer

from bemanning.i18n import register as register_messages
from bemanning.i18n import t

register_messages(
    {
        "cli_usage": {"no": "Bruk", "en": "Usage"},
        "cli_usage_options": {"no": "[VALG]", "en": "[OPTIONS]"},
        "cli_usage_command": {"no": "KOMMANDO [ARGUMENTER]...", "en": "COMMAND [ARGS]..."},
        "cli_error": {"no": "Feil", "en": "Error"},
        "cli_help_hint": {"no": "Se «{command} --help» for hjelp.", "en": "See '{command} --help' for help."},
        "cli_missing_argument": {
            "no": "Mangler argumentet {name}",
            "en": "Missing argument {name}",
        },
        "cli_missing_option": {"no": "Mangler valget {name}", "en": "Missing option {name}"},
        "cli_unknown_option": {"no": "Ukjent valg «{name}»", "en": "Unknown option '{name}'"},
        "cli_unknown_command": {"no": "Ukjent kommando «{name}»", "en": "Unknown command '{name}'"},
        "cli_did_you_mean": {"no": " (mente du {names}?)", "en": " (did you mean {names}?)"},
        "cli_missing_command": {"no": "Mangler kommando", "en": "Missing command"},
        "cli_option_needs_value": {
            "no": "Valget {name} trenger en verdi",
            "en": "Option {name} needs a value",
        },
        "cli_extra_arguments": {
            "no": "For mange argumenter: {values}",
            "en": "Too many arguments: {values}",
        },
        "cli_bad_value": {
            "no": "Ugyldig verdi «{value}» for {name}: {problem}",
            "en": "Invalid value '{value}' for {name}: {problem}",
        },
        "cli_bad_param": {"no": "{name}: {problem}", "en": "{name}: {problem}"},
        "cli_bad_lang": {
            "no": "Ukjent språk «{value}» (bruk no eller en)",
            "en": "Unknown language '{value}' (use no or en)",
        },
        "cli_interrupted_saved": {
            "no": "Avbrutt. Lagret før avbruddet ({count} filer i {folder}):",
            "en": "Interrupted. Saved before the interruption ({count} files in {folder}):",
        },
        "cli_interrupted_nothing": {
            "no": "Avbrutt. Ingenting ble lagret.",
            "en": "Interrupted. Nothing was saved.",
        },
        "cli_interrupted_more": {"no": "  … og {count} til", "en": "  … and {count} more"},
        "cli_internal_error": {
            "no": "Intern feil ({kind}). Detaljer: {path}",
            "en": "Internal error ({kind}). Details: {path}",
        },
    }
)


def _exception_classes() -> dict[str, type[BaseException]]:
    """typer's click exception classes by name, found from the public ``typer.BadParameter``."""
    return {cls.__name__: cls for cls in typer.BadParameter.__mro__ if issubclass(cls, Exception)}


CLICK = _exception_classes()
ClickException: type[BaseException] = CLICK["ClickException"]
UsageError: type[BaseException] = CLICK["UsageError"]


def usage_error(message: str) -> BaseException:
    """A usage error with an already localised message; raised inside a command, click attaches the context."""
    return UsageError(message)  # type: ignore[call-arg]


def bad_option(name: str, key: str, /, **context: Any) -> typer.BadParameter:
    """A bad value for option ``name``: the command's usage and the message ``key`` are shown, exit 2."""
    return typer.BadParameter(t(key, **context), param_hint=name)


def _param_name(exc: Any) -> str:
    hint = getattr(exc, "param_hint", None)
    if isinstance(hint, str):
        return hint
    if hint:
        return " / ".join(hint)
    param = getattr(exc, "param", None)
    if param is None:
        return "?"
    if getattr(param, "param_type_name", "") == "argument":  # as in the usage line: {unit_file}
        name = getattr(param, "display_name_raw", None) or getattr(param, "human_readable_name", None) or param.name
        return f"{{{name}}}"
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(getattr(param, "opts", []))
    return opts[0] if opts else str(param.name)


def _validation_problem(cause: BaseException) -> tuple[object, str] | None:
    """(bad input, localised problem) from the pydantic error typer wraps into BadParameter."""
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    try:
        first = errors()[0]
    except Exception:
        return None
    kind = str(first.get("type", ""))
    context = {k: v for k, v in (first.get("ctx") or {}).items()}
    if "expected" in context:
        context["expected"] = str(context["expected"])
    from bemanning.i18n import has

    problem = t(kind, **context) if has(kind) else str(first.get("msg", kind))
    return first.get("input"), problem


_EXTRA_ARGS = re.compile(r"Got unexpected extra arguments? \((.*)\)")
_NO_SUCH_COMMAND = re.compile(r"No such command '(.*?)'")


def usage_message(exc: Any) -> str:
    """One localised line for a click usage error."""
    kind = type(exc).__name__
    message = str(getattr(exc, "message", "") or "")
    if kind == "MissingParameter":
        param = getattr(exc, "param", None)
        key = "cli_missing_argument" if getattr(param, "param_type_name", "") == "argument" else "cli_missing_option"
        return t(key, name=_param_name(exc))
    if kind == "NoSuchOption":
        text = t("cli_unknown_option", name=exc.option_name)
        if exc.possibilities:
            text += t("cli_did_you_mean", names=", ".join(sorted(exc.possibilities)))
        return text
    if kind == "BadOptionUsage":
        if "requires" in message:
            return t("cli_option_needs_value", name=exc.option_name)
        return message
    if kind == "BadParameter":
        cause = exc.__cause__
        found = _validation_problem(cause) if cause is not None else None
        if found is not None:
            value, problem = found
            return t("cli_bad_value", value=value, name=_param_name(exc), problem=problem)
        return t("cli_bad_param", name=_param_name(exc), problem=message)
    if kind == "NoArgsIsHelpError":
        return message
    if match := _EXTRA_ARGS.search(message):
        return t("cli_extra_arguments", values=match.group(1))
    if match := _NO_SUCH_COMMAND.search(message):
        return unknown_command_message(match.group(1), [])
    if message.startswith("Missing command"):
        return t("cli_missing_command")
    return message


def unknown_command_message(name: str, known: list[str]) -> str:
    text = t("cli_unknown_command", name=name)
    close = difflib.get_close_matches(name, known)
    if close:
        text += t("cli_did_you_mean", names=", ".join(close))
    return text


_resolved: list[tuple[Any, str, Any]] = []


def resolved_command(parent: Any, name: str | None, command: Any) -> None:
    """Remember the command being run: some parser errors (an option without its value) carry no context."""
    if name is not None and command is not None:
        _resolved.append((parent, name, command))


def forget_resolved() -> None:
    _resolved.clear()


def _context_for(exc: Any) -> Any:
    ctx = getattr(exc, "ctx", None)
    if ctx is None and _resolved:
        parent, name, command = _resolved[-1]
        try:
            ctx = command.make_context(name, [], parent=parent, resilient_parsing=True)
        except Exception:
            ctx = None
    return ctx


# click's own words in a usage line (``collect_usage_pieces``) and the message that replaces each
USAGE_WORDS = {"[OPTIONS]": "cli_usage_options", "COMMAND [ARGS]...": "cli_usage_command"}


def usage_pieces(command: Any, ctx: Any) -> str:
    """What follows the command in its usage line, in the current language: ``[VALG] {unit_file}``."""
    return " ".join(t(USAGE_WORDS[p]) if p in USAGE_WORDS else p for p in command.collect_usage_pieces(ctx))


def show_usage_error(exc: Any) -> None:
    """``Bruk: bemanning solve [VALG] {unit_file}`` + ``Feil: …`` + a help hint, on stderr."""
    ctx = _context_for(exc)
    if type(exc).__name__ == "NoArgsIsHelpError":
        print(exc.format_message(), file=sys.stderr)
        return
    lines = []
    if ctx is not None:
        pieces = usage_pieces(ctx.command, ctx)
        lines.append(f"{t('cli_usage')}: {ctx.command_path} {pieces}")
    lines.append(f"{t('cli_error')}: {usage_message(exc)}")
    if ctx is not None:
        lines.append(t("cli_help_hint", command=ctx.command_path))
    print("\n".join(lines), file=sys.stderr)


def out_folder_in(args: list[str]) -> Path | None:
    """The ``--out`` folder of a command line, if any."""
    for i, arg in enumerate(args):
        if arg == "--out" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--out="):
            return Path(arg.split("=", 1)[1])
    return None


def show_interrupted(args: list[str], started: float, limit: int = 10) -> None:
    """What Ctrl-C left behind: the files under ``--out`` written since the command started."""
    folder = out_folder_in(args)
    saved: list[Path] = []
    if folder is not None and folder.is_dir():
        saved = sorted(p for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime >= started - 1)
    if not saved:
        print(t("cli_interrupted_nothing"), file=sys.stderr)
        return
    print(t("cli_interrupted_saved", count=len(saved), folder=folder), file=sys.stderr)
    for path in saved[:limit]:
        print(f"  {path}", file=sys.stderr)
    if len(saved) > limit:
        print(t("cli_interrupted_more", count=len(saved) - limit), file=sys.stderr)


def log_dir() -> Path:
    """``BEMANNING_LOG_DIR``, else ``$XDG_CACHE_HOME/bemanning`` (``~/.cache/bemanning``)."""
    if env := os.environ.get("BEMANNING_LOG_DIR"):
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "bemanning"


def write_crash_log(exc: BaseException, command: list[str]) -> Path:
    """Write the traceback of an unexpected error to a log file and return its path.

    Only the stack (files, lines, functions), the exception type and the command *names* are written:
    exception messages and argument values can carry personal data (names, sick-leave dates).
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"feil-{stamp}-{os.getpid()}.log"
    stack = "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
    from bemanning import __version__

    text = (
        f"bemanning {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
        f"time: {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n"
        f"command: bemanning {' '.join(command)}\n"
        f"error: {type(exc).__module__}.{type(exc).__qualname__} (message left out: it may hold personal data)\n\n"
        f"Traceback (most recent call last):\n{stack}"
    )
    for folder in (log_dir(), Path(tempfile.gettempdir()) / "bemanning"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            return path
        except OSError:
            continue
    return Path(os.devnull)


def command_names(args: list[str], known: set[str]) -> list[str]:
    """The command words of a command line (no values: they may be personal data)."""
    return [a.split("=", 1)[0] for a in args if a in known or a.startswith("--")]
