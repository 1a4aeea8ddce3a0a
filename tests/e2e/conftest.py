"""Browser tests: a real gunicorn on a prepared SQLite file, driven by Debian's Chromium."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TABLET_LANDSCAPE = {"width": 1024, "height": 768}
TABLET_PORTRAIT = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "knotwork-demo"


def _require(condition: bool, why: str) -> None:
    # Under CI a missing browser is a failure, never a silent skip.
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Start gunicorn on a migrated, demo-seeded SQLite file and yield its base URL."""
    workdir = tmp_path_factory.mktemp("live")
    port = _free_port()
    env = {**os.environ, "FLASK_APP": "notes_app", "KNOTWORK_ENV": "development",
           "PUBLIC_URL": f"http://127.0.0.1:{port}",  # mailed links point at this server
           "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite'}",
           "SECRET_KEY": "e2e-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"}
    for args in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run([_bin("flask"), *args], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=120)
    pidfile = workdir / "gunicorn.pid"
    log = open(workdir / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [_bin("gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60",
         "--no-control-socket", "--pid", str(pidfile), "notes_app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    # Generous: eight test runs may share two cores, and two workers import the whole app.
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        proc.wait()
        log.close()
        raise RuntimeError("gunicorn did not come up: " + (workdir / "gunicorn.log").read_text())
    yield base
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium through Playwright (playwright install cannot download here)."""
    _require(Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
             f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    """Return a factory for touch-enabled pages at a viewport; contexts close afterwards."""
    contexts = []

    def make(viewport=TABLET_LANDSCAPE):
        ctx = browser.new_context(viewport=viewport, has_touch=True, is_mobile=True,
                                  device_scale_factor=1)
        ctx.set_default_timeout(15000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def shoot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots (git-ignored)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form."""
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def tap_and_wait(page, selector: str) -> None:
    """Tap something that submits or navigates, and wait for the new page."""
    with page.expect_navigation():
        page.tap(selector)


def create_client(page, base: str, surname: str, email: str) -> str:
    """Create a client with an email through the staff form and return its page URL."""
    page.goto(base + "/clients/new")
    page.fill("#first_name", "Łucja")
    page.fill("#last_name", surname)
    page.fill("#date_of_birth", "1990-04-18")
    page.fill("#email", email)
    tap_and_wait(page, "button:has-text('Create client')")
    assert re.search(r"/clients/[A-Za-z0-9_-]{20,}$", page.url)
    return page.url


def link_from_outbox(page, base: str, email: str) -> str:
    """Read the newest mail to an address on the admin outbox page and return its link."""
    page.goto(base + "/admin/outbox")
    mail = page.locator("article.mail", has_text=email).first
    return re.search(r"https?://\S+", mail.locator("pre").inner_text()).group(0)
