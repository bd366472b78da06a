"""The published site in a real browser: headless Chromium (Debian's package) driven by Playwright.

The site is made with `regiekaart publish`, unpacked under a sub-path of a local
web server, and opened over http and from disk. Screenshots go to
$TMPDIR/regiekaart-schermafdrukken/ (or REGIEKAART_SCHERMAFDRUKKEN), for a person to look at.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner
from playwright import sync_api as playwright

from generator.cli import main

from .conftest import ROOT, StandIns, seed_pdf_cache, small_project
from .test_regios import PERSOONLIJK, with_personal_data
from .test_serve import Served, serving
from .test_serve import wait_for as wait_until

# One worker runs these (pytest-xdist): they share one publication of the site.
pytestmark = pytest.mark.xdist_group("publiceren")



# Debian's chromium-headless-shell (scripts/testsysteem.sh): the engine of Chromium without
# its window, as Playwright itself uses for headless tests, at a third less CPU than the
# whole browser; REGIEKAART_CHROMIUM=/usr/bin/chromium runs the tests in that instead.
CHROMIUM = os.environ.get("REGIEKAART_CHROMIUM", "/usr/bin/chromium-headless-shell")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Java for one run of the checker over some sixty pages: without its optimising compiler
# (half the CPU time, the same messages); that compiler's smaller frames are what fit the
# default stack, so the stack is made larger (vnu asks for at least 512k).
VNU_JAVA = ["-Xss8m", "-XX:TieredStopAtLevel=1"]
# Screenshots for a person to look at: of the first screen, outside the repository; of
# the whole page when REGIEKAART_SCHERMAFDRUKKEN names a folder for them.
SHOTS = Path(os.environ.get("REGIEKAART_SCHERMAFDRUKKEN") or Path(tempfile.gettempdir()) / "regiekaart-schermafdrukken")
FULL_PAGE = bool(os.environ.get("REGIEKAART_SCHERMAFDRUKKEN"))
SUBPATH = "intranet/sociaal-domein/regiekaart"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# One page of each kind.
PAGES = {
    "start": "index.html",
    "gemeente": "gemeenten/etten-leur/index.html",
    "regiekaart": "regiekaart/index.html",
    "hoofdstuk": "handreiking/soorten-regie/index.html",
    "handreiking": "handreiking/index.html",
    "zoeken": "zoeken/index.html",
    "regio": "regios/groningen/index.html",
    "opschaalwijzer": "gemeenten/groningen/opschaalwijzer.html",
    "training": "training/casus/index.html",
    "invullen": "gemeenten/groningen/invullen.html",
    "nieuw": "invullen/index.html",
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory, published_project) -> Path:  # noqa: ANN001
    """`regiekaart publish` of the shipped project (conftest: the publish tests read the
    same one), unpacked under a sub-path."""
    (archive,) = (published_project.project / "build").glob("*.zip")
    root = tmp_path_factory.mktemp("webserver")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(root / SUBPATH)
    return root


@pytest.fixture(scope="session")
def html_check(published: Path) -> Iterator[tuple[list[str], subprocess.Popen[str]] | None]:
    """The Nu Html Checker on every page, started as soon as the site is there: it runs
    while the browser tests do, and test_every_page_is_valid_html reads its verdict."""
    java = shutil.which("java")
    if not (VNU.is_file() and java):
        yield None  # the test says what is missing
        return
    pages = sorted(str(p) for p in (published / SUBPATH).rglob("*.html"))
    proc = subprocess.Popen([java, *VNU_JAVA, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *pages], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield pages, proc
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


@pytest.fixture(scope="session")
def server(published: Path, html_check: object) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(published)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{SUBPATH}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def site_dir(published: Path) -> Path:
    return published / SUBPATH


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} ontbreekt; 'make test' installeert Debian's chromium-headless-shell"
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# A page has loaded when, after its load event, no request has been in flight for this
# long. Playwright's "networkidle" waits 500 ms; the site is static, served from this
# machine, and asks for nothing on a timer, so a shorter quiet time sees the same requests.
QUIET = 0.1


class Log:
    """Everything that went wrong while a page loaded, and the requests in flight."""

    def __init__(self, page: object, origin: str) -> None:
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.pending = 0
        self.last = time.monotonic()  # of the last request that started or ended
        self.page = page
        self.listeners = [
            ("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None),
            ("pageerror", lambda e: self.problems.append(f"script: {e}")),
            ("requestfailed", lambda r: (self.problems.append(f"request failed: {r.url} ({r.failure})"), self._ended())),
            ("requestfinished", lambda r: self._ended()),
            ("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None),
            ("request", lambda r: self._started(r.url)),
        ]
        for event, listener in self.listeners:
            page.on(event, listener)
        self.origin = origin

    def stop(self) -> None:
        """Stop listening (the page goes on to another test)."""
        for event, listener in self.listeners:
            self.page.remove_listener(event, listener)

    def _started(self, url: str) -> None:
        self.requests.append(url)
        self.pending += 1
        self.last = time.monotonic()

    def _ended(self) -> None:
        self.pending -= 1
        self.last = time.monotonic()

    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.origin) and not url.startswith("data:")]


def settle(page: object, log: Log) -> None:
    """Wait until no request has been in flight for QUIET seconds (see QUIET)."""
    deadline = time.monotonic() + 30
    while log.pending > 0 or time.monotonic() - log.last < QUIET:
        assert time.monotonic() < deadline, f"still loading after 30 s: {log.pending} requests in flight"
        page.wait_for_timeout(40)  # lets Playwright deliver the page's events


def axe(page: object) -> dict:
    """axe-core's WCAG A and AA rules on the page as it is now (axe injected once per
    document). Only violations come with their elements; the other results are counted
    (resultTypes), which spares Chromium a quarter of the work and the test the transfer."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG)


def open_page(browser: object, url: str, origin: str, **context: object) -> tuple[object, object, Log]:
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    log = Log(page, origin)
    page.goto(url, wait_until="load")
    settle(page, log)
    return ctx, page, log


@pytest.fixture(scope="module")
def tabs(browser: object) -> Iterator[dict[str, object]]:
    """One page for each set of context options, kept for the module: see ``look``."""
    made: dict[str, object] = {}
    yield made
    for page in made.values():
        page.context.close()


@pytest.fixture
def look(browser: object, tabs: dict[str, object]) -> Iterator[Callable[..., tuple[object, Log]]]:
    """``look(url, origin, **context)``: the page at ``url``, loaded, and what went wrong
    while it loaded; for tests that only look at a page (no typing, ticking or clicking).
    Such tests with the same context options share one page, which goes from one test's
    page to the next: for Chromium a new context costs more than the page load itself.
    Each test gets its own log, started after the previous test's page has gone."""
    logs: list[Log] = []

    def load(url: str, origin: str, **context: object) -> tuple[object, Log]:
        key = repr(sorted(context.items()))
        if key not in tabs:
            tabs[key] = browser.new_context(**context).new_page()
        page = tabs[key]
        page.goto("about:blank")  # what the page still asked for ends before this log begins
        logs.append(log := Log(page, origin))
        page.goto(url, wait_until="load")
        settle(page, log)
        return page, log

    yield load
    for log in logs:
        log.stop()


@pytest.mark.parametrize("kind", PAGES)
def test_pages_from_disk_without_errors(look: Callable[..., tuple[object, Log]], site_dir: Path, kind: str) -> None:
    url = (site_dir / PAGES[kind]).as_uri()
    page, log = look(url, site_dir.as_uri())
    assert log.problems == []
    assert log.outside() == []
    # the stylesheet applies (the header is coloured), so the assets were found
    assert page.eval_on_selector(".kop", "e => getComputedStyle(e).backgroundColor") == "rgb(21, 66, 115)"
    if kind == "zoeken":
        melding = page.locator("#vanaf-schijf")
        assert melding.is_visible()
        assert "alleen op de gepubliceerde site" in melding.inner_text()
        assert page.locator("#zoekterm").is_disabled()


def test_pdf_links_work_over_http(browser: object, server: str) -> None:
    ctx = browser.new_context()
    try:
        for path in ("gemeenten/etten-leur/regiekaart.pdf", "handreiking.pdf"):
            response = ctx.request.get(server + path)
            assert response.status == 200 and response.body()[:5] == b"%PDF-", path
    finally:
        ctx.close()


@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_wcag_a_or_aa_violations(look: Callable[..., tuple[object, Log]], server: str, kind: str) -> None:
    # axe is injected as an inline script, which the site's own policy forbids: only here is it bypassed
    url = server + PAGES[kind] + ("?q=Veilig+Thuis" if kind == "zoeken" else "")
    page, _ = look(url, server, bypass_csp=True)
    if kind == "zoeken":
        page.wait_for_selector(".zoekresultaat")
    result = axe(page)
    violations = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]]
    assert violations == []
    assert len(result["passes"]) > 10  # axe really ran


def test_axe_on_a_phone(browser: object, server: str) -> None:
    ctx, page, _ = open_page(browser, server + PAGES["gemeente"], server, bypass_csp=True, viewport={"width": 390, "height": 844})
    try:
        result = axe(page)
        assert [v["id"] for v in result["violations"]] == []
    finally:
        ctx.close()


def test_search_from_the_header_and_follow_a_result(browser: object, server: str) -> None:
    ctx, page, log = open_page(browser, server + PAGES["start"], server)
    try:
        page.fill("#zoekvak-term", "Veilig Thuis")
        page.press("#zoekvak-term", "Enter")
        page.wait_for_selector(".zoekresultaat a")
        assert page.url.startswith(server + "zoeken/index.html?q=Veilig+Thuis")
        assert "resultaten voor ‘Veilig Thuis’" in page.inner_text("#zoekstatus")
        marks = page.locator(".zoekresultaat mark").all_inner_texts()
        assert any(m.lower() in ("veilig", "thuis", "veilig thuis") for m in marks)
        link = page.locator(".zoekresultaat__kop a").first
        title = link.inner_text()
        link.focus()  # by keyboard
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        settle(page, log)
        assert page.url.startswith(server) and "zoeken" not in page.url
        assert title.endswith(page.locator("h1").inner_text())  # "Regiekaart Breda" for the page "Breda"
        assert "Veilig Thuis" in page.inner_text("main")
        assert log.problems == [] and log.outside() == []
    finally:
        ctx.close()


def test_search_finds_a_gemeente_by_its_own_words(browser: object, server: str) -> None:
    """Who holds procesregie in Etten-Leur: a word only that card has."""
    ctx, page, _ = open_page(browser, server + "zoeken/index.html?q=Surplus", server)
    try:
        page.wait_for_selector(".zoekresultaat a")
        titles = page.locator(".zoekresultaat__kop a").all_inner_texts()
        assert "Regiekaart Etten-Leur" in titles
        hrefs = page.locator(".zoekresultaat__kop a").evaluate_all("as => as.map(a => a.href)")
        assert all(h.startswith(server) for h in hrefs)
    finally:
        ctx.close()


def test_search_says_when_nothing_is_found(browser: object, server: str) -> None:
    ctx, page, _ = open_page(browser, server + "zoeken/index.html", server)
    try:
        page.fill("#zoekterm", "xylofoonquiz")
        page.press("#zoekterm", "Enter")
        page.locator("#zoekstatus", has_text="Niets gevonden").wait_for()
        assert page.locator(".zoekresultaat").count() == 0
    finally:
        ctx.close()


def search(page: object, url: str) -> list[dict[str, str]]:
    """Open the search page at ``url`` and show every result ("Toon meer" until it is gone):
    per result its title, kind line, excerpt and address."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => /voor \u2018|Niets gevonden/.test(document.getElementById('zoekstatus').textContent)")
    meer = page.locator("#zoekmeer")
    while meer.is_visible():
        before = page.locator(".zoekresultaat").count()
        meer.click()
        page.wait_for_function(f"() => document.querySelectorAll('.zoekresultaat').length > {before}")
    return page.locator(".zoekresultaat").evaluate_all(
        """items => items.map(li => ({title: li.querySelector('h2').textContent, soort: (li.querySelector('.zoekresultaat__soort') || {}).textContent || '',
                                      excerpt: li.querySelector('.zoekresultaat__uittreksel').textContent, href: li.querySelector('h2 a').href}))"""
    )


def test_search_shows_every_result_each_once(browser: object, server: str) -> None:
    """Issue 18: 'Veilig Thuis' said '20 resultaten' while there were more, and most of them
    were the same universal text, once per gemeente."""
    ctx, page, log = open_page(browser, server + "zoeken/index.html", server)
    try:
        results = search(page, server + "zoeken/index.html?q=Veilig+Thuis")
        n = int(page.inner_text("#zoekstatus").split()[0])
        assert n == len(results) > 20  # the true number, and all of them reachable
        titles = [r["title"] for r in results]
        assert len(set(titles)) == len(titles)
        # gemeenten whose own words name it (who inherit it are found on the universal card)
        for naam in ("Etten-Leur", "Oosterhout", "Groningen"):
            assert f"Regiekaart {naam}" in titles
        # a text that gemeenten inherit is found once, where it is written
        excerpts = [" ".join(r["excerpt"].split()) for r in results]
        assert len(set(excerpts)) == len(excerpts)
        universeel = [r["title"] for r in results if "melding bij Veilig Thuis, soms gevolgd door onderzoek" in r["excerpt"]]
        assert universeel and not any(t.startswith("Regiekaart ") for t in universeel)
        assert page.locator("#zoekmeer").is_hidden() and log.problems == []
    finally:
        ctx.close()


def test_search_for_a_word_finds_no_shorter_word(browser: object, server: str) -> None:
    """'huisverbod' found every card because of 'huis'; the one text about it, the
    training's casus, was not indexed."""
    ctx, page, _ = open_page(browser, server + "zoeken/index.html", server)
    try:
        results = search(page, server + "zoeken/index.html?q=huisverbod")
        assert any(r["href"].endswith("training/casus/index.html") and r["soort"].startswith("Training") for r in results)
        for r in results:
            assert "huisverbod" in r["excerpt"].lower(), r
        # a word of which the site only has a shorter one ("huis") finds nothing
        assert search(page, server + "zoeken/index.html?q=huisvredebreuk") == []
        assert "Niets gevonden" in page.inner_text("#zoekstatus")
    finally:
        ctx.close()


def test_search_narrows_by_kind_and_region_and_ranks_the_own_region_first(browser: object, server: str) -> None:
    ctx, page, _ = open_page(browser, server + "zoeken/index.html", server)
    try:
        alles = search(page, server + "zoeken/index.html?q=Veilig+Thuis")
        page.select_option("#zoeksoort", "training")
        training = search(page, page.url)  # the choice is kept in the address
        assert "soort=training" in page.url and 0 < len(training) < len(alles)
        assert all(r["soort"] == "Training" and "/training/" in r["href"] for r in training)
        assert "met deze keuze" in page.inner_text("#zoekstatus")
        page.select_option("#zoeksoort", "")
        page.select_option("#zoekregio", "Groningen")
        groningen = search(page, page.url)
        assert all("West-Brabant" not in r["soort"] for r in groningen)
        assert any("regio Groningen" in r["soort"] for r in groningen) and any(r["soort"] == "Handreiking" for r in groningen)
        assert len(groningen) < len(alles)
        # searched from a page of Groningen (the header's search box): its region before others
        page.goto(server + "gemeenten/groningen/index.html", wait_until="load")
        page.fill("#zoekvak-term", "Veilig Thuis")
        page.press("#zoekvak-term", "Enter")
        vanuit = search(page, page.url)
        assert "regio=Groningen" in page.url and len(vanuit) == len(alles)
        regios = ["groningen" if "Groningen" in r["soort"] else "ander" for r in vanuit if "regio" in r["soort"]]
        assert "ander" in regios and regios.index("ander") > max(i for i, r in enumerate(regios) if r == "groningen")
    finally:
        ctx.close()


def test_gemeente_card_on_the_first_screen(look: Callable[..., tuple[object, Log]], server: str) -> None:
    page, _ = look(server + "gemeenten/breda/index.html", server, viewport={"width": 1280, "height": 900})
    eerste_rij = page.locator(".kaart__tabel tbody tr").first
    assert eerste_rij.bounding_box()["y"] + 20 < 900
    # status, version, wijzer and print links sit in the band above it
    assert page.locator(".kaartband .knop").bounding_box()["y"] < 300
    # the example status is said once
    assert page.locator("main").inner_text().count("Voorbeeldinvulling") == 0 and page.locator(".markering").count() == 1


FOCUS_STYLE = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {tag: e.tagName, cls: e.className, text: (e.textContent || '').trim().slice(0, 40),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none', visible: r.width > 0 && r.height > 0,
          table: !!(e.querySelector && e.querySelector('table.kaart__tabel')) || !!e.closest('table.kaart__tabel')};
}"""


def test_keyboard_through_a_gemeente_page(browser: object, server: str) -> None:
    ctx, page, _ = open_page(browser, server + PAGES["gemeente"], server, viewport={"width": 1280, "height": 900})
    try:
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS_STYLE)
        assert "skiplink" in first["cls"] and first["text"] == "Direct naar de inhoud"
        assert page.locator(".skiplink").bounding_box()["y"] >= 0  # shown on screen when focused
        seen, reached_table = [], False
        for _ in range(200):
            state = page.evaluate(FOCUS_STYLE)
            seen.append(state)
            assert state["visible"] and (state["outline"] or state["shadow"]), f"focus not visible on {state}"
            reached_table = reached_table or state["table"]
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement === document.body"):
                break
        assert reached_table, "the card's table was never reached by keyboard"
        assert len(seen) > 10
        # the skip link really skips: Enter on it moves focus to the content
        page.goto(server + PAGES["gemeente"])
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "inhoud"
    finally:
        ctx.close()


OVERFLOW = """() => {
  const cut = [];
  for (const e of document.querySelectorAll('main *, header *')) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || e.closest('.visueel-verborgen')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > window.innerWidth + 1 && !e.closest('[role=region]')) cut.push(e.tagName + '.' + e.className + ' reaches ' + Math.round(r.right));
    if ((s.overflowX === 'hidden' || s.overflowX === 'clip') && e.scrollWidth > e.clientWidth + 1) cut.push(e.tagName + '.' + e.className + ' clips its text');
  }
  return {width: document.documentElement.scrollWidth, cut};
}"""


@pytest.mark.parametrize("kind", PAGES)
def test_pages_over_http_screenshots_and_phone_layout(look: Callable[..., tuple[object, Log]], server: str, kind: str) -> None:
    """Each kind of page over http, on a desktop and on a phone: one h1, no error in the
    console, no failed request, nothing from another host, no sideways scrolling or
    clipped text; a screenshot of each for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = server + PAGES[kind] + ("?q=Veilig+Thuis" if kind == "zoeken" else "")
    for name, viewport in (("bureau", {"width": 1280, "height": 900}), ("telefoon", {"width": 390, "height": 844})):
        page, log = look(url, server, viewport=viewport, device_scale_factor=1)
        if kind == "zoeken":
            page.wait_for_selector(".zoekresultaat")
            settle(page, log)  # the search's own requests
        assert page.locator("h1").count() == 1
        assert log.problems == [], name
        assert log.outside() == [], "requests to another host"
        page.screenshot(path=str(SHOTS / f"{kind}-{name}.png"), full_page=FULL_PAGE)
        layout = page.evaluate(OVERFLOW)
        assert layout["width"] <= viewport["width"], f"{name}: the page scrolls sideways ({layout['width']} px)"
        assert layout["cut"] == [], name
        if kind in ("gemeente", "regiekaart") and name == "telefoon":
            # on a phone the card is shown fase by fase, every field readable
            assert page.locator(".kaart__mobiel").is_visible() and not page.locator(".kaart__scroll").is_visible()
            assert page.locator(".kaart__mobiel .fasekaart").count() == 4


def test_opschaalwijzer_by_keyboard(browser: object, server: str) -> None:
    """Tick criteria with the keyboard: the summary names the highest fase they point to,
    with who holds the regie there; the same as the list below it says for that fase."""
    # bypass_csp: only for axe at the end, which is injected as an inline script
    ctx, page, log = open_page(browser, server + PAGES["opschaalwijzer"], server, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        uitkomst = page.locator("#wijzer-uitkomst")
        assert uitkomst.is_visible() and "fase 1" in uitkomst.inner_text()
        assert uitkomst.get_attribute("role") == "status"
        boxes = page.locator(".wijzer__criteria input[type=checkbox]")
        assert boxes.count() >= 10
        # every box has its criterion as its accessible name
        stagneert = page.get_by_role("checkbox", name="De hulp stagneert.")
        assert stagneert.count() == 1 and stagneert.get_attribute("value") == "3"
        # reach it by Tab and tick it with the space bar
        page.locator("#inhoud").focus()
        for _ in range(80):
            page.keyboard.press("Tab")
            if stagneert.evaluate("e => e === document.activeElement"):
                break
        assert stagneert.evaluate("e => e === document.activeElement"), "the checkbox was never reached by keyboard"
        page.keyboard.press("Space")
        assert stagneert.is_checked()
        tekst = " ".join(uitkomst.inner_text().split())
        assert "wijst naar fase 3: Er is (ook) onveiligheid" in tekst
        # the summary says what the list says under fase 3: casusregie, procesregie, tables
        for dd in page.locator("#fase-3 .wijzer__gegevens dd").all()[:3]:
            assert " ".join(dd.inner_text().split()) in tekst
        assert "Casusregisseur WIJ-team" in tekst and "Zorg- en Veiligheidsteam" in tekst
        # a criterion of a higher fase wins; unticking it goes back
        hoger = page.get_by_role("checkbox", name="Er dreigt maatschappelijke onrust.")
        hoger.check()
        assert "naar fase 3 en 4; de hoogste is fase 4: Er is of dreigt maatschappelijke onrust" in uitkomst.inner_text()
        assert page.locator("#fase-4.wijzer__fase--gekozen").count() == 1
        hoger.uncheck()
        assert "naar fase 3" in uitkomst.inner_text()
        # the contact in the summary leads to the wie-is-wie on the gemeente's page
        link = uitkomst.locator("a", has_text="Casusregisseur WIJ-team").first
        assert link.get_attribute("href").startswith("index.html#wie-")
        # clearing the ticks, by keyboard, leaves focus in the list
        wis = page.get_by_role("button", name="Alle vinkjes weghalen")
        wis.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('wijzer-uitkomst').textContent.includes('Nog niets aangevinkt')")
        assert page.locator(".wijzer__criteria input:checked").count() == 0 and not wis.is_visible()
        assert page.evaluate("document.activeElement.type") == "checkbox"
        # accessible with a result shown, too
        stagneert.check()
        result = axe(page)
        assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]] == []
        assert len(result["passes"]) > 10
        assert log.problems == []
    finally:
        ctx.close()


@pytest.mark.small_project(gemeenten=("groningen",))
def test_opschaalwijzer_copies_the_result_without_personal_data(browser: object, project: Path, cli) -> None:  # noqa: ANN001
    """The result for the case file: the ticked criteria, the fase, casusregie, procesregie,
    the tables and the contacts' roles; the intranet's names and numbers stay on the page."""
    with_personal_data(project)
    result = cli("build", "--project", project, "--intern", "--no-pdf", "-q")
    assert result.exit_code == 0, result.output
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(project / "build/intern")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    ctx, page, log = open_page(browser, origin + "/gemeenten/groningen/opschaalwijzer.html", origin)
    try:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        assert PERSOONLIJK["naam"] in page.inner_text("#fase-3")  # the intranet's page names the person
        assert page.locator("form").count() == 1  # only the search box in the header: the wijzer sends nothing
        page.get_by_role("checkbox", name="Er zijn huurachterstanden.").check()
        uitkomst = " ".join(page.inner_text("#wijzer-uitkomst").split())
        assert "wijst naar fase 3" in uitkomst and "signaal, geen oordeel" in uitkomst and "Advies of consult vragen kan altijd" in uitkomst
        page.get_by_role("button", name="Kopiëren").click()
        page.locator(".wijzer__gekopieerd", has_text="Gekopieerd").wait_for()
        tekst = page.evaluate("navigator.clipboard.readText()")
        for deel in ("Opschaalwijzer Groningen", "- Er zijn huurachterstanden. (fase 3)", "Wijst naar fase 3: Er is (ook) onveiligheid.", "Casusregie: ", "Procesregie: ", "Zorg- en Veiligheidsteam", "Casusregisseur WIJ-team"):
            assert deel in tekst, (deel, tekst)
        for value in PERSOONLIJK.values():
            assert value not in tekst
        assert page.get_by_role("button", name="Afdrukken").is_visible() and log.problems == []
    finally:
        ctx.close()
        httpd.shutdown()


def test_opschaalwijzer_without_javascript(browser: object, server: str) -> None:
    ctx, page, log = open_page(browser, server + PAGES["opschaalwijzer"], server, java_script_enabled=False)
    try:
        assert page.locator("input[type=checkbox]").count() == 0 and not page.locator("#wijzer-uitkomst").is_visible()
        assert not page.locator(".wijzer__js-uitleg").is_visible()
        for nummer in (2, 3, 4):
            fase = page.locator(f"#fase-{nummer}")
            assert fase.locator(".wijzer__criteria li").count() >= (1 if nummer == 2 else 3)
            assert "Casusregie" in fase.inner_text() and "Opschaaltafel" in fase.inner_text()
        assert log.problems == []
    finally:
        ctx.close()


def test_every_page_is_valid_html(site_dir: Path, html_check: tuple[list[str], subprocess.Popen[str]] | None) -> None:
    assert VNU.is_file(), "vnu.jar ontbreekt; 'make test' installeert het npm-pakket vnu-jar"
    java = shutil.which("java")
    assert java, "Java ontbreekt; 'make test' installeert het"
    assert html_check is not None
    pages, proc = html_check  # started by the fixture, on every page of the site
    assert pages == sorted(str(p) for p in site_dir.rglob("*.html"))
    assert len(pages) >= 29
    stdout, stderr = proc.communicate(timeout=300)
    messages = json.loads(stderr or stdout)["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == []


# --- `regiekaart serve`: the error page and the last good version ------------------------

# One error in one gemeente (at HER_LINE, column 11 of etten-leur.yaml), while the twenty
# example cards each give a warning about their own file.
HER_FILE = "gemeenten/etten-leur.yaml"
HER_LINE = "      2: [casusregie]"
HER_MISTAKE = "      2: [casusregi]"


def her_line_number(project: Path) -> int:
    return (project / HER_FILE).read_text(encoding="utf-8").split("\n").index(HER_MISTAKE) + 1


@pytest.fixture
def serve_with_error(project: Path, tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    """`regiekaart serve` of the shipped project, after one mistake in one gemeente."""
    with serving(project, tmp_path) as served:
        file = project / HER_FILE
        text = file.read_text(encoding="utf-8")
        assert text.count(HER_LINE) == 1
        file.write_text(text.replace(HER_LINE, HER_MISTAKE), encoding="utf-8")
        wait_until("the error page", lambda: served.get()[0] == 500)
        yield served, file


def _the_error_page(problem: str) -> bool:
    """The error page's own status (500), which the browser reports as a problem."""
    return problem.startswith("HTTP 500") or problem.endswith("status of 500 (Internal Server Error)")


def test_serve_error_page_shows_her_error_on_the_first_screen(browser: object, serve_with_error: tuple[Served, Path]) -> None:
    """Issue 15: the error page at 1280 × 900 shows her one error, her file and her line,
    above the fold, although 20 other gemeenten have warnings; those are folded away and
    look different. The page is serve's own: no policy of the site applies to it."""
    served, _ = serve_with_error
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = served.base + "gemeenten/etten-leur/index.html"
    ctx, page, log = open_page(browser, url, served.base, viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    try:
        page.screenshot(path=str(SHOTS / "serve-foutpagina.png"))
        assert page.locator("h1").inner_text() == f"Bouwen mislukt: 1 fout in {HER_FILE}"
        fout = page.locator(".fouten li")
        assert fout.count() == 1
        assert page.locator(".fouten h2").all_inner_texts() == [HER_FILE]
        assert f"regel {her_line_number(served.project)}, kolom 11" in fout.inner_text() and "'casusregi' is geen geldige keuze" in fout.inner_text()
        source = fout.locator("pre.bron")
        assert HER_MISTAKE.strip() in source.inner_text() and "^" in source.inner_text()
        assert source.locator("mark").inner_text() == "c"  # column 11: the character she has to look at
        box = fout.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 900, f"her error is not on the first screen: {box}"
        # the caret stands under the marked character
        mark, caret = source.locator("mark").bounding_box(), source.locator(".bron__dakje").bounding_box()
        assert abs(mark["x"] - caret["x"]) < 1
        # the warnings: folded, counted, not red
        details = page.locator("details.waarschuwingen")
        assert details.get_attribute("open") is None
        assert page.locator("details.waarschuwingen > summary").inner_text().startswith("20 waarschuwingen")
        assert not page.locator("li.waarschuwing").first.is_visible()
        page.locator("details.waarschuwingen > summary").click()
        assert page.locator("li.waarschuwing").first.is_visible()
        red = page.eval_on_selector("li.fout", "e => getComputedStyle(e).borderLeftColor")
        assert page.eval_on_selector("li.waarschuwing", "e => getComputedStyle(e).borderLeftColor") != red
        # her own file's warning comes first, one by one; the other 19 cards' are one line
        assert page.locator("details.waarschuwingen h2").first.inner_text() == HER_FILE
        assert page.locator("li.waarschuwing").count() == 2
        assert "19 bestanden" in page.locator("li.waarschuwing").nth(1).inner_text()
        page.locator("details.plaatsen summary").click()
        assert page.locator("details.plaatsen li").count() == 19
        page.screenshot(path=str(SHOTS / "serve-foutpagina-waarschuwingen.png"), full_page=True)
        result = axe(page)  # the page has no policy: no bypass needed
        assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]] == []
        # not under the site's policy: no policy at all, and nothing the browser refused
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 0
        response = ctx.request.get(url)
        assert response.status == 500 and "content-security-policy" not in response.headers
        assert [p for p in log.problems if not _the_error_page(p)] == [], log.problems
        assert log.outside() == []
    finally:
        ctx.close()
    # and the terminal said it in one line, in Dutch, without a line of livereload's
    lines = served.output().splitlines()
    assert any(line.endswith(f"1 fout in {HER_FILE}:{her_line_number(served.project)}:11 — zie {served.base}") for line in lines), lines
    assert all(re.match(r"\[\d\d:\d\d:\d\d\] ", line) for line in lines), lines


def test_serve_last_good_version_carries_a_banner(browser: object, serve_with_error: tuple[Served, Path]) -> None:
    """Issue 15: "Toon de laatste goede versie" showed the old page as if it were current.
    Now it carries a banner (under the page's own policy: no inline style or script), the
    pages it links to are old versions with the banner too, and the banner leads back."""
    served, file = serve_with_error
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = served.base + "gemeenten/etten-leur/index.html"
    ctx, page, log = open_page(browser, url, served.base, viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    try:
        with page.expect_navigation():
            page.get_by_role("link", name="Toon de laatste goede versie van deze pagina").click()
        settle(page, log)
        page.screenshot(path=str(SHOTS / "serve-laatste-versie.png"))
        banner = page.locator(".rk-laatste-versie")
        assert banner.is_visible() and banner.bounding_box()["y"] == 0
        text = " ".join(banner.inner_text().split())
        assert "oude versie" in text and "De site is niet bijgewerkt" in text and "1 fout" in text
        assert re.search(r"gebouwd vandaag om \d\d:\d\d", text), text
        # its own stylesheet applied, and the site's: the policy let both in
        assert page.eval_on_selector(".rk-laatste-versie", "e => getComputedStyle(e).borderBottomColor") == "rgb(179, 38, 30)"
        assert page.eval_on_selector(".kop", "e => getComputedStyle(e).backgroundColor") == "rgb(21, 66, 115)"
        assert page.locator("h1").inner_text().endswith("Etten-Leur")
        assert [p for p in log.problems if not _the_error_page(p)] == [], log.problems  # no policy violation
        # a link on that page leads to the last good version of the next page
        with page.expect_navigation():
            page.locator(".kop__merk").click()
        settle(page, log)
        assert page.locator(".rk-laatste-versie").is_visible() and page.locator(".kop").is_visible()
        # and the banner leads back to the errors
        with page.expect_navigation():
            page.get_by_role("link", name="Terug naar de meldingen").click()
        assert page.locator("h1").inner_text().startswith("Bouwen mislukt")
        # fixed: the page reloads by itself, as the current site, without a banner
        file.write_text(file.read_text(encoding="utf-8").replace(HER_MISTAKE, HER_LINE), encoding="utf-8")
        page.wait_for_function("() => !document.title.startsWith('Bouwen mislukt')", timeout=30_000)
        page.wait_for_load_state("load")
        assert page.locator(".kop").is_visible() and page.locator(".rk-laatste-versie").count() == 0
    finally:
        ctx.close()
    # a browser was connected and reloaded: still only regiekaart's own lines (livereload
    # logs "Browser Connected" and "Reload 1 waiters" in English)
    lines = served.output().splitlines()
    assert re.search(r"\] Weer in orde\. Gebouwd in \d+,\d s: de site bleef gelijk\.$", lines[-1]), lines  # as it was before the mistake
    assert all(re.match(r"\[\d\d:\d\d:\d\d\] ", line) for line in lines), lines


# --- the invulformulier (generator/formulier.py, assets/js/invullen.js) --------------------
#
# A policy officer with only a browser: open her gemeente's form, change what she wants,
# download the file. The coordinator puts it over gemeenten/<slug>.yaml; here that is a
# copy of the project (small_project), checked and compared with the original card.


def _form(browser: object, server: str, path: str, **context: object) -> tuple[object, object, Log]:
    return open_page(browser, server + path, server, viewport={"width": 1280, "height": 900}, accept_downloads=True, **context)


def _download(page: object, log: Log) -> str:
    try:
        with page.expect_download(timeout=10_000) as info:
            page.locator("#downloaden").click()
        download = info.value
    except playwright.TimeoutError as e:
        raise AssertionError(f"no download: {log.problems}") from e
    assert download.suggested_filename.endswith(".yaml")
    return Path(download.path()).read_text(encoding="utf-8")


def _taken_in(tmp_path: Path, slug: str, text: str | None) -> tuple[Path, object, list[tuple[str, str, str]]]:
    """A small copy of the project with ``text`` (the downloaded file; None: as shipped)
    taken in as the coordinator does, by `regiekaart import`: the project, the gemeente
    as loaded, and what `check` says of its file. A file with an error is refused and
    changes nothing; then it is put in place by hand, to read what `check` says of it."""
    from generator.assemble import load_project

    project = small_project(tmp_path / ("na" if text is not None else "voor"), gemeenten=(slug,))
    if text is not None:
        file = tmp_path / "Downloads" / f"{slug}.yaml"
        file.parent.mkdir(exist_ok=True)
        file.write_text(text, encoding="utf-8")
        target = project / "gemeenten" / f"{slug}.yaml"
        before = target.read_bytes()
        result = CliRunner().invoke(main, ["import", "--project", str(project), "--ja", str(file)])
        assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
        if result.exit_code == 0:
            assert target.read_bytes() == file.read_bytes(), result.output  # byte for byte what she downloaded
        else:
            assert target.read_bytes() == before and "niet ingelezen door een fout" in result.output
            target.write_bytes(file.read_bytes())
    loaded = load_project(project, only=[slug])
    assert loaded.project is not None, [p.message for p in loaded.problems]
    (gemeente,) = loaded.project.gemeenten
    problems = [("error" if p.is_error else "warning", p.code, p.message) for p in loaded.problems if p.pos.path == f"gemeenten/{slug}.yaml"]
    return project, gemeente, problems


def _kaart(g: object) -> dict[str, object]:
    """The cascaded card of a gemeente and everything its file adds, for comparing."""
    return {
        "naam": g.naam, "status": g.status, "regio": g.regio_slug, "versie": g.versie, "papier": g.papierformaat,
        "vastgesteld": g.vastgesteld, "herzien_voor": g.herzien_voor, "toelichting": g.toelichting,
        "fasen": [
            (f.nummer, f.naam, f.omschrijving, [(c.veld, c.status, c.tekst) for c in f.cellen],
             [(c.tekst, c.nb, c.laag) for c in f.opschalen], [(c.tekst, c.nb, c.laag) for c in f.afschalen])
            for f in g.kaart.fasen
        ],
        "werkafspraken": [(w.value, w.laag) for w in g.kaart.werkafspraken],
        "tafels": [(t.sleutel, t.naam, t.organisatie, t.omschrijving, t.criteria, t.aanmelden, t.fasen) for t in g.opschaaltafels],
        "wie": [(c.rol, c.organisatie, c.wijk, c.expertise, c.bereikbaar, c.vervanging, c.op_de_kaart) for c in g.wie_is_wie],
    }


@pytest.mark.parametrize("slug", ["groningen", "breda", "etten-leur"])
def test_form_round_trip_changes_nothing(browser: object, server: str, tmp_path: Path, slug: str) -> None:
    ctx, page, log = _form(browser, server, f"gemeenten/{slug}/invullen.html")
    try:
        assert page.locator("#invulformulier").is_visible() and not page.locator("#zonder-script").is_visible()
        page.locator("#wijziging").fill("Nagekeken; niets veranderd.")
        text = _download(page, log)
        assert log.problems == [] and log.outside() == []
    finally:
        ctx.close()
    _, voor, voor_problemen = _taken_in(tmp_path, slug, None)
    _, na, na_problemen = _taken_in(tmp_path, slug, text)
    assert _kaart(na) == _kaart(voor)
    assert na_problemen == voor_problemen  # `check` reports nothing new
    assert [(w.versie, w.wijziging) for w in na.wijzigingen[1:]] == [(w.versie, w.wijziging) for w in voor.wijzigingen]
    assert (na.wijzigingen[0].wijziging, na.wijzigingen[0].datum) == ("Nagekeken; niets veranderd.", na.bijgewerkt)
    # the layout of `regiekaart new`: the modeline, the comments, the keys in its order
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/gemeente.schema.json"
    keys = [line.split(":")[0] for line in lines if re.match(r"^[a-z_]+:", line)]
    order = ["naam", "regio", "status", "versie", "bijgewerkt", "vastgesteld", "herzien_voor", "papierformaat", "toelichting", "fasen", "werkafspraken", "opschaaltafels", "wie_is_wie", "wijzigingen"]
    assert keys == [k for k in order if k in keys] and keys[0] == "naam"
    assert "    # Waarde van de universele regiekaart (blijft gelden zolang deze regel commentaar is):" in lines


def test_form_edit_flow_two_cells_and_a_role(browser: object, server: str, tmp_path: Path, cli, pdf_cache: Path, stand_in_renders: StandIns) -> None:  # noqa: ANN001
    from pypdf import PdfReader

    slug = "etten-leur"
    ctx, page, log = _form(browser, server, f"gemeenten/{slug}/invullen.html")
    try:
        # a cell that follows the universal card gets her own text, by keyboard alone: the
        # arrow key chooses 'Zelf invullen', Tab goes to the field that then shows
        page.locator("#f2-behandelregie-blok input[value=houden]").focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "f2-behandelregie"
        page.keyboard.type("Praktijkondersteuner van de huisarts")
        # an own cell is changed
        page.locator("#f3-procesregie").fill("Zorg- en Veiligheidshuis, met het lokale zorgnetwerk")
        page.locator("#rol-toevoegen").click()
        n = page.locator("[data-rol]").count()
        assert page.evaluate("document.activeElement.id") == f"rol-{n}-rol"  # focus goes to the new role
        page.locator(f"#rol-{n}-rol").fill("Wijkverpleegkundige")
        page.locator(f"#rol-{n}-organisatie").fill("Thuiszorg Etten-Leur")
        page.locator(f"#rol-{n}-bereikbaar").fill("Via het algemene nummer van de thuiszorg")
        page.locator(f"#rol-{n}").get_by_label("Behandelregie").nth(1).check()  # fase 2
        page.locator("#wijziging").fill("Behandelregie in fase 2 en een rol toegevoegd.")
        # the preview shows the new texts with the local mark
        cel = page.locator("#voorbeeld-kaart td", has_text="Praktijkondersteuner van de huisarts")
        expect_text = cel.inner_text()
        assert "Lokaal" in expect_text and cel.get_attribute("class") == "cel cel--lokaal"
        page.locator("#controleren").click()
        assert not page.locator("#foutoverzicht").is_visible()
        text = _download(page, log)
        # 'Tekst kopiëren' copies the same text, for an e-mail
        ctx.grant_permissions(["clipboard-read", "clipboard-write"])
        page.locator("#kopieren").click()
        page.wait_for_function("() => document.getElementById('knoppen-status').textContent.includes('gekopieerd')")
        assert page.evaluate("navigator.clipboard.readText()") == text
        # printed, the preview is the one-page card
        printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
        assert len(printed.pages) == 1 and "Praktijkondersteuner van de huisarts" in " ".join(printed.pages[0].extract_text().split())
        assert round(float(printed.pages[0].mediabox.width) / 72 * 25.4) == 297  # A4, landscape
        assert log.problems == []
    finally:
        ctx.close()
    assert '    behandelregie: "Praktijkondersteuner van de huisarts"' in text
    project, na, problemen = _taken_in(tmp_path, slug, text)
    assert [p for p in problemen if p[0] == "error"] == []
    assert na.kaart.fase(2).cel("behandelregie").tekst == "Praktijkondersteuner van de huisarts"
    assert na.kaart.fase(3).cel("procesregie").tekst == "Zorg- en Veiligheidshuis, met het lokale zorgnetwerk"
    rol = next(c for c in na.wie_is_wie if c.rol == "Wijkverpleegkundige")
    assert rol.op_de_kaart == {2: ["behandelregie"]} and rol.organisatie == "Thuiszorg Etten-Leur"
    assert na.wijzigingen[0].wijziging == "Behandelregie in fase 2 en een rol toegevoegd."
    # the rebuilt site shows the change: the page, its change log and the printed card
    seed_pdf_cache(project, pdf_cache)  # only this gemeente's PDFs are made again
    stand_in_renders.really(f"gemeenten/{slug}/regiekaart.pdf")  # and of those, only the card is read
    result = cli("build", "--project", project, "--quiet")
    assert result.exit_code == 0, result.output
    html = (project / f"build/site/gemeenten/{slug}/index.html").read_text(encoding="utf-8")
    assert "Praktijkondersteuner van de huisarts" in html and "Wijkverpleegkundige" in html
    assert "Behandelregie in fase 2 en een rol toegevoegd." in html
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(project / f"build/site/gemeenten/{slug}/regiekaart.pdf").pages).split())
    assert "Praktijkondersteuner van de huisarts" in pdf


def test_form_live_checks_summary_and_accessibility(browser: object, server: str, tmp_path: Path) -> None:
    """An empty cell that nothing below fills and a text too long for the card: the same
    messages as `check`, inline and in the summary at the top, each linked to its field;
    axe and the Nu Html Checker find nothing, with the errors showing, also on a phone."""
    from generator.meldingen import melding
    from generator.velden import VELDEN

    slug = "groningen"
    ctx, page, log = _form(browser, server, f"gemeenten/{slug}/invullen.html", bypass_csp=True)
    try:
        page.locator("#f2-casusregie").fill("")  # Groningen's own; the region and the universal card leave it open
        veld = VELDEN["casusregie"]
        leeg = melding("veld_leeg", fase=2, veld="casusregie", label=veld.label, hulp=melding("hulp", uitleg=veld.uitleg))
        fout = page.locator("#f2-casusregie-fout")
        fout.wait_for(state="visible")
        assert " ".join(fout.inner_text().split()) == "Fout: " + leeg[0].upper() + leeg[1:]
        assert "f2-casusregie-fout" in page.get_attribute("#f2-casusregie", "aria-describedby")
        assert page.get_attribute("#f2-casusregie", "aria-invalid") == "true"
        lang = " ".join(["Casusregisseur van het WIJ-team, in overleg met alle betrokken organisaties en het huishouden,"] * 12)
        page.locator("#f4-casusregie").fill(lang)
        page.locator("#controleren").click()
        overzicht = page.locator("#foutoverzicht")
        assert overzicht.is_visible() and page.evaluate("document.activeElement.id") == "foutoverzicht"
        items = overzicht.locator("a")
        teksten = [" ".join(items.nth(i).inner_text().split()) for i in range(items.count())]
        assert teksten[0] == leeg[0].upper() + leeg[1:]
        te_lang = next(t for t in teksten if "past niet op één liggende A4" in t)
        assert "casusregie in fase 4" in te_lang
        assert "te lang" in page.locator("#kaart-maat").inner_text()
        # the link in the summary takes her to the field
        items.first.click()
        assert page.evaluate("document.activeElement.id") == "f2-casusregie"
        text = _download(page, log)
        # axe, with the errors showing; then the page as it is now, through the Nu Html Checker
        result = axe(page)
        assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]] == []
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "invullen-fouten-telefoon.png"))
        layout = page.evaluate(OVERFLOW)
        assert layout["width"] <= 390 and layout["cut"] == []
        result = axe(page)
        assert [v["id"] for v in result["violations"]] == []
        html = page.evaluate("() => { document.querySelectorAll('script:not([src]):not([type^=application])').forEach(s => s.remove()); return '<!DOCTYPE html>\\n' + document.documentElement.outerHTML; }")
        assert log.problems == []
    finally:
        ctx.close()
    dom = tmp_path / "invullen-met-fouten.html"
    dom.write_text(html, encoding="utf-8")
    java = shutil.which("java")
    assert java and VNU.is_file()
    out = subprocess.run([java, *VNU_JAVA, "-jar", str(VNU), "--format", "json", "--exit-zero-always", str(dom)], capture_output=True, text=True, timeout=120)
    messages = json.loads(out.stderr or out.stdout)["messages"]
    assert [f"{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"] == []
    # `check` says the same of the downloaded file: the same words, from the same estimate
    _, _, problemen = _taken_in(tmp_path, slug, text)
    check_te_lang = next(m for _, code, m in problemen if code == "RK313")
    assert te_lang == check_te_lang[0].upper() + check_te_lang[1:]
    assert (("error", "RK301", leeg)) in problemen


def test_form_escapes_every_character(browser: object, server: str, tmp_path: Path) -> None:
    slug = "breda"
    lastig = '<script>alert("x")</script> "aanhalingstekens": #geen commentaar, \'s middags \\pad\\ en\nop een nieuwe regel'
    ctx, page, log = _form(browser, server, f"gemeenten/{slug}/invullen.html")
    try:
        page.locator("#f2-procesregie-blok").get_by_label("Zelf invullen").check()
        page.locator("#f2-procesregie").fill(lastig)
        page.locator("#wijziging").fill(lastig)
        cel = page.locator("#voorbeeld-kaart td").filter(has_text="aanhalingstekens")
        assert cel.locator(".cel__tekst").inner_text() == lastig.replace("\n", " ") or cel.locator(".cel__tekst").text_content() == lastig
        assert page.locator("#voorbeeld-kaart script").count() == 0
        assert page.evaluate("typeof window.alert === 'function'")
        text = _download(page, log)
        assert log.problems == []
    finally:
        ctx.close()
    _, na, _ = _taken_in(tmp_path, slug, text)
    assert na.kaart.fase(2).cel("procesregie").waarde.value == lastig
    assert na.wijzigingen[0].wijziging == lastig


def test_form_for_a_new_gemeente(browser: object, server: str, tmp_path: Path) -> None:
    ctx, page, log = _form(browser, server, "invullen/index.html")
    try:
        page.locator("#regio").select_option("groningen")
        # the region's own value now shows as what applies
        assert "regio Groningen" in page.locator("#f4-procesregie-onder").inner_text()
        page.locator("#naam").fill("Nieuwdorp aan Zee")
        page.locator("#wijziging").fill("Eerste invulling.")
        text = _download(page, log)
        assert log.problems == []
    finally:
        ctx.close()
    assert 'status: "concept"' in text and 'regio: "groningen"' in text
    project = small_project(tmp_path / "nieuw", gemeenten=("groningen",))
    (project / "gemeenten/nieuwdorp-aan-zee.yaml").write_text(text, encoding="utf-8")
    from generator.assemble import load_project

    loaded = load_project(project, only=["nieuwdorp-aan-zee"])
    codes = {p.code for p in loaded.problems if p.pos.path == "gemeenten/nieuwdorp-aan-zee.yaml" and p.is_error}
    assert codes == {"RK301"}  # a valid file; only the cells she has yet to fill in
    (g,) = loaded.project.gemeenten
    assert g.naam == "Nieuwdorp aan Zee" and g.regio_slug == "groningen" and g.kaart.fase(4).cel("procesregie").status == "regio"


def test_the_forms_script_finds_what_check_finds(browser: object, server: str) -> None:
    """The corpus of tests/test_persoonsgegevens.py through the form's script
    (assets/js/persoonsgegevens.js with the rules of the data file): the same pieces, at
    the same places, as the detector that `check` and `import` use."""
    from generator.persoonsgegevens import detector

    from .test_persoonsgegevens import CORPUS, SITE, vondsten

    ctx, page, log = _form(browser, server, "gemeenten/breda/invullen.html")
    try:
        texts = [t for t, _ in CORPUS] + ["Jan de Vries\nen mevrouw A. Bakker", "NL91 ABNA 0417 1643 00 GGZ", "Wil je Jan Jansen bellen?"]
        script = page.evaluate("ts => { const d = window.regiekaartPersoonsgegevens(window.REGIEKAART_INVULLEN.persoonsgegevens); return ts.map(t => d.vind(t).map(v => [v.start, v.eind, v.tekst, v.soort])); }", texts)
        assert log.problems == []
    finally:
        ctx.close()
    python = [vondsten(detector(SITE), t) for t in texts]
    assert script == python
    assert sum(1 for found in script if found) == sum(1 for _, soorten in CORPUS if soorten) + 3


def test_the_form_stops_personal_data_before_the_download(browser: object, site_dir: Path) -> None:
    """The issue's example, typed in the form opened from disk: the message of `check` on
    the field and in the summary, and no file leaves the form."""
    from generator.meldingen import melding

    ctx, page, log = _form(browser, site_dir.as_uri() + "/", "gemeenten/breda/invullen.html")
    try:
        page.locator("#f4-operationeel_verantwoordelijk-blok").get_by_label("Zelf invullen").check()
        page.locator("#f4-operationeel_verantwoordelijk").fill("Jan de Vries, tel. 06-12345678 of j.devries@breda.nl")
        page.locator("#wijziging").fill("Fase 4 aangepast.")
        downloads: list[object] = []
        page.on("download", lambda d: downloads.append(d))
        page.locator("#downloaden").click()
        page.locator("#kopieren").click()
        page.wait_for_timeout(500)
        assert downloads == []
        assert "niet gedownload" in page.locator("#knoppen-status").inner_text()
        wat = "een naam ('Jan de Vries'), een telefoonnummer ('06-12345678') en een e-mailadres ('j.devries@breda.nl')"
        fout = melding("persoonsgegeven", wat=wat)
        waar = "Eigen tekst: operationeel verantwoordelijk in fase 4: "
        assert " ".join(page.locator("#f4-operationeel_verantwoordelijk-fout").inner_text().split()) == "Fout: " + waar + fout
        assert page.get_attribute("#f4-operationeel_verantwoordelijk", "aria-invalid") == "true"
        assert waar + fout in [" ".join(t.split()) for t in page.locator("#foutoverzicht a").all_inner_texts()]
        assert page.evaluate("document.activeElement.id") == "foutoverzicht"
        page.screenshot(path=str(SHOTS / "invullen-persoonsgegevens.png"))
        # once she puts a role there, the file downloads
        page.locator("#f4-operationeel_verantwoordelijk").fill("Teamleider crisisteam van de gemeente")
        text = _download(page, log)
        assert "Teamleider crisisteam van de gemeente" in text and "06-12345678" not in text
        assert log.problems == []
    finally:
        ctx.close()


def test_form_without_javascript(browser: object, server: str) -> None:
    ctx, page, log = open_page(browser, server + "gemeenten/breda/invullen.html", server, java_script_enabled=False)
    try:
        uitleg = page.locator("#zonder-script")
        assert uitleg.is_visible() and not page.locator("#invulformulier").is_visible()
        assert "Zorg- en Veiligheidshuis" in uitleg.inner_text() or "coördinator" in uitleg.inner_text()
        assert uitleg.get_by_role("link").get_attribute("href") == "regiekaart.pdf"
    finally:
        ctx.close()
