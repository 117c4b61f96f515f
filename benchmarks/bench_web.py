"""Load test: N concurrent users browse the demo unit's pages and API on loopback.

Starts the app (SQLite in a temporary folder) under uvicorn in this process's background thread,
logs every user in, then each user walks the pages and API reads in a loop for a bounded time
and request count. Prints a markdown table of p50/p95 latencies.

    PYTHONPATH=src /work/venv/bin/python benchmarks/bench_web.py --users 20 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def start_server(folder: Path, port: int) -> tuple[subprocess.Popen[str], str, str]:
    """`bemanning serve` in its own process, as in production; returns the one-time admin password."""
    env = {**os.environ, "BEMANNING_DATA_DIR": str(folder), "PYTHONPATH": "src"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from bemanning.cli import main; main()", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    password = first.rsplit("«", 1)[1].split("»", 1)[0]
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/api/health").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return process, base, password


async def user(
    client: httpx.AsyncClient,
    paths: list[str],
    deadline: float,
    max_requests: int,
    think: float,
    timings: dict[str, list[float]],
) -> None:
    if think:  # users arrive spread over one think time, not all on the first page in the same instant
        await asyncio.sleep(random.uniform(0, think))
    if True:
        count = 0
        while time.perf_counter() < deadline and count < max_requests:
            for path in paths:
                start = time.perf_counter()
                response = await client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
                response.raise_for_status()
                timings.setdefault(path, []).append(elapsed)
                count += 1
                if think:
                    await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=400, help="per user")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a user's clicks (s)")
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, base, password = start_server(Path(folder), args.port)
        unit = "med-sengepost"
        clients = [httpx.AsyncClient(base_url=base, timeout=30) for _ in range(args.users)]
        # Log in first (argon2 is slow by design); the measured phase is browsing only.
        for client in clients:
            (
                await client.post("/api/auth/login", json={"username": "admin", "password": password})
            ).raise_for_status()
        roster = (await clients[0].get(f"/api/units/{unit}/rosters")).json()[0]["id"]
        paths = [
            f"/units/{unit}",
            f"/units/{unit}/tasks",
            f"/units/{unit}/rosters/{roster}",
            f"/api/units/{unit}",
            f"/api/units/{unit}/rules",
            f"/api/units/{unit}/rosters/{roster}",
            f"/api/units/{unit}/rosters/{roster}/csv",
        ]
        # Warm-up, not measured: the first grid read computes the staffing chain (seconds, cached per
        # unit version), as after every unit change in production.
        warm_started = time.perf_counter()
        for path in paths:
            (await clients[0].get(path)).raise_for_status()
        print(f"warm-up (one pass, first grid read computes the staffing chain): "
              f"{time.perf_counter() - warm_started:.1f} s")
        timings: dict[str, list[float]] = {}
        deadline = time.perf_counter() + args.seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(user(c, paths, deadline, args.max_requests, args.think, timings) for c in clients)
        )
        wall = time.perf_counter() - started
        for client in clients:
            await client.aclose()
        process.terminate()
        process.wait(timeout=10)
    total = sum(len(v) for v in timings.values())
    print(
        f"{args.users} concurrent users, think time {args.think} s, "
        f"{total} requests in {wall:.1f} s ({total / wall:.0f} req/s)\n"
    )
    print("| request | n | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for path, values in timings.items():
        print(
            f"| GET {path} | {len(values)} | {statistics.median(values):.0f} | {pct(values, 0.95):.0f} | "
            f"{max(values):.0f} |"
        )
    everything = [v for values in timings.values() for v in values]
    print(
        f"| **all** | {len(everything)} | {statistics.median(everything):.0f} | "
        f"{pct(everything, 0.95):.0f} | {max(everything):.0f} |"
    )


if __name__ == "__main__":
    asyncio.run(main())
