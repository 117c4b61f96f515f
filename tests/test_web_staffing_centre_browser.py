"""Browser end-to-end of the staffing-centre page: upload a solved region, place a pool employee, see a
placement refused with the rule across units, and a manager's agency approval with a reason."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from region_web_support import FREE, rest_breaking_pair, solved_region_folder, zip_folder
from test_web_browser import ARGS, CHROMIUM, SCREENSHOTS, _free_port
from web_support import PASSWORD, Client, make_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install chromium)"),
]
REGION = "helse-demo"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FastAPI, Path]]:
    import uvicorn

    folder = tmp_path_factory.mktemp("region")
    archive = folder / "region.zip"
    archive.write_bytes(zip_folder(solved_region_folder(str(folder / "solved"))))
    app = make_app(tmp_path_factory.mktemp("browser-centre"))
    port = _free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app, archive
    instance.should_exit = True
    thread.join(timeout=10)


def _login(page: Any, server: str, user: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _key(place: dict[str, Any]) -> str:
    return f"{place['unit_id']}|{place['date']}|{place['shift_code']}|{place['group']}"


def test_staffing_centre_upload_place_refuse_and_approve(served: tuple[str, FastAPI, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server, app, archive = served
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        _login(page, server, "bemanningssenter")
        expect(page).to_have_url(f"{server}/bemanningssenter")  # the centre's start page
        page.set_input_files("#import-region input[type=file]", str(archive))
        page.click("#import-region button[type=submit]")
        expect(page).to_have_url(f"{server}/bemanningssenter/{REGION}")
        expect(page.locator("#open-places")).to_be_visible()

        places = Client(app, "bemanningssenter").get(f"/api/regions/{REGION}/open-places").json()["places"]
        evening, morning = rest_breaking_pair(places)
        row = page.locator(f'tr[data-place="{_key(evening)}"]')
        row.locator("select").select_option(FREE)
        row.locator("button").click()
        expect(page.locator("p.ok")).to_contain_text("Plassert")
        expect(page.locator(f'#pool-calendar tr[data-employee="{FREE}"]')).to_contain_text(evening["unit_id"])

        row = page.locator(f'tr[data-place="{_key(morning)}"]')
        row.locator("select").select_option(FREE)
        row.locator("button").click()
        expect(page.locator("p.error").first).to_contain_text(f"{FREE} ville brutt en regel")
        expect(page.locator("p.error", has_text="Daglig hvile")).to_contain_text("AML §10-8(1)")
        page.screenshot(path=str(SCREENSHOTS / "staffing-centre.png"))
        page.locator("#pool-calendar").screenshot(path=str(SCREENSHOTS / "pool-calendar.png"))

        page.click("header form button[type=submit]")  # log out
        # The administrator makes the manager responsible for the intensive care unit (agency scope).
        _login(page, server, "admin")
        page.wait_for_url(lambda url: "/login" not in url)
        page.wait_for_load_state()
        page.goto(f"{server}/admin")
        scope = page.locator('tr[data-user="leder"] form.region-units')
        scope.locator("select").select_option(["int"])
        scope.locator("button").click()
        expect(page).to_have_url(f"{server}/admin?done=saved")
        page.click("header form button[type=submit]")  # log out
        _login(page, server, "leder")
        page.wait_for_url(lambda url: "/login" not in url)
        page.wait_for_load_state()
        page.goto(f"{server}/bemanningssenter/{REGION}")
        expect(page.locator("#agency-scope")).to_contain_text("ansvarlig for: int")
        assert {k.split("|")[0] for k in page.locator("section.assessment").evaluate_all(
            "els => els.map(e => e.dataset.assessment)")} == {"int"}
        page.goto(f"{server}/bemanningssenter/{REGION}?unit=int")
        section = page.locator("section.assessment").first
        expect(section).to_contain_text("Bemanningssenteret")
        section.locator("textarea[name=reason]").fill("Ingen intern løsning; innleie godkjent for natten.")
        section.locator("button[value=approved]").click()
        expect(page.locator("p.ok")).to_contain_text("revisjonsloggen")
        expect(page.locator("p.decision.approved").first).to_contain_text("Innleie godkjent av leder")
        page.locator("p.decision.approved").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "agency-approval.png"))
        browser.close()
