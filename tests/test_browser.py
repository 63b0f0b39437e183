"""The operator's first look: `dagster dev` on 127.0.0.1 shows the asset graph, the last
run's status, the charts and the quality figures that one refresh produced, in a real
browser (headless Chromium driven by Selenium).

Skipped, saying why, where Chromium or its driver is missing; `.ci/run` installs both
from Debian packages. With UPDATE_SCREENSHOTS=1 the screenshots go to docs/images/ for
the README tour; otherwise into the test's tmp folder.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from tests.helpers import RAW, REPO, run_pipeline

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1600,1000"]
SERVER_START_SECONDS = 90
ONE_FILE = "004_efd0c74b005f1966.txt"  # one short article: a real run in a few seconds

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                       reason="headless browser test needs Chromium and chromedriver "
                              "(Debian: apt-get install chromium chromium-driver; .ci/run does it)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dagster dev exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"dagster dev did not answer {url} within {SERVER_START_SECONDS}s:\n{log.read_text()[-3000:]}")


def create_storage(instance: dg.DagsterInstance) -> None:
    """Create the instance's SQLite databases before `dagster dev` starts: two processes
    creating them at once race on the schema migrations ("more than one head")."""
    instance.get_runs_count()
    instance.get_latest_materialization_events([dg.AssetKey(["warehouse"])])
    instance.all_instigator_state()


@pytest.fixture
def dagster_ui(tmp_path) -> Iterator[str]:
    """`dagster dev` in its own process group on a free localhost port, with a throwaway
    DAGSTER_HOME (telemetry off) that already holds one successful refresh run."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / ONE_FILE, raw / ONE_FILE)
    warehouse = tmp_path / "warehouse"
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "RAW_DIR": str(raw), "WAREHOUSE_DIR": str(warehouse)}
    log = tmp_path / "dagster-dev.log"
    dagster = Path(sys.executable).with_name("dagster")
    instance = dg.DagsterInstance.from_config(str(home))
    create_storage(instance)
    with open(log, "w") as out:
        proc = subprocess.Popen([str(dagster), "dev", "-m", "pipelines", "-h", "127.0.0.1", "-p", str(port)],
                                cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # The run goes into the same instance while the server starts (both take seconds); the
        # refresh draws the charts and scores quality itself, no second job needed.
        with instance:
            assert run_pipeline(raw, warehouse, instance=instance).success
        wait_for_server(f"http://127.0.0.1:{port}/server_info", proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # the daemon and webserver children: no need to wait politely
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def screenshot_dir(tmp_path: Path) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = REPO / "docs" / "images"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


def page_text(driver) -> str:
    from selenium.webdriver.common.by import By
    return driver.find_element(By.TAG_NAME, "body").text


def wait_for_text(driver, *needles: str, seconds: float = 30) -> str:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        WebDriverWait(driver, seconds).until(lambda d: all(n in page_text(d) for n in needles))
    except TimeoutException:
        missing = [n for n in needles if n not in page_text(driver)]
        pytest.fail(f"{driver.current_url} never showed {missing}; it shows:\n{page_text(driver)[:2000]}")
    return page_text(driver)


def test_asset_graph_and_last_run_in_the_browser(dagster_ui, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shots = screenshot_dir(tmp_path)
    browser.get(f"{dagster_ui}/asset-groups")
    # A fresh profile gets the "Join the Dagster community" dialog first: Skip it.
    skip = WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='Skip']"),
        message="the first-visit dialog with its Skip button never appeared")
    skip[0].click()
    WebDriverWait(browser, 10).until(lambda d: "Join the Dagster community" not in page_text(d),
                                     message="the first-visit dialog did not close")
    wait_for_text(browser, "raw", "core", "publish")
    browser.save_screenshot(str(shots / "lineage.png"))

    # The core group's graph: asset nodes by name, each with its materialisation status.
    browser.get(f"{dagster_ui}/locations/pipelines/asset-groups/core")
    # the graph is wider than the window (the extract buckets feed it): names at its left edge
    text = wait_for_text(browser, "documents", "sentences", "mentions")
    assert "Join the Dagster community" not in text
    time.sleep(1.5)  # let the graph finish laying out before the picture
    browser.save_screenshot(str(shots / "asset-graph.png"))

    # The catalog names every asset of the code location, each with its status.
    browser.get(f"{dagster_ui}/assets")
    text = wait_for_text(browser, "core / events", "warehouse", "charts", "Materialized")
    for asset in ["core / source_files", "core / documents", "core / sentences", "core / entities",
                  "core / events", "core / positions", "core / memberships", "warehouse"]:
        assert asset in text

    # The runs page: the refresh that was just made, and its status.
    browser.get(f"{dagster_ui}/runs")
    text = wait_for_text(browser, "refresh_warehouse", "Success")
    assert "Failure" not in text
    browser.save_screenshot(str(shots / "runs.png"))

    # The charts asset's metadata: its timeline opens as an image the browser really decodes.
    browser.get(f"{dagster_ui}/assets/charts")
    wait_for_text(browser, "timeline", "top_entities")
    browser.find_elements(By.XPATH, "//a[normalize-space()='[Show Markdown]']")[0].click()
    images = WebDriverWait(browser, 30).until(
        lambda d: [i for i in d.find_elements(By.CSS_SELECTOR, "img[src^='data:image/png']")
                   if d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", i)] or None,
        message="the charts' metadata shows no decoded PNG image")
    assert browser.execute_script("return arguments[0].naturalWidth", images[0]) > 400
    time.sleep(0.5)  # the dialog fades in
    browser.save_screenshot(str(shots / "charts-asset.png"))

    # The quality asset: this refresh's figures against the shipped gold, its check, its chart.
    browser.get(f"{dagster_ui}/assets/quality")
    text = wait_for_text(browser, "scored against seeds (1 files)", "seeds.entities.f1", "over_runs_seeds")
    assert "no gold" not in text
    browser.find_elements(By.XPATH, "//a[normalize-space()='[Show Markdown]']")[0].click()
    wait_for_text(browser, "previous run", "this run", "entities", "f1")
    time.sleep(0.5)
    browser.save_screenshot(str(shots / "quality-asset.png"))
    browser.get(f"{dagster_ui}/assets/quality?view=checks")
    wait_for_text(browser, "quality_holds", "Passed")

    for name in ["lineage.png", "asset-graph.png", "runs.png", "charts-asset.png", "quality-asset.png"]:
        image = (shots / name).read_bytes()
        assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 10_000


def test_the_lineage_shows_one_extraction_asset(dagster_ui, browser):
    """raw -> extraction -> core -> publish: the per-file extraction is one node, however
    many batches it runs (it was eight bucket assets, each wired to the core tables)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{dagster_ui}/assets")
    skip = WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.XPATH, "//button[normalize-space()='Skip']"),
        message="the first-visit dialog with its Skip button never appeared")
    skip[0].click()
    text = wait_for_text(browser, "extract / files", "core / documents", "warehouse")
    assert text.count("extract / ") == 1 and "bucket" not in text
    browser.get(f"{dagster_ui}/locations/pipelines/asset-groups/extract")
    text = wait_for_text(browser, "files")
    assert "bucket" not in text
