"""Signing in to the admin in a real browser, as publishers and moderators do."""

from tests.factories import PASSWORD


def log_in(browser, live_server, username, width=None):
    """A new page with cookies of its own, signed in as `username`; `width` sets a desktop
    or phone viewport (Playwright's default otherwise)."""
    size = {"viewport": {"width": width, "height": 900 if width > 800 else 812}} if width else {}
    page = browser.new_context(locale="fr-FR", **size).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    return page
