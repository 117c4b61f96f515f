"""Browser end-to-end: Playwright drives Debian's Chromium against a live server on loopback."""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bemanning.demo import build_demo_unit
from web_support import OVERRIDE, PASSWORD, UNIT, Client, make_app, roster_id

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A test run writes its screenshots to a temporary folder; `make screenshots` renews docs/screenshots.
SCREENSHOTS = Path(os.environ.get("BEMANNING_SCREENSHOTS") or Path(tempfile.gettempdir()) / "bemanning-screenshots")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    app = make_app(tmp_path_factory.mktemp("browser"))
    # An illustrative pattern so the screenshots show a filled grid (test data, not a solver result).
    admin = Client(app, "admin")
    rid = roster_id(admin)
    staff = build_demo_unit().employees
    lines = ["employee_id,date,shift_code"]
    for i, employee in enumerate(staff):
        for day in range(14):
            if (day + i) % 7 < 5:
                date = f"2027-01-{4 + day:02d}"
                lines.append(f"{employee.id},{date},{'DDAAN'[(day + i) % 5]}")
    admin.post(
        f"/api/units/{UNIT}/rosters/{rid}/csv",
        files={"file": ("eksempel.csv", "\n".join(lines), "text/csv")},
        data={"version": "1"},
    )
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def test_login_grid_edit_and_download(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        page.goto(f"{server}/units")
        expect(page).to_have_url(f"{server}/login")
        page.screenshot(path=str(SCREENSHOTS / "login.png"))
        page.fill("input[name=username]", "planlegger")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("a.unit-link")).to_have_text("Medisinsk sengepost")
        page.screenshot(path=str(SCREENSHOTS / "units.png"))

        page.click("a.unit-link")
        expect(page.locator("#rules")).to_contain_text("AML §10-8(1)")
        page.screenshot(path=str(SCREENSHOTS / "unit-setup.png"), full_page=False)
        page.goto(f"{server}/units/{UNIT}/tasks")
        expect(page.locator("table.taskform")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "tasks.png"))

        page.goto(f"{server}/units/{UNIT}/rosters")
        page.click("a.roster-link")
        grid = page.locator("#roster-grid")
        expect(grid).to_be_visible()
        expect(page.locator("tr.coverage").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "roster-grid.png"))

        employee = build_demo_unit().employees[0].id
        cell = page.locator(f'td[data-employee="{employee}"][data-date="2027-01-16"]')
        version_before = page.locator("#version-label").inner_text()
        cell.click()
        select = page.locator(f'td[data-employee="{employee}"][data-date="2027-01-16"] select')
        expect(select).to_be_visible()
        select.select_option("N")
        saved = page.locator(f'td[data-employee="{employee}"][data-date="2027-01-16"]')
        expect(saved).to_have_text("N")
        expect(saved).to_have_class(re.compile(r"^cell we kind-night"))
        expect(page.locator("#version-label")).to_have_text(str(int(version_before) + 1))
        expect(page.locator("#flash")).to_contain_text("Lagret")
        page.screenshot(path=str(SCREENSHOTS / "roster-grid-edited.png"))

        with page.expect_download() as info:
            page.click("#download-csv")
        target = tmp_path / "turnus.csv"
        info.value.save_as(target)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("employee_id,date,shift_code,start,end")
        assert f"{employee},2027-01-16,N,2027-01-16T21:45,2027-01-17T07:15" in text

        # A day shift right after the night: too little rest, the cells light up with rule and reference.
        page.locator(f'td[data-employee="{employee}"][data-date="2027-01-17"]').click()
        page.locator(f'td[data-employee="{employee}"][data-date="2027-01-17"] select').select_option("D")
        flagged = page.locator(f'td[data-employee="{employee}"].viol-hard[title*="AML §10-8(1)"]')
        expect(flagged.first).to_be_visible()
        expect(page.locator("#compliance")).to_contain_text("AML §10-8(1)")
        expect(page.locator("tr.coverage td.short").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "roster-grid-violation.png"))

        with page.expect_download() as info:
            page.click("#download-xlsx")
        workbook = tmp_path / "turnus.xlsx"
        info.value.save_as(workbook)
        assert load_workbook(workbook)["Turnus"].max_row > 40

        # Lag turnus: one week, short time limit; the progress bar runs, then the comparison shows.
        page.goto(f"{server}/units/{UNIT}/rosters")
        page.fill("input[name=name]", "Uke 1")
        page.click("form.row button[type=submit]")
        page.select_option("#solve-form select[name=time_limit]", "10")
        page.evaluate(
            "() => { const f = document.getElementById('solve-form'); const w = document.createElement('input');"
            " w.type = 'hidden'; w.name = 'weeks'; w.value = '1'; f.appendChild(w); }"
        )
        page.click("#make-roster")
        expect(page.locator("#solve-progress")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "make-roster-progress.png"))
        expect(page.locator("#comparison")).to_be_visible(timeout=120_000)
        page.screenshot(path=str(SCREENSHOTS / "make-roster-done.png"))
        page.click("#open-new-roster")
        expect(page.locator("#roster-grid")).to_be_visible()

        page.goto(f"{server}/units/{UNIT}/requirement")
        expect(page.locator("#fte")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "requirement.png"))
        page.goto(f"{server}/units/{UNIT}/activity")
        expect(page.locator("#heat-map")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "activity-heat-map.png"))
        browser.close()


def test_followup_charts_and_sick_call_repair(server: str) -> None:
    """The manager's follow-up dashboard draws its plotly charts (served locally, allowed by the CSP);
    a sick call is repaired with the progress bar, the changes show, and a place gets fill suggestions."""
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        # No resource from outside the app, no failed script or style (a CSP block would show here).
        page.on("request", lambda r: errors.append(r.url) if not r.url.startswith(server) else None)
        page.on(
            "response",
            lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None,
        )
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{server}/login")
        page.fill("input[name=username]", "leder")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("a.unit-link")).to_be_visible()

        page.goto(f"{server}/followup")
        expect(page.locator("#followup-charts[data-drawn='1']")).to_be_attached(timeout=30_000)
        expect(page.locator("#chart-sykefravaer_pct .main-svg").first).to_be_visible()
        expect(page.locator("#sick-ranking tr.flagged").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "followup.png"), full_page=True)
        page.select_option("#followup-filters select[name=trust]", index=1)
        page.click("#followup-show")
        expect(page.locator("#followup-charts[data-drawn='1']")).to_be_attached(timeout=30_000)
        assert "trust=" in page.url

        page.goto(f"{server}/units/{UNIT}/sickcalls")
        page.fill("#sick-start", "2027-01-05")
        page.fill("#sick-end", "2027-01-06")
        page.fill("#repair-form input[name=time_limit]", "3")
        page.click("#run-repair")
        expect(page.locator("#job")).to_be_visible()
        expect(page.locator("#sick-changes")).to_be_visible(timeout=90_000)
        expect(page.locator("#sick-absent")).to_contain_text("Sykemeldt")
        page.screenshot(path=str(SCREENSHOTS / "sick-repair.png"), full_page=True)

        page.goto(f"{server}/units/{UNIT}/sickcalls")
        page.fill("#fill-form input[name=date]", "2027-01-05")
        page.select_option("#fill-form select[name=group]", "helsefagarbeider")
        page.click("#run-fill")
        expect(page.locator("#fill-explanations")).to_be_visible(timeout=60_000)
        page.screenshot(path=str(SCREENSHOTS / "fill-suggestions.png"), full_page=True)
        browser.close()
    assert not errors, errors


def test_run_scenarios_button_progress_and_charts(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """'Kjør scenarioene': the progress bar polls, the page reloads with the table and the charts.
    The chain is replaced by quick made-up rows (the real chain is tested in test_web_scenarios_job)."""
    from playwright.sync_api import expect, sync_playwright

    from bemanning.demo.scenarios import demo_scenarios
    from bemanning.model import Roster, StaffingRequirement
    from bemanning.runtime import scenario_pool
    from bemanning.web.scenarios import NUMBER_COLUMNS

    # Illustrative numbers for the screenshot (not a chain result), one row per scenario in order, one
    # value per comparison column (NUMBER_COLUMNS).
    example = [
        (31.2, 29.8, 12, 0, 1.5, 0.0, 84.1, 21_000_000, 450_000, 900_000, 22_350_000, 1400.0, 0, 14_200, 0),
        (29.9, 29.8, 6, 0, 1.5, 0.0, 84.1, 20_700_000, 350_000, 400_000, 21_450_000, 620.0, 0, 9_800, 0),
        (29.1, 29.8, 3, 0, 1.25, 0.3, 84.1, 20_500_000, 250_000, 150_000, 20_900_000, 230.0, 0, 7_400, 0),
        (29.9, 33.6, 1, 0, 1.5, 0.0, 100.0, 22_900_000, 100_000, 50_000, 23_050_000, 80.0, 0, 5_100, 0),
    ]
    names = [s.name for s in demo_scenarios().scenarios]
    calls: list[str] = []

    def quick_chain(unit, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(1.0)
        values = example[names.index(kwargs["scenario"])]
        calls.append(kwargs["scenario"])

        class Result:  # what the comparison reads of a chain result (planning.scenario_compare)
            scenario, seed, penalty = kwargs["scenario"], kwargs["seed"], kwargs["seed"]
            roster_status, capped, work_budget = "feasible", False, 5.0
            roster = Roster(unit_id=unit.id, start_date=unit.roster.start_date, days=7)
            requirement = StaffingRequirement(unit_id=unit.id)

            def row(self) -> dict[str, object]:
                spread = dict(zip(NUMBER_COLUMNS, values, strict=True))
                spread["uncovered_shifts"] = int(spread["uncovered_shifts"]) + self.seed  # a spread over the seeds
                return {"scenario": self.scenario, **spread}

        return Result()

    monkeypatch.setattr(scenario_pool, "run_chain", quick_chain)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{server}/login")
        page.fill("input[name=username]", "leder")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("a.unit-link")).to_be_visible()
        page.goto(f"{server}/units/{UNIT}/scenarios")
        page.select_option("#scenario-time-limit", "5")
        page.select_option("#scenario-seeds", "2")
        page.click("#scenario-run-button")
        expect(page.locator("#scenario-progress")).to_be_visible()
        # On a busy machine the job may wait for a worker a while ("Venter på tur …") before it runs.
        expect(page.locator("#scenario-run-status")).to_contain_text("av 8", timeout=60_000)
        page.screenshot(path=str(SCREENSHOTS / "scenarios-progress.png"))
        expect(page.locator("#scenario-charts[data-drawn='1']")).to_be_attached(timeout=30_000)
        # Every series of every chart is shown at first; a click on its legend entry hides it, another shows it.
        shown = "id => document.getElementById(id).data.map(s => s.visible === undefined || s.visible === true)"
        for chart, series in (("chart-fte", 2), ("chart-cost", 3), ("chart-quality", 2)):
            assert page.evaluate(shown, chart) == [True] * series, chart
        # (plotly waits out its double-click delay before it toggles; a stacked chart lists its legend bottom-up)
        hidden = "([id, n]) => document.getElementById(id).data.filter(s => s.visible === 'legendonly').length === n"
        legend = page.locator("#chart-cost .legend .traces .legendtoggle").first
        legend.click()
        page.wait_for_function(hidden, arg=["chart-cost", 1], timeout=5_000)
        page.wait_for_timeout(500)  # not taken as a double click (that would show only this series)
        legend.click()
        page.wait_for_function(hidden, arg=["chart-cost", 0], timeout=5_000)
        expect(page.locator("#scenario-table tbody tr")).to_have_count(4)
        expect(page.locator("#scenario-table")).to_contain_text("Heltid")
        expect(page.locator("#scenario-table")).to_contain_text("ingen sikker forskjell")
        assert "job=" not in page.url
        page.screenshot(path=str(SCREENSHOTS / "scenarios.png"), full_page=True)
        browser.close()


def test_admin_account_and_api_docs_pages(server: str) -> None:
    """User administration, the own sessions page and Swagger UI (from the package, under the CSP)."""
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
        page.goto(f"{server}/login")
        page.fill("input[name=username]", "ADMIN")  # user names are case-insensitive
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        # Let the landing page load first: going on while it loads aborts it (a failed request).
        page.wait_for_url(lambda url: "/login" not in url)
        page.wait_for_load_state()
        page.goto(f"{server}/admin")
        expect(page.locator("tr[data-user=planlegger]")).to_be_visible()
        page.fill("#create-user input[name=username]", "nina")
        page.select_option("#create-user select[name=role]", "planlegger")
        page.click("#create-user button[type=submit]")
        expect(page.locator("[data-notice]")).to_contain_text("Nytt passord for «nina»")
        page.screenshot(path=str(SCREENSHOTS / "admin-users.png"))
        page.goto(f"{server}/account")
        expect(page.get_by_text("denne økten")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "account-sessions.png"))
        page.goto(f"{server}/docs")
        expect(page.locator("#swagger-ui .info .title")).to_contain_text("Bemanning", timeout=30_000)
        expect(page.locator("#swagger-ui").get_by_text("/api/auth/sessions").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "api-docs.png"))
        browser.close()
    assert not problems, problems


def test_roster_list_integrations_and_the_employee_page(server: str) -> None:
    """The manager approves the demo roster; the roster list and the integrations page as the planner see
    it; the employee's own page shows only their shifts of the approved roster, in Norwegian."""
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)

        def login(username: str) -> Any:
            page = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nb-NO").new_page()
            page.goto(f"{server}/login")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            return page

        leader = login("leder")
        csrf = leader.request.get(f"{server}/api/auth/me").json()["csrf_token"]
        rosters = leader.request.get(f"{server}/api/units/{UNIT}/rosters").json()
        first = min(rosters, key=lambda r: r["id"])
        approved = leader.request.post(
            f"{server}/api/units/{UNIT}/rosters/{first['id']}/status",
            data={"version": first["version"], "status": "approved", "override_reason": OVERRIDE},
            headers={"X-CSRF-Token": csrf},
        )
        assert approved.ok, approved.text()

        planner = login("planlegger")
        planner.goto(f"{server}/units/{UNIT}/rosters")
        expect(planner.locator("a.roster-link").first).to_be_visible()
        planner.screenshot(path=str(SCREENSHOTS / "rosters.png"))
        planner.goto(f"{server}/units/{UNIT}/integrasjoner")
        planner.wait_for_load_state()
        planner.screenshot(path=str(SCREENSHOTS / "integrations.png"), full_page=True)

        employee = login("ansatt")
        employee.goto(f"{server}/me")
        expect(employee.locator("main table").first).to_be_visible()
        text = employee.locator("main").inner_text()
        assert "godkjent" in text and re.search(r"\b(ma|ti|on|to|fr|lø|sø)\. \d\d\.\d\d\.\d{4}\b", text), text[:400]
        employee.screenshot(path=str(SCREENSHOTS / "me.png"), full_page=True)
        browser.close()
