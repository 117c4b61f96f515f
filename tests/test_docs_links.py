"""README and docs are true for a newcomer with only the repository (issue 26)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bemanning.cli.bench import default_data_dir

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "benchmarks").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_stays_in_the_repository_and_exists(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text, "a clone has no ../shared: copy what matters into docs/"
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        path = (page.parent / target).resolve()
        assert path.is_relative_to(ROOT), f"{page.name}: {target} points outside the repository"
        assert path.exists(), f"{page.name}: {target} does not exist"


def test_curtois_instances_ship_with_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEMANNING_CURTOIS_DIR", raising=False)
    folder = default_data_dir()
    assert folder.resolve().is_relative_to(ROOT)
    assert sorted(p.name for p in folder.glob("Instance*.txt")) == sorted(f"Instance{n}.txt" for n in range(1, 25))
    assert (folder / "best_known.csv").is_file() and (folder / "SOURCES.md").is_file()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Curtois" in readme and "Nottingham" in readme and "Licence" in readme


def test_readme_names_the_files_solve_writes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "turnus.csv" not in readme and "roster.csv" in readme
    assert "10 minutes" in readme


# e.g. /work/venv/bin/python or /home/kari/…: one machine's folders; `.venv/bin/python` or `make …` instead
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:work|home|root|opt|Users)/[\w./-]*")


def test_no_page_or_benchmark_names_a_path_of_one_machine() -> None:
    scripts = sorted((ROOT / "benchmarks").rglob("*.py"))
    offending = [
        f"{page.relative_to(ROOT)}:{number}: {match.group(0)}"
        for page in [*PAGES, *scripts]
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)
        for match in MACHINE_PATH.finditer(line)
    ]
    assert offending == []
