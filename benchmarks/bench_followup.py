"""Benchmark: `bemanning followup report --format parquet` against one hand-written polars query.

Usage:  .venv/bin/python benchmarks/bench_followup.py [--rows 10000000] [--runs 5] [--data DIR]

The data (a region of 4 trusts × 30 units, shifts over 2022–2024, written by the project's own
generator) is made once into DIR and not timed. Each repetition runs, one right after the other,
two cold processes on the same Parquet file:

- **command**: the whole `bemanning followup report --data DIR --out … --format parquet`
  (interpreter start, imports, validation with a rejected-rows report, unit × month base, roll-up to
  clinic/trust/region with 12-month trends and year-over-year, the sick-leave ranking, agency by
  profession, the last 12 months per trust, Parquet files);
- **query**: `python benchmarks/bench_followup.py --query DIR OUT`, one polars query written the way
  a polars user would write it (one group-by pass over the shifts by unit, month, hour type and
  profession, collected once; then on those sums: pivot; join the organisation;
  the four levels with the same KPI formulas, 12-month rolling sums and year-over-year change; agency
  by profession and the last 12 months per trust), written to Parquet. No validation, no ranking.

Reported: the median wall-clock time of each (and CPU time, user + sys, and the peak resident set
size of the process), the ratio of the medians
and the ratio in each repetition; the load average before and after. `--stages` adds one in-process
breakdown of the command's work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FTE_MONTH_HOURS = 1950 / 12  # the query hard-codes what the command reads from its settings


def hand_query(data: Path, out: Path) -> None:
    """The reference: one pass over the shifts, written plainly (Enum keys, `dt.truncate` for the month),
    then the KPIs on the small sums, as a polars user would write it."""
    import polars as pl

    org = pl.scan_csv(data / "organisasjon.csv")
    shifts = pl.scan_parquet(data / "vakter.parquet")
    absence = ["fravaer_korttid", "fravaer_langtid"]

    def hours(*types: str) -> pl.Expr:
        return pl.col("h").filter(pl.col("timetype").is_in(types)).sum()

    def cost(*types: str) -> pl.Expr:
        return pl.col("nok").filter(pl.col("timetype").is_in(types)).sum()

    by_type = (
        shifts.group_by("enhet_id", pl.col("dato").dt.truncate("1mo").alias("maned"), "timetype", "yrkesgruppe")
        .agg(
            pl.col("timer").cast(pl.Float64).sum().alias("h"),
            pl.col("kostnad_nok").cast(pl.Float64).sum().alias("nok"),
        )
        .with_columns(pl.col(c).cast(pl.String) for c in ("enhet_id", "timetype", "yrkesgruppe"))
        .join(org, on="enhet_id")
        .collect()  # the one pass over the shifts; everything below works on ~100 000 sums
        .lazy()
    )
    flows = ["ordinaer", "overtid", "ekstravakt", "fast", "variabel", "innleie_t", "innleie_nok", "kort", "lang"]
    base = by_type.group_by("region", "foretak", "klinikk", "enhet_id", "enhet", "maned").agg(
        hours("ordinaer", *absence).alias("ordinaer"),
        hours("overtid").alias("overtid"),
        hours("ekstravakt").alias("ekstravakt"),
        cost("ordinaer", *absence).alias("fast"),
        cost("overtid", "ekstravakt").alias("variabel"),
        hours("innleie").alias("innleie_t"),
        cost("innleie").alias("innleie_nok"),
        hours("fravaer_korttid").alias("kort"),
        hours("fravaer_langtid").alias("lang"),
    )
    gross = pl.col("ordinaer") + pl.col("overtid") + pl.col("ekstravakt")
    sick = pl.col("kort") + pl.col("lang")
    salary = pl.col("fast") + pl.col("variabel")

    def kpis(frame: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
        def rolled(expr: pl.Expr) -> pl.Expr:
            return expr.rolling_sum(12, min_samples=12).over(keys)

        monthly = frame.group_by(*keys, "maned").agg(pl.col(f).sum() for f in flows).sort(*keys, "maned")
        return monthly.with_columns(
            (gross / FTE_MONTH_HOURS).alias("brutto_manedsverk"),
            ((gross - sick) / FTE_MONTH_HOURS).alias("netto_manedsverk"),
            (pl.col("innleie_t") / FTE_MONTH_HOURS).alias("innleie_manedsverk"),
            (100 * pl.col("overtid") / gross).alias("overtid_andel_pct"),
            (100 * pl.col("variabel") / salary).alias("variabel_lonn_andel_pct"),
            (100 * sick / pl.col("ordinaer")).alias("sykefravaer_pct"),
            (100 * pl.col("kort") / pl.col("ordinaer")).alias("sykefravaer_korttid_pct"),
            (100 * pl.col("lang") / pl.col("ordinaer")).alias("sykefravaer_langtid_pct"),
            (100 * pl.col("innleie_nok") / salary).alias("innleie_av_lonn_pct"),
            rolled(pl.col("innleie_nok")).alias("innleie_nok_12m"),
            (rolled(gross) / FTE_MONTH_HOURS / 12).alias("brutto_manedsverk_12m"),
            (100 * rolled(pl.col("overtid")) / rolled(gross)).alias("overtid_andel_pct_12m"),
            (100 * rolled(sick) / rolled(pl.col("ordinaer"))).alias("sykefravaer_pct_12m"),
        ).with_columns(
            (pl.col(k) - pl.col(k).shift(12).over(keys)).alias(f"{k}_endring")
            for k in ("innleie_nok", "brutto_manedsverk", "overtid_andel_pct", "sykefravaer_pct")
        )

    levels = {
        "enhet": ["region", "foretak", "klinikk", "enhet_id", "enhet"],
        "klinikk": ["region", "foretak", "klinikk"],
        "foretak": ["region", "foretak"],
        "region": ["region"],
    }
    queries = {f"kpi_{name}_maned": kpis(base, keys) for name, keys in levels.items()}
    queries["innleie_yrkesgruppe"] = (
        by_type.filter(pl.col("timetype") == "innleie")
        .group_by("region", "foretak", pl.col("maned").dt.year().alias("ar"), "yrkesgruppe")
        .agg(
            pl.col("h").sum().alias("timer"),
            pl.col("nok").sum().alias("kostnad_nok"),
            pl.col("maned").n_unique(),
        )
        .with_columns((pl.col("timer") / (FTE_MONTH_HOURS * pl.col("maned"))).alias("arsverk"))
    )
    last = base.select(pl.col("maned").max()).collect().item()
    queries["siste_12_mnd_foretak"] = (
        base.filter(pl.col("maned") > pl.lit(last).dt.offset_by("-12mo"))
        .group_by("region", "foretak")
        .agg(pl.col(f).sum() for f in flows)
        .with_columns(
            (gross / FTE_MONTH_HOURS / 12).alias("brutto_manedsverk"),
            (100 * sick / pl.col("ordinaer")).alias("sykefravaer_pct"),
        )
    )
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in zip(queries, pl.collect_all(list(queries.values())), strict=True):
        frame.write_parquet(out / f"{name}.parquet")


def stages(data: Path) -> dict[str, float]:
    """One in-process run of the command's work, timed step by step."""
    started = time.perf_counter()
    from bemanning.followup.loading import load_followup
    from bemanning.followup.report import write_report
    from bemanning.followup.settings import FollowupSettings

    imported = time.perf_counter()
    settings = FollowupSettings()
    loaded = load_followup([data])
    validated = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        result = write_report(loaded, Path(out), settings, ("parquet",))
    done = time.perf_counter()
    return {
        "import (polars, follow-up, rule set)": imported - started,
        "load + validate + sum the shifts (one pass)": validated - imported,
        "KPIs, roll-up, trends, ranking, Parquet": done - validated,
        "parquet writing alone": result.seconds["parquet"],
    }


def ensure_data(data: Path, rows: int) -> float:
    target = data / "vakter.parquet"
    stamp = data / "rows.txt"
    if target.exists() and stamp.exists() and stamp.read_text() == str(rows):
        return 0.0
    from bemanning.followup.generate import RegionShape, generate_region, generate_shifts

    started = time.perf_counter()
    data.mkdir(parents=True, exist_ok=True)
    org = generate_region(RegionShape())["organisasjon"]
    org.write_csv(data / "organisasjon.csv")
    generate_shifts(rows, org, years=3).write_parquet(target)
    stamp.write_text(str(rows))
    return time.perf_counter() - started


def command_line(data: Path, out: Path, formats: str = "parquet") -> list[str]:
    script = Path(sys.executable).with_name("bemanning")
    entry = [str(script)] if script.exists() else [sys.executable, "-c", "from bemanning.cli import main; main()"]
    return [*entry, "followup", "report", "--data", str(data), "--out", str(out), "--format", formats]


def timed(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one cold process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{errors}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "bemanning-bench-followup")
    parser.add_argument("--stages", action="store_true", help="add an in-process breakdown of the command")
    parser.add_argument(
        "--all-formats", action="store_true", help="add one run of the default report (Excel + HTML + Parquet)"
    )
    parser.add_argument("--query", nargs=2, type=Path, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--stages-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.query:
        hand_query(*args.query)
        return
    if args.stages_child:
        print(json.dumps(stages(args.stages_child)))
        return
    generated = ensure_data(args.data, args.rows)
    size_mb = (args.data / "vakter.parquet").stat().st_size / 1e6
    work = Path(tempfile.mkdtemp(prefix="bench-followup-"))
    load_before = os.getloadavg()
    runs: list[dict[str, float]] = []
    try:
        for i in range(args.runs):
            command = timed(command_line(args.data, work / f"command{i}"))
            query = timed([sys.executable, __file__, "--query", str(args.data), str(work / f"query{i}")])
            runs.append(
                {
                    "command": command[0],
                    "command_cpu": command[1],
                    "command_mb": command[2],
                    "query": query[0],
                    "query_cpu": query[1],
                    "query_mb": query[2],
                }
            )
        every = timed(command_line(args.data, work / "every", "alle")) if args.all_formats else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    ratios = [r["command"] / r["query"] for r in runs]
    print(f"Shift rows: {args.rows:,} ({size_mb:.0f} MB Parquet); generated in {generated:.1f} s (0 = reused)")
    print(f"Load average (1/5/15 min) before: {'/'.join(f'{v:.1f}' for v in load_before)}, "
          f"after: {'/'.join(f'{v:.1f}' for v in load_after)}; {os.cpu_count()} cores\n")
    print(f"| cold process, median of {args.runs} | wall clock | CPU (user + sys) | peak RSS |")
    print("|---|---|---|---|")
    command, command_cpu, command_mb = median["command"], median["command_cpu"], median["command_mb"]
    print(f"| `bemanning followup report --format parquet` | {command:.2f} s | {command_cpu:.2f} s "
          f"| {command_mb:.0f} MB |")
    print(f"| hand-written polars query | {median['query']:.2f} s | {median['query_cpu']:.2f} s "
          f"| {median['query_mb']:.0f} MB |")
    print(f"| **ratio command / query (target ≤ 1.5)** | **{median['command'] / median['query']:.2f}** "
          f"| {median['command_cpu'] / median['query_cpu']:.2f} | |")
    if every is not None:
        print(f"| `bemanning followup report` (default: Excel + HTML + Parquet), one run | {every[0]:.2f} s "
              f"| {every[1]:.2f} s | {every[2]:.0f} MB |")
    print(f"\nRatio in each repetition: {', '.join(f'{r:.2f}' for r in ratios)}")
    if args.stages:
        child = [sys.executable, __file__, "--stages-child", str(args.data)]
        steps = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        print("\n| step of the command (a fresh process, one run) | wall clock |\n|---|---|")
        for name, seconds in steps.items():
            print(f"| {name} | {seconds:.2f} s |")
    print(json.dumps({"runs": runs}), file=sys.stderr)


if __name__ == "__main__":
    main()
