"""Browser tests: headless Chromium against a real `python -m web` server."""
