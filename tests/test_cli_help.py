"""`bemanning … --help`: whole sentences, nothing cut at 80 columns, the page in the user's language (issue 26)."""

from __future__ import annotations

from typing import Any

import pytest

from bemanning.cli import LAZY_COMMANDS, app, load_commands, main
from bemanning.cli.helptext import reflow


def every_command_line() -> list[list[str]]:
    """[] (the top level), each top-level command and each command of a group (`followup report`)."""
    import typer

    lines: list[list[str]] = [[]]
    top = typer.main.get_command(app)
    for name in [*getattr(top, "commands", {}), *LAZY_COMMANDS]:
        command = getattr(top, "commands", {}).get(name) or load_commands(LAZY_COMMANDS[name].module)[name]
        lines.append([name])
        lines += [[name, sub] for sub in getattr(command, "commands", {})]
    return lines


def help_page(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main([*args, "--help"])
    page = capsys.readouterr().out
    assert done.value.code == 0, page
    return page


def test_no_help_page_is_cut_at_80_columns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """rich cuts a word longer than its column with "…" (a list of column names written without spaces)."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("BEMANNING_LANG", "no")
    cut = [" ".join(args) for args in every_command_line() if "…" in help_page(args, capsys)]
    assert cut == []


def every_command() -> list[Any]:
    import typer

    top = typer.main.get_command(app)
    commands = [top, *getattr(top, "commands", {}).values()]
    for module in sorted({c.module for c in LAZY_COMMANDS.values()}):
        for command in load_commands(module).values():
            commands += [command, *getattr(command, "commands", {}).values()]
    return commands


def test_every_help_text_is_whole_sentences() -> None:
    """A docstring wrapped in the source shows as one paragraph, not cut where the source line ended."""
    for command in every_command():
        for paragraph in (command.help or "").split("\n\n"):
            assert "\n" not in paragraph, (command.name, paragraph)


def test_every_command_and_parameter_is_described_in_norwegian_and_english() -> None:
    """"Norsk tekst. / English text." for every command and every argument or option (README: help texts)."""
    for command in every_command():
        assert " / " in (command.help or ""), command.name
        for param in command.params:
            assert " / " in (getattr(param, "help", None) or ""), (command.name, param.name)


def test_reflow_joins_lines_keeps_paragraphs_and_click_blocks() -> None:
    wrapped = "Første linje.\n\n    Exit 0: lovlig; 4: ingen\n    turnus."
    assert reflow(wrapped) == "Første linje.\n\nExit 0: lovlig; 4: ingen turnus."
    assert reflow("Kort.\n\n\b\nlinje 1\nlinje 2") == "Kort.\n\n\b\nlinje 1\nlinje 2"
    assert reflow(None) is None


def test_help_page_in_the_users_language(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BEMANNING_LANG", "no")
    page = help_page(["solve"], capsys)
    assert "Bruk: bemanning solve" in page and "Argumenter" in page and "Valg" in page
    assert "Vis denne hjelpen og avslutt." in page
    page = help_page(["--lang", "en", "followup"], capsys)
    assert "Usage: bemanning followup" in page and "Options" in page and "Commands" in page
    page = help_page(["--lang", "no"], capsys)
    assert "Kommandoer" in page and "Bruk: bemanning" in page


def test_clicks_own_words_are_norwegian(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The words click and typer add around our texts ("[OPTIONS]", "[required]", "[default: …]",
    "COMMAND [ARGS]...") follow --lang: Norwegian by default, English with --lang en."""
    monkeypatch.setenv("BEMANNING_LANG", "no")
    page = help_page(["solve"], capsys)
    assert "Bruk: bemanning solve [VALG]" in page and "[påkrevd]" in page and "[standard: 0]" in page
    for english in ("[OPTIONS]", "[required]", "[default:"):
        assert english not in page, english
    page = help_page(["region"], capsys)
    assert "Bruk: bemanning region [VALG] KOMMANDO [ARGUMENTER]..." in page and "COMMAND" not in page
    with pytest.raises(SystemExit) as done:
        main(["solve"])  # a usage error shows the same usage line
    assert done.value.code == 2
    assert "Bruk: bemanning solve [VALG]" in capsys.readouterr().err
    page = help_page(["--lang", "en", "solve"], capsys)
    assert "Usage: bemanning solve [OPTIONS]" in page and "[required]" in page and "[default: 0]" in page
    assert "[påkrevd]" not in page and "[VALG]" not in page


def test_whole_number_defaults_show_without_decimals(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Work budgets and seconds are whole by nature: `[standard: 4]`, not `[standard: 4.0]`; the command still
    gets a float."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("BEMANNING_LANG", "no")
    repair = help_page(["repair"], capsys)
    assert "[standard: 4]" in repair and "[standard: 120]" in repair
    solve = help_page(["solve"], capsys)
    assert "[standard: 30]" in solve and "[standard: 600]" in solve
    for page in (repair, solve):
        assert ".0]" not in page
    command = load_commands(LAZY_COMMANDS["repair"].module)["repair"]
    ctx = command.make_context("repair", ["unit.yaml", "roster.csv", "--out", "ut"])
    assert ctx.params["work_limit"] == 4.0 and type(ctx.params["work_limit"]) is float
    assert type(ctx.params["time_limit"]) is float
