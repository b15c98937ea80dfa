"""The viewer driven in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) through Selenium, with no browser download at test time.

The test clicks through search, a facet, a document, its cluster and the run page's plots.
Screenshots of the main pages go to the test's temporary folder, and to the folder named
by ``NEWSSIFT_SCREENSHOTS`` when set (``docs/screenshots`` is made that way; see its README).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the viewer needs duckdb (pip install 'newssift[view]')")
pytest.importorskip("selenium", reason="browser tests need selenium (pip install 'newssift[dev]')")

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from newssift.view.index import RunIndex
from newssift.view.server import ViewApp, make_server
from tests.view.runs import example_run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="headless browser tests need Debian's chromium and chromium-driver "
    "(apt-get install chromium chromium-driver; `make test` does it when run as root)",
)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1300,1000")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    index = RunIndex(example_run(tmp_path_factory.mktemp("ex") / "run-of-the-examples"))
    server = make_server(ViewApp(index), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    index.close()


@pytest.fixture
def browser(tmp_path: Path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _shot(driver, tmp_path: Path, name: str) -> None:
    driver.save_screenshot(str(tmp_path / f"{name}.png"))
    folder = os.environ.get("NEWSSIFT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def _click(driver, element) -> None:
    """Click a link or button and wait until the next page has replaced this one.

    Chromium can answer the staleness probe of a page caught mid-navigation with a plain
    WebDriverException ("Node with given id does not belong to the document") instead of a
    stale-element error: that reading is retried, as the wait's next poll settles it."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 60, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.staleness_of(page))


def _count(driver) -> int:
    return int(driver.find_element(By.ID, "count").text.split()[0])


def test_click_through_search_document_cluster_and_plots(site: str, browser, tmp_path: Path):
    browser.get(site + "/")
    # 15 documents and 2 files of unknown kind (README.md, make_examples.py), quarantined
    assert _count(browser) == 17
    _shot(browser, tmp_path, "search")

    # search: type into the box and submit
    box = browser.find_element(By.ID, "q")
    box.send_keys("fishing")
    _click(browser, browser.find_element(By.ID, "go"))
    found = _count(browser)
    assert 1 <= found < 17

    # a facet: rejected documents only
    browser.get(site + "/")
    _click(browser, browser.find_element(By.CSS_SELECTOR,
                                         'a[data-facet="decision"][href*="reject"]'))
    assert _count(browser) == 2
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.doc")]
    assert len(titles) == 2

    # a document: the content-farm copy, with its removed lines struck through
    _click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "fishing quota"))
    assert "fishing quota" in browser.find_element(By.ID, "doc-title").text
    removed = browser.find_elements(By.CSS_SELECTOR, "#body .removed")
    assert removed and "line-through" in removed[0].value_of_css_property("text-decoration")
    assert browser.find_elements(By.CSS_SELECTOR, "#body mark")
    assert "content_farm/v1" in browser.find_element(By.ID, "flags").text
    _shot(browser, tmp_path, "document")

    # a cluster: from a kept copy's page to its cluster, canonical and copy side by side
    browser.get(site + "/?q=ferry&decision=keep")
    _click(browser, browser.find_element(By.CSS_SELECTOR, 'a[data-facet="cluster"]'))
    _click(browser, browser.find_element(By.CSS_SELECTOR, "a.doc"))
    _click(browser, browser.find_element(By.ID, "cluster-link"))
    sides = browser.find_elements(By.CSS_SELECTOR, "#diff .side")
    assert len(sides) == 2
    assert browser.find_elements(By.CSS_SELECTOR, "#diff ins, #diff del")
    _shot(browser, tmp_path, "cluster")

    # the run page: plots drawn, and a bar is a link to the search it counts
    _click(browser, browser.find_element(By.ID, "nav-run"))
    hists = browser.find_elements(By.CSS_SELECTOR, "#hists svg")
    assert len(hists) >= 10
    bars = browser.find_elements(By.CSS_SELECTOR, "#plot-decision svg rect")
    assert len(bars) == 3 and all(b.size["width"] > 0 for b in bars)  # keep, reject, quarantine
    _shot(browser, tmp_path, "run")
    _click(browser, browser.find_element(By.CSS_SELECTOR, '#plot-decision a[href*="reject"]'))
    assert _count(browser) == 2
    assert all(p.stat().st_size > 10_000 for p in tmp_path.glob("*.png"))


def test_report_page_says_showing_n_of_m_when_it_samples(browser, tmp_path: Path) -> None:
    from newssift.report.html_report import write_report

    out = example_run(tmp_path / "out")
    page = write_report(out, tmp_path / "report.html", limit=2)
    browser.get(page.as_uri())
    shown = browser.find_element(By.ID, "shown").text
    assert shown.startswith("showing 6 of 17 documents")  # 2 per folder: kept, rejected, quarantine
    page = write_report(out, tmp_path / "all.html")
    browser.get(page.as_uri())
    assert browser.find_element(By.ID, "shown").text == "showing all 17 documents"


def test_document_page_marks_what_drove_a_quality_rejection(browser, tmp_path: Path) -> None:
    """A market report rejected under ``fineweb`` for its share of words with letters: the
    document page marks the tokens without a letter, and another score's places on demand."""
    import json

    from newssift.execute.local import run

    fx = ["EUR/USD 1.0842 +0.12%", "GBP/USD 1.2710 -0.05%", "USD/JPY 151.32 +0.40%",
          "USD/CHF 0.8843 +0.08%", "AUD/USD 0.6551 -0.21%", "Brent $82.10 +1.4%"]
    text = "\n".join(["Currencies at noon", *fx, (
        "Brent crude rose on Tuesday as traders weighed the supply outlook for the winter, "
        "and the dollar held its gains against the yen after the central bank of Japan said "
        "it would keep its policy unchanged for now, while gold slipped from the record high "
        "it reached last week.")])
    src = tmp_path / "markets.jsonl"
    src.write_text(json.dumps({"id": "fx-noon", "title": "Currencies at noon", "text": text})
                   + "\n", encoding="utf-8")
    run([str(src)], tmp_path / "out", workers=1, progress=False, dedup=False, policy="fineweb",
        stages=("extract", "assess", "decide"))
    index = RunIndex(tmp_path / "out")
    server = make_server(ViewApp(index), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/?decision=reject")
        _click(browser, browser.find_element(By.CSS_SELECTOR, "a.doc"))
        heading = browser.find_element(By.ID, "why").text
        assert heading == "What in the text drove gopher.alpha_words_ratio"
        marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#why-text mark")]
        assert "1.0842" in marks and "EUR" not in marks and "Brent" not in marks
        colour = browser.find_element(By.CSS_SELECTOR, "#why-text mark")
        assert colour.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
        assert "(the stored score)" in browser.find_element(By.ID, "why-summary").text
        browser.get(browser.current_url + "#why")  # the explanation at the top of the window
        _shot(browser, tmp_path, "explanation")
        # any explained score, on demand, from the scores table
        _click(browser, browser.find_element(
            By.CSS_SELECTOR, 'a.show-why[href*="fineweb.line_punct_ratio"]'))
        assert "fineweb.line_punct_ratio" in browser.find_element(By.ID, "why").text
        lines = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#why-text mark")]
        assert lines == ["Currencies at noon", *fx]
    finally:
        server.shutdown()
        server.server_close()
        index.close()
