"""A real headless Chromium (Debian's package, driven by Playwright) for the page tests.

CI installs ``chromium`` from the system package manager (``.ci/run``); there a missing
browser fails the tests. On a machine without it they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None
    if executable is None:
        reason = "no Chromium/Playwright on this machine (apt-get install -y chromium; pip install playwright)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class OpenedPage:
    page: object
    console: list = field(default_factory=list)  # (type, text) of every console message and page error
    requests: list = field(default_factory=list)  # every URL the page asked for


@pytest.fixture
def open_page(browser):
    """Open an HTML file from disk, recording console messages, page errors and requests."""
    contexts = []

    def opener(path: Path, width: int = 1300, height: int = 900) -> OpenedPage:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page)
        page.on("console", lambda message: opened.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: opened.console.append(("pageerror", str(error))))
        page.on("dialog", lambda dialog: (opened.console.append(("dialog", dialog.message)), dialog.dismiss()))
        page.on("request", lambda request: opened.requests.append(request.url))
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_selector("body[data-rendered]")
        return opened

    yield opener
    for context in contexts:
        context.close()
