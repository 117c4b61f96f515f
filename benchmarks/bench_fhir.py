"""Import a DIPS-like FHIR Bundle of 5 000 appointments over 12 weeks (issue 29: ≤ 5 s).

Times, each the median of ``--repeat`` runs in one warm process (imports excluded):
- parse: JSON → validated R4 resources (fhir.resources) → activity per date/interval/kind;
- requirement: activity → requirement per date (the staffing step per distinct day);
- total: both, as `bemanning aktivitet importer` does them (plus reading the unit and writing two CSVs);
  also as CPU time of the process, which a loaded machine inflates far less than wall time.

Run: PYTHONPATH=src python benchmarks/bench_fhir.py [--appointments 5000] [--weeks 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from bemanning.demo import build_demo_unit
from bemanning.integrations.activity import parse_fhir_bundle
from bemanning.integrations.requirement import requirement_by_date, task_allocation
from bemanning.integrations.samples import sample_fhir_bundle

LIMIT_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appointments", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    unit = build_demo_unit()
    text = json.dumps(sample_fhir_bundle(unit, weeks=args.weeks, appointments=args.appointments))
    task_allocation(unit)  # warm: CP-SAT and holiday tables load once per process
    parse_times, requirement_times, total_times, cpu_times = [], [], [], []
    for _ in range(args.repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        activity = parse_fhir_bundle(text, unit, "bundle.json")
        t1 = time.perf_counter()
        rows = requirement_by_date(unit, activity)
        t2, c2 = time.perf_counter(), time.process_time()
        parse_times.append(t1 - t0)
        requirement_times.append(t2 - t1)
        total_times.append(t2 - t0)
        cpu_times.append(c2 - c0)
    total = statistics.median(total_times)
    print(f"bundle: {len(json.loads(text)['entry'])} resources, {args.appointments} appointments, "
          f"{args.weeks} weeks, {len(text) / 1e6:.1f} MB; {len(activity.dates)} dates, {len(rows)} requirement rows")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| step | median s | runs |")
    print("|---|---:|---:|")
    print(f"| parse + validate + activity | {statistics.median(parse_times):.2f} | {args.repeat} |")
    print(f"| requirement per date | {statistics.median(requirement_times):.2f} | {args.repeat} |")
    print(f"| total | {total:.2f} | {args.repeat} |")
    print(f"| total, CPU time of the process | {statistics.median(cpu_times):.2f} | {args.repeat} |")
    print(f"| limit (wall) | {LIMIT_SECONDS:.2f} | ratio total/limit {total / LIMIT_SECONDS:.2f} |")


if __name__ == "__main__":
    main()
