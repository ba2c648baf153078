import os
import shutil

import pytest
from django.db import connections
from playwright import sync_api

# Playwright's sync API runs an event loop in this thread; the ORM calls here are sequential.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser():
    if not shutil.which(CHROMIUM):
        # Not a skip: these tests are the proof that the site works end to end.
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does).")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        # Playwright's sync API switches greenlets, and Django's connections follow the context:
        # a connection opened in between would outlive the test and block dropping the database.
        connections.close_all()
