"""What the browser tests do in a page: contexts, typing into the widget, screenshots."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote_plus

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_context(browser, **options):
    """Return a new browser context with a short default timeout."""
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context


def type_query(page, text: str):
    """Type into the widget's box and wait for its answer to the whole text; return the box."""
    box = page.locator("vp-search input[role=combobox]")
    box.press_sequentially(text, delay=20)
    # Results update while typing: wait for the answer to the last key, not the first.
    page.locator("vp-search .all a").and_(page.locator(
        f'[href*="q={quote_plus(text)}"]')).last.wait_for()
    page.wait_for_selector("vp-search [part=option]")
    return box


