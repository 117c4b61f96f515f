"""Norwegian throughout: every page of a unit with a solved, approved roster, a sick-call repair and
the audit log, rendered as every role, shows no raw code, no English word of the engine or the log,
no decimal point and no number of five digits or more without a thousands separator.

The crawler starts from each role's landing page and follows every link a user can click (pages,
not downloads or the API); the pages that are reached only by a job or a form are added by hand."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi import FastAPI

from bemanning.model.enums import FrequencyBasis, ShiftKind, TaskCategory, TimeInterval, WorkArrangement
from web_support import OVERRIDE, ROLES, UNIT, Client, make_app, wait_for_job

# Raw codes and English words that must never reach a Norwegian reader (case-sensitive, whole words).
ENGLISH = [
    "True", "False", "None", "nan", "NaN", "null",
    "OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "optimal_found", "feasible", "infeasible", "unknown",
    "Good practice", "Local agreement", "unverified", "Planning convention", "Hospital average", "Typical",
    "job", "jobs", "roster", "rosters", "shift", "shifts", "employee", "employees", "draft", "approved",
    "archived", "queued", "running", "failed", "cancelled", "interrupted", "done", "Error", "error",
    "Traceback", "Internal Server Error", "Not Found", "changed", "nothing", "created", "updated",
    "deleted", "login", "logout", "seed", "solve", "demo unit", "generated region", "weekday", "weekend",
    "day off", "Monday", "Sunday", "hours", "per week", "patient", "care", "group", "groups", "unit",
    "units", "staff", "pool", "agency", "overtime", "cover", "penalty", "violations", "warning",
]
CODES = sorted(
    {m.value for enum in (FrequencyBasis, ShiftKind, TaskCategory, WorkArrangement) for m in enum if "_" in m.value}
    | {i.value for i in TimeInterval if "_" in i.value}
)
# Usernames and ids a page may show as they are (the test users; ids of the demo unit have no "_").
ALLOWED_SNAKE = {"leder_other"}
FORBIDDEN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")
SNAKE = re.compile(r"(?<![\w-])[a-z]+(?:_[a-z0-9]+)+(?![\w-])")
# 10 000 and more without a separator; a decimal point ("12.5", not a date "07.12.2026").
BIG = re.compile(r"(?<![\w.,:/\u202f\u00a0-])\d{5,}(?![\w])")
POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
SKIP = ("/api/", "/logout", "/lang/", "/assets/", "/static/", "/docs", "/openapi")


class _Visible(HTMLParser):
    """The text a reader sees: text nodes outside script/style/code, and tooltips and placeholders."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style", "code", "template"):
            self._hidden += 1
        for name in ("title", "placeholder", "aria-label", "data-confirm"):
            if values.get(name):
                self.parts.append(str(values[name]))
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def problems(html: str) -> list[str]:
    """What is wrong with a page's visible text (empty: nothing)."""
    body = html.split("<main", 1)[-1]
    parser = _Visible()
    parser.feed(body)
    found = []
    for text in parser.parts:
        for match in FORBIDDEN.finditer(text):
            found.append(f"English/raw word {match.group(0)!r} in {text[:90]!r}")
        for match in SNAKE.finditer(text):
            if match.group(0) not in ALLOWED_SNAKE:
                found.append(f"raw code {match.group(0)!r} in {text[:90]!r}")
        for code in CODES:
            if code in text:
                found.append(f"raw code {code!r} in {text[:90]!r}")
        for match in BIG.finditer(text):
            found.append(f"number without thousands separator {match.group(0)!r} in {text[:90]!r}")
        for match in POINT.finditer(text):
            found.append(f"decimal point {match.group(0)!r} in {text[:90]!r}")
    return found


def links(html: str, base: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    out = []
    for href in parser.links:
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        if any(parts.path.startswith(s) for s in SKIP) or re.search(r"\.(csv|xlsx|ics|json|pdf)$", parts.path):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out



def _wait(client: Client, job_id: str, timeout: float = 120) -> dict[str, Any]:
    return wait_for_job(client, job_id, timeout, poll=0.3)


@pytest.fixture(scope="module")
def unit_with_work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, list[str]]]:
    """The demo unit with a roster made by the engine (small work budget) and approved, a sick-call
    repair, a wish and some audit rows; returns the app and the pages reached only by a job or form."""
    app = make_app(Path(tmp_path_factory.mktemp("norwegian")))
    planner, leader = Client(app, "planlegger"), Client(app, "leder")
    base = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "Grunnlag"}).json()["id"]
    solve = planner.post(f"/api/units/{UNIT}/jobs/roster_solve",
                         json={"roster_id": base, "time_limit": 3, "weeks": 2})
    job = _wait(planner, solve.json()["id"])
    assert job["status"] == "done", job
    rid = job["result"]["roster_id"]
    roster = planner.get(f"/api/units/{UNIT}/rosters/{rid}").json()
    approved = leader.post(f"/api/units/{UNIT}/rosters/{rid}/status",
                          json={"version": roster["version"], "status": "approved", "override_reason": OVERRIDE})
    assert approved.status_code == 200, approved.text
    first = sorted(roster["assignments"], key=lambda a: (a["date"], a["employee_id"]))[0]
    end = (dt.date.fromisoformat(first["date"]) + dt.timedelta(days=1)).isoformat()
    repair = planner.post(f"/api/units/{UNIT}/rosters/{rid}/sick-repair",
                          json={"employee_id": first["employee_id"], "start": first["date"], "end": end,
                                "time_limit": 2})
    assert repair.status_code == 202, repair.text
    repaired = _wait(planner, repair.json()["id"])
    assert repaired["status"] == "done", repaired
    employee = Client(app, "ansatt")
    wish_date = (dt.date.fromisoformat(first["date"]) + dt.timedelta(days=3)).isoformat()
    employee.post("/me/wishes", data={"date": wish_date, "want": "0", "shift": "", "csrf_token": employee.csrf})
    extra = [
        f"/units/{UNIT}/jobs/{job['id']}",
        f"/units/{UNIT}/rosters/{rid}/compare?with={base}",
        f"/units/{UNIT}/sickcalls/jobs/{repaired['id']}",
        f"/units/{UNIT}/sickcalls/fill?roster={rid}&date={first['date']}&shift={first['shift_code']}&group=spl_sengepost",
        f"/units/{UNIT}/activity?day=saturday",
        f"/units/{UNIT}/rosters?archived=1",
        "/units/nope",
        f"/units/{UNIT}/jobs/ukjent-jobb",
    ]
    yield app, extra


def crawl(client: Client, extra: list[str], limit: int = 60) -> dict[str, str]:
    """Pages reached from the landing page by following links (one page per path pattern), plus ``extra``."""
    seen: dict[str, str] = {}
    patterns: set[str] = set()
    queue = ["/", *extra]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        # One page per pattern: ids become N, query values are dropped (one fill page, not 40).
        pattern = re.sub(r"/\d+(?=/|$)", "/N", path.split("?")[0]) + "?" + ",".join(
            sorted(re.findall(r"[?&]([^=&]+)=", path)))
        if path in seen or (pattern in patterns and path not in extra):
            continue
        patterns.add(pattern)
        response = client.get(path, follow_redirects=True)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        seen[path] = response.text
        queue += [link for link in links(response.text, str(response.url)) if link not in seen]
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_norwegian_for_every_role(unit_with_work: tuple[FastAPI, list[str]], role: str) -> None:
    app, extra = unit_with_work
    pages = crawl(Client(app, role), extra)
    assert len(pages) >= (2 if role in ("ansatt", "leder_other") else 8), sorted(pages)
    found: dict[str, str] = {}  # each problem once, with the first page it is on
    for path, html in pages.items():
        for wrong in problems(html):
            found.setdefault(wrong, path)
    assert not found, "\n".join(f"{path}: {wrong}" for wrong, path in found.items())


def test_the_checker_finds_what_it_should() -> None:
    """The page check itself: each kind of fault is found, Norwegian text passes."""
    assert problems("<main><p>tredelt turnus, 5\u202f970\u202f000 kr, 12,5 %, 07.12.2026 kl. 14:05</p></main>") == []
    assert problems("<main><p>tredelt turnus</p><code>three_shift 12345</code></main>") == []
    for bad in ("three_shift", "5970000", "12.5 t", "True", "Fant ikke job «x»", "status: FEASIBLE",
                "per patient_day", "Good practice"):
        assert problems(f"<main><p>{bad}</p></main>"), bad
    assert problems('<main><span title="weekly_rest">x</span></main>')


def test_missing_job_and_roster_are_named_in_norwegian(unit_with_work: tuple[FastAPI, list[str]]) -> None:
    app, _ = unit_with_work
    planner = Client(app, "planlegger")
    page = planner.get(f"/units/{UNIT}/jobs/ukjent-jobb")
    assert page.status_code == 404 and "Fant ikke jobben «ukjent-jobb»" in page.text, page.text[-400:]
    api = planner.get("/api/jobs/ukjent-jobb").json()
    assert api["messages"]["no"][0] == "Fant ikke jobben «ukjent-jobb»."
    assert api["detail"].startswith("Fant ikke jobben")
    assert api["messages"]["en"][0] == "The job 'ukjent-jobb' not found."
    roster = planner.get(f"/api/units/{UNIT}/rosters/999999").json()
    assert roster["messages"]["no"][0] == "Fant ikke turnusen «999999».", roster


def test_every_page_also_renders_in_english(unit_with_work: tuple[FastAPI, list[str]]) -> None:
    """The same filters format for English readers: every page the manager reaches answers in English."""
    app, extra = unit_with_work
    client = Client(app, "leder")
    pages = crawl(client, extra)
    client.get("/lang/en?next=/units")  # the reader's choice, kept in the session
    for path in pages:
        if path in ("/units/nope", f"/units/{UNIT}/jobs/ukjent-jobb"):
            continue
        response = client.get(path, follow_redirects=True)
        assert response.status_code in (200, 403, 404), (path, response.status_code)  # another user's job: 404
        assert '<html lang="en"' in response.text, path
    english = client.get(f"/units/{UNIT}/requirement").text
    assert re.search(r">\d+\.\d\d<", english) and "Helsefagarbeider" in english
