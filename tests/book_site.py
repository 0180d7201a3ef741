"""The built book served on 127.0.0.1 and opened in Debian's Chromium, for the browser tests.

Shared by the test modules that read the built book in a browser; nothing here is a test.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, Route

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def require_built_book(html_dir: Path, command: str = "make book") -> None:
    if not (html_dir / "index.html").is_file():
        pytest.fail(
            f"The built book is missing ({html_dir / 'index.html'} not found). "
            f"Run `{command}` before these tests.",
            pytrace=False,
        )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@dataclass
class Site:
    """The built book, served on a local port."""

    base_url: str

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"


def serve(html_dir: Path) -> Iterator[Site]:
    """Serve a folder over HTTP until the generator is closed (for a fixture to yield from)."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright: Playwright) -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium).",
            pytrace=False,
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def keep_offline(context: BrowserContext, site: Site) -> list[str]:
    """Abort every request that leaves the local server; return the list they are noted in.

    So that a result does not depend on whether the test machine has a network.
    """
    local = urlsplit(site.base_url).hostname
    aborted: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == local:
            if urlsplit(url).path == "/favicon.ico":
                # Browsers ask for it on their own; the book does not reference one.
                route.fulfill(status=204)
            else:
                route.continue_()
        elif url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            aborted.append(url)
            route.abort()

    context.route("**/*", route)
    return aborted
