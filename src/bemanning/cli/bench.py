"""`bemanning bench curtois`: the product's roster engine (or the plain baseline) on the Curtois & Qu instances.

For each instance: solve, write ``DIR/Instance{N}.csv``, read that file back, recompute the
penalty with the independent checker and compare it with the solver's own value. A mismatch or
a broken hard constraint is an error: it is printed loudly and the command exits 1.
"""

from __future__ import annotations

import csv
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from bemanning.cli.checks import check_out_dir, positive_seconds
from bemanning.i18n import register as register_messages
from bemanning.i18n import t
from bemanning.io.errors import UserError

if TYPE_CHECKING:  # the engines (OR-Tools, numba) are imported when a run starts, not at start-up
    from bemanning.planning.benchmark.result import EngineResult, Progress

register_messages(
    {
        "bench_bad_instances": {
            "no": "Ugyldig instansliste «{spec}» (eksempel: 1-24 eller 1,3,5-7; tall fra 1 til 24)",
            "en": "Invalid instance list '{spec}' (example: 1-24 or 1,3,5-7; numbers 1 to 24)",
        },
        "bench_bad_engine": {
            "no": "Ukjent motor «{engine}» (product|plain)",
            "en": "Unknown engine '{engine}' (product|plain)",
        },
        "bench_no_data": {
            "no": "Finner ikke benchmark-mappen {path}: instansene ligger i repositoriet under "
            "benchmarks/data/curtois (bruk --data-dir eller BEMANNING_CURTOIS_DIR for en annen mappe)",
            "en": "Benchmark folder not found: {path}: the instances ship with the repository in "
            "benchmarks/data/curtois (use --data-dir or BEMANNING_CURTOIS_DIR for another folder)",
        },
        "bench_solving": {
            "no": "Løser {name} med {engine} ({limit} s) …",
            "en": "Solving {name} with {engine} ({limit} s) …",
        },
        "bench_mismatch": {
            "no": "FEIL {name}: løserens verdi {solver} ≠ kontrollert verdi {checked} fra {path}",
            "en": "ERROR {name}: solver value {solver} ≠ checked value {checked} from {path}",
        },
        "bench_violation": {
            "no": "FEIL {name}: løsningen bryter {count} harde krav, f.eks. {first}",
            "en": "ERROR {name}: the solution breaks {count} hard constraints, e.g. {first}",
        },
        "bench_failed": {
            "no": "{count} instans(er) feilet kontrollen; se over.",
            "en": "{count} instance(s) failed the check; see above.",
        },
        "bench_written": {"no": "Resultater: {path}", "en": "Results: {path}"},
    }
)

def _solve_product(*args: Any, **kwargs: Any) -> EngineResult:
    from bemanning.planning.benchmark.product import solve_product

    return solve_product(*args, **kwargs)


def _solve_plain(*args: Any, **kwargs: Any) -> EngineResult:
    from bemanning.planning.benchmark.plain import solve_plain

    return solve_plain(*args, **kwargs)


ENGINES = {"product": _solve_product, "plain": _solve_plain}
RESULT_COLUMNS = ["instance", "objective", "best_known", "gap_pct", "lower_bound", "seconds", "status"]
MISMATCH = "mismatch"
HARD_VIOLATION = "hard_violation"


def default_data_dir() -> Path:
    """``BEMANNING_CURTOIS_DIR``, else the instances that ship with the repository (``benchmarks/data/curtois``)."""
    env = os.environ.get("BEMANNING_CURTOIS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "benchmarks" / "data" / "curtois"


def parse_instances(spec: str) -> list[int]:
    out: list[int] = []
    try:
        for part in spec.split(","):
            first, _, last = part.strip().partition("-")
            low, high = int(first), int(last or first)
            if not 1 <= low <= high <= 24:
                raise ValueError(part)
            out.extend(n for n in range(low, high + 1) if n not in out)
    except ValueError:
        raise UserError.of("bench_bad_instances", spec=spec) from None
    return out


def read_best_known(data_dir: Path) -> dict[str, tuple[int | None, int | None]]:
    path = data_dir / "best_known.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["instance"]: (int(row["best_known_ub"]) if row["best_known_ub"] else None,
                                  int(row["best_lower_bound"]) if row["best_lower_bound"] else None)
                for row in csv.DictReader(handle)}


@dataclass
class BenchRow:
    instance: str
    objective: int | None
    best_known: int | None
    lower_bound: int | None
    seconds: float
    status: str
    error: str | None = None

    @property
    def gap_pct(self) -> float | None:
        if self.objective is None or not self.best_known:
            return None
        return 100.0 * (self.objective - self.best_known) / self.best_known

    def csv_row(self) -> list[str]:
        def text(value: object) -> str:
            return "" if value is None else str(value)

        gap = self.gap_pct
        return [self.instance, text(self.objective), text(self.best_known),
                "" if gap is None else f"{gap:.2f}", text(self.lower_bound), f"{self.seconds:.1f}", self.status]


def run_instance(path: Path, out: Path, engine: str, time_limit: float, seed: int,
                 best: dict[str, tuple[int | None, int | None]], progress: Progress | None = None) -> BenchRow:
    """Solve one instance, write its solution, and verify the written file with the checker."""
    from bemanning.io.curtois import read_curtois, read_solution, write_solution
    from bemanning.planning.benchmark.curtois_check import check_solution

    instance = read_curtois(path)
    started = time.monotonic()
    result: EngineResult = ENGINES[engine](instance, time_limit, seed=seed, progress=progress)
    seconds = time.monotonic() - started
    solution_path = out / f"{instance.name}.csv"
    write_solution(solution_path, result.assignments)
    best_known = best.get(instance.name, (None, None))[0]
    row = BenchRow(instance.name, result.objective, best_known, result.lower_bound, seconds, result.status)
    if not result.has_solution:
        return row
    check = check_solution(instance, read_solution(solution_path))
    if check.violations:
        first = check.violations[0]
        row.status = HARD_VIOLATION
        row.error = t("bench_violation", name=instance.name, count=len(check.violations),
                      first=f"{first.rule} {first.employee} {first.days}: {first.detail}")
    elif check.penalty != result.objective:
        row.status = MISMATCH
        row.error = t("bench_mismatch", name=instance.name, solver=result.objective, checked=check.penalty,
                      path=str(solution_path))
    return row


def write_results(path: Path, rows: list[BenchRow]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(RESULT_COLUMNS)
        for row in rows:
            writer.writerow(row.csv_row())


def register_commands(bench: typer.Typer, console: Console, err_console: Console) -> None:
    @bench.command("curtois")
    def curtois(
        instances: str = typer.Option("1-24", "--instances", help="Instanser, f.eks. 1-24 eller 1,3. / Instances."),
        time_limit: float = typer.Option(60.0, "--time-limit", callback=positive_seconds,
                                         help="Sekunder per instans. / Seconds per instance."),
        out: Path = typer.Option(Path("bench-out"), "--out", help="Mappe for løsninger. / Output folder."),
        engine: str = typer.Option("product", "--engine", help="Motor: product|plain. / Engine: product|plain."),
        data_dir: Path | None = typer.Option(None, "--data-dir", help="Mappe med Instance*.txt. / Instance folder."),
        seed: int = typer.Option(1, "--seed", help="Frø for løseren. / Solver seed."),
    ) -> None:
        """Kjør Curtois & Qu-instansene og kontroller hver løsning. / Run the Curtois & Qu benchmark."""
        if engine not in ENGINES:
            raise UserError.of("bench_bad_engine", engine=engine)
        numbers = parse_instances(instances)
        folder = data_dir or default_data_dir()
        if not folder.is_dir():
            raise UserError.of("bench_no_data", path=str(folder))
        check_out_dir(out)
        best = read_best_known(folder)
        out.mkdir(parents=True, exist_ok=True)
        from rich.table import Table

        rows: list[BenchRow] = []
        table = Table(title=f"Curtois & Qu — {engine}, {time_limit:g} s")
        for column in RESULT_COLUMNS:
            table.add_column(column, justify="left" if column in ("instance", "status") else "right")
        for n in numbers:
            name = f"Instance{n}"
            with console.status(t("bench_solving", name=name, engine=engine, limit=f"{time_limit:g}")) as status:
                def show(message: str, name: str = name) -> None:
                    status.update(f"{name}: {message}")

                row = run_instance(folder / f"{name}.txt", out, engine, time_limit, seed, best, progress=show)
            rows.append(row)
            write_results(out / "results.csv", rows)  # after every instance, so a long run can be watched
            console.print(" ".join(f"{c}={v}" for c, v in zip(RESULT_COLUMNS, row.csv_row(), strict=True)))
            if row.error:
                err_console.print(f"[bold red]{row.error}[/bold red]", highlight=False)
        for row in rows:
            table.add_row(*row.csv_row())
        console.print(table)
        console.print(t("bench_written", path=str(out / "results.csv")))
        failed = [row for row in rows if row.error]
        if failed:
            err_console.print(f"[bold red]{t('bench_failed', count=len(failed))}[/bold red]")
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    from bemanning.cli import console, err_console

    bench = typer.Typer(help="Måling mot offentlige benchmarker. / Benchmarks against public instances.",
                        no_args_is_help=True)
    register_commands(bench, console, err_console)
    app.add_typer(bench, name="bench")
