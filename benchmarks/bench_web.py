"""Load test: N concurrent users of mixed roles browse the demo unit's pages and API on loopback.

Starts `bemanning serve` in its own process (SQLite in a temporary folder), creates users of every
role, solves the demo unit's six-week roster with the real engine ('Lag turnus') and approves it,
logs every user in, then each user walks the pages and API reads of their role in a loop for a
bounded time and request count (employees also post a wish each round). Prints a markdown table of
p50/p95 latencies per request and per role. ``--solve-during`` keeps one more solve running while
the users browse.

    .venv/bin/python benchmarks/bench_web.py --users 20 --seconds 30 --think 1.0
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
from dataclasses import dataclass, field
from pathlib import Path

import httpx

UNIT = "med-sengepost"
PASSWORD = "bench-password-123"
# How 20 users split over the roles (repeated for other counts): planners and employees are most.
ROLE_MIX = ["planlegger", "ansatt", "leder", "tillitsvalgt", "planlegger", "ansatt"]


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
    for _ in range(600):
        try:
            if httpx.get(f"{base}/api/health").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return process, base, password


@dataclass
class User:
    name: str
    role: str
    client: httpx.AsyncClient
    csrf: str = ""
    paths: list[str] = field(default_factory=list)
    wish: dict[str, object] | None = None


async def login(client: httpx.AsyncClient, username: str, password: str) -> str:
    response = await client.post("/api/auth/login", json={"username": username, "password": password})
    response.raise_for_status()
    return str(response.json()["csrf_token"])


async def solve(admin: httpx.AsyncClient, csrf: str, roster_id: int, seconds: float) -> int:
    """'Lag turnus' on the roster; returns the id of the solved draft once the job is done."""
    started = await admin.post(
        f"/api/units/{UNIT}/jobs/roster_solve",
        json={"roster_id": roster_id, "time_limit": seconds},
        headers={"X-CSRF-Token": csrf},
    )
    started.raise_for_status()
    job_id = started.json()["id"]
    while True:
        job = (await admin.get(f"/api/jobs/{job_id}")).json()
        if job["status"] == "done":
            return int(job["result"]["roster_id"])
        if job["status"] not in ("queued", "running"):
            raise RuntimeError(f"solve ended {job['status']}: {job.get('error')}")
        await asyncio.sleep(1.0)


def role_paths(role: str, solved: int) -> list[str]:
    grid = [f"/units/{UNIT}/rosters/{solved}", f"/api/units/{UNIT}/rosters/{solved}"]
    if role in ("leder", "planlegger"):
        return [f"/units/{UNIT}/rosters", *grid, f"/api/units/{UNIT}/rosters/{solved}/compliance",
                f"/units/{UNIT}", f"/api/units/{UNIT}/wishes"]
    if role == "tillitsvalgt":
        return [f"/api/units/{UNIT}/rosters", grid[0], f"/api/units/{UNIT}/rosters/{solved}/compliance",
                f"/units/{UNIT}"]
    return ["/me", f"/api/units/{UNIT}/rosters", grid[1], f"/api/units/{UNIT}/wishes"]


async def user(
    person: User,
    deadline: float,
    max_requests: int,
    think: float,
    timings: dict[str, list[float]],
    by_role: dict[str, list[float]],
) -> None:
    if think:  # users arrive spread over one think time, not all on the first page in the same instant
        await asyncio.sleep(random.uniform(0, think))
    count = 0
    while time.perf_counter() < deadline and count < max_requests:
        steps: list[tuple[str, str]] = [("GET", p) for p in person.paths]
        if person.wish is not None:
            steps.append(("POST", f"/api/units/{UNIT}/wishes"))
        for method, path in steps:
            start = time.perf_counter()
            if method == "GET":
                response = await person.client.get(path)
            else:
                response = await person.client.post(path, json=person.wish, headers={"X-CSRF-Token": person.csrf})
            elapsed = (time.perf_counter() - start) * 1000
            response.raise_for_status()
            label = f"{method} {path}"
            timings.setdefault(label, []).append(elapsed)
            by_role.setdefault(person.role, []).append(elapsed)
            count += 1
            if think:
                await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def row(label: str, values: list[float]) -> str:
    return (f"| {label} | {len(values)} | {statistics.median(values):.0f} | {pct(values, 0.95):.0f} | "
            f"{max(values):.0f} |")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=400, help="per user")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a user's clicks (s)")
    parser.add_argument("--solve-seconds", type=float, default=20, help="time limit of the roster solve")
    parser.add_argument("--solve-during", action="store_true", help="one more solve runs while users browse")
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, base, admin_password = start_server(Path(folder), args.port)
        admin = httpx.AsyncClient(base_url=base, timeout=60)
        admin_csrf = await login(admin, "admin", admin_password)
        staff = [e["id"] for e in (await admin.get(f"/api/units/{UNIT}/staff")).json()]
        base_roster = (await admin.get(f"/api/units/{UNIT}/rosters")).json()[0]["id"]
        solve_started = time.perf_counter()
        solved = await solve(admin, admin_csrf, base_roster, args.solve_seconds)
        version = (await admin.get(f"/api/units/{UNIT}/rosters/{solved}")).json()["version"]
        # A short solve may leave places below the safe minimum: approval then needs a stated reason.
        approval = {"version": version, "status": "approved", "override_reason": "Lastmåling (benchmark)"}
        (await admin.post(f"/api/units/{UNIT}/rosters/{solved}/status", json=approval,
                          headers={"X-CSRF-Token": admin_csrf})).raise_for_status()
        grid = (await admin.get(f"/api/units/{UNIT}/rosters/{solved}")).json()
        print(f"solved grid: {len(staff)} staff x {grid['days']} days, {grid['shifts']} shifts "
              f"({time.perf_counter() - solve_started:.0f} s to solve and store)")

        people: list[User] = []
        for i in range(args.users):
            role = ROLE_MIX[i % len(ROLE_MIX)]
            name = f"{role}{i}"
            employee = staff[i % len(staff)] if role == "ansatt" else None
            body = {"username": name, "password": PASSWORD, "role": role, "employee_id": employee,
                    "unit_ids": [UNIT]}
            (await admin.post("/api/users", json=body, headers={"X-CSRF-Token": admin_csrf})).raise_for_status()
            person = User(name, role, httpx.AsyncClient(base_url=base, timeout=60), paths=role_paths(role, solved))
            if role == "ansatt":
                person.wish = {"day": i % 28, "shift": "N", "want": False}
            people.append(person)
        # Log in first (argon2 is slow by design); the measured phase is browsing only.
        for person in people:
            person.csrf = await login(person.client, person.name, PASSWORD)
        # Warm-up, not measured: the first grid read computes the staffing chain (seconds, cached per
        # unit version), as after every unit change in production.
        warm_started = time.perf_counter()
        for person in {p.role: p for p in people}.values():
            for path in person.paths:
                (await person.client.get(path)).raise_for_status()
        print(f"warm-up (one pass per role; the first grid read computes the staffing chain): "
              f"{time.perf_counter() - warm_started:.1f} s")
        background = None
        if args.solve_during:
            background = asyncio.create_task(solve(admin, admin_csrf, base_roster, args.seconds + 10))
            await asyncio.sleep(2.0)  # the solve is running when the users start
        timings: dict[str, list[float]] = {}
        by_role: dict[str, list[float]] = {}
        load_before = os.getloadavg()[0]
        deadline = time.perf_counter() + args.seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(user(p, deadline, args.max_requests, args.think, timings, by_role) for p in people)
        )
        wall = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        if background is not None:
            await background
        for person in people:
            await person.client.aclose()
        await admin.aclose()
        process.terminate()
        process.wait(timeout=30)
    total = sum(len(v) for v in timings.values())
    roles = [ROLE_MIX[i % len(ROLE_MIX)] for i in range(args.users)]
    mix = ", ".join(f"{roles.count(r)} {r}" for r in sorted(set(roles)))
    print(
        f"{args.users} concurrent users ({mix}), think time {args.think} s, "
        f"{'one solve running, ' if args.solve_during else ''}"
        f"{total} requests in {wall:.1f} s ({total / wall:.0f} req/s), "
        f"load average {load_before:.1f} -> {load_after:.1f}\n"
    )
    print("| request | n | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for label, values in sorted(timings.items()):
        print(row(label, values))
    for role, values in sorted(by_role.items()):
        print(row(f"*role {role}*", values))
    everything = [v for values in timings.values() for v in values]
    print(row("**all**", everything))


if __name__ == "__main__":
    asyncio.run(main())
