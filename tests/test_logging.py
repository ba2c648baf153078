"""Every log line has time, level, logger and request id; JSON on demand; the 500 page shows
the request id; Sentry gets no personal data."""

import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import path

from config.log import RequestIdFilter
from tests.hardening.servers import ROOT

UUID_HEX = r"[0-9a-f]{32}"


def broken(request):
    logging.getLogger("participe.test").error("About to fail")
    raise RuntimeError("boom")


urlpatterns = [path("casse/", broken)]
handler500 = "offers.views.server_error"


def log_lines(**env) -> list[str]:
    """Log a line from a fresh process configured by the real settings and `env`."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('participe.jobs').warning('Quatre offres archivées')"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="true", **env)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stderr.strip().splitlines()


def test_a_text_line_has_time_level_logger_and_request_id():
    [line] = log_lines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} "
        r"WARNING participe\.jobs \[-\] Quatre offres archivées",
        line,
    ), line


def test_log_format_json_gives_one_object_per_line():
    [line] = log_lines(LOG_FORMAT="json")
    record = json.loads(line)
    assert record["level"] == "WARNING"
    assert record["logger"] == "participe.jobs"
    assert record["message"] == "Quatre offres archivées"
    assert record["request_id"] == "-"
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", record["time"])


def test_a_bad_log_format_is_refused():
    with pytest.raises(subprocess.CalledProcessError) as error:
        log_lines(LOG_FORMAT="xml")
    assert "LOG_FORMAT must be text or json" in error.value.stderr


@pytest.fixture
def log_stream(settings):
    """The console handler's filter and format, on a stream the test reads."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]))
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_and_the_log_lines_share_the_request_id(log_stream):
    client = Client(raise_request_exception=False)
    response = client.get("/casse/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert re.fullmatch(UUID_HEX, request_id)
    assert f"<code>{request_id}</code>" in response.content.decode()
    # The application's own line and Django's report of the error, both with the id.
    lines = [line for line in log_stream.getvalue().splitlines() if f"[{request_id}]" in line]
    assert any("ERROR participe.test" in line and "About to fail" in line for line in lines)
    assert any("ERROR django.request" in line for line in lines)


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_kept_when_it_is_a_uuid(client):
    given = "6f1c1b0e3d2a4c5b8e9f0a1b2c3d4e5f"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert forged != "<script>" and re.fullmatch(UUID_HEX, forged)


def test_sentry_is_set_up_without_personal_data_and_tags_the_request_id():
    script = (
        "import django; django.setup(); import sentry_sdk; "
        "client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'], "
        "client.options['before_send'].__name__)"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="true",
        SENTRY_DSN="https://public@sentry.invalid/1",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "False", "tag_request_id"]


def test_a_sentry_event_carries_the_request_id():
    from django_guid import clear_guid, set_guid

    from config.log import tag_request_id

    set_guid("0123456789abcdef0123456789abcdef")
    try:
        event = tag_request_id({"message": "boom"}, {})
    finally:
        clear_guid()
    assert event["tags"]["request_id"] == "0123456789abcdef0123456789abcdef"
