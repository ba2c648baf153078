"""compose.yaml runs every process with a healthcheck and reads .env; .env.example lists every
variable the code reads; the worker's and scheduler's healthchecks tell health from failure."""

import os
import re
import subprocess
import sys
import time

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from mail.outbox import queue_email

from .servers import ROOT

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def test_compose_runs_web_worker_scheduler_postgresql_and_redis():
    assert {"db", "redis", "migrate", "web", "worker", "scheduler"} <= set(SERVICES)
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert SERVICES["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    assert SERVICES["scheduler"]["command"][0] == "supercronic"
    assert SERVICES["scheduler"]["command"][-1] == "deploy/crontab"
    for name in ("migrate", "web", "worker", "scheduler"):
        service = SERVICES[name]
        assert service["env_file"] == ".env", name
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["environment"]["DATABASE_URL"].endswith("@db:5432/participe")


def test_every_long_running_service_has_a_healthcheck():
    for name, service in SERVICES.items():
        if name == "migrate":
            # A one-off job: the others wait for it to complete successfully.
            assert SERVICES["web"]["depends_on"]["migrate"]["condition"] == (
                "service_completed_successfully"
            )
            continue
        assert service["healthcheck"]["test"], name


def variables_read_by_the_code() -> set[str]:
    sources = [ROOT / "config" / "settings.py", ROOT / "gunicorn.conf.py"]
    pattern = r"(?:env_str|env_int|env_bool|env_list|os\.environ\.get)\(\s*\"([A-Z0-9_]+)\""
    return {name for path in sources for name in re.findall(pattern, path.read_text())}


def test_env_example_lists_every_variable_the_code_and_compose_read():
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = variables_read_by_the_code()
    assert {"SENTRY_DSN", "LOG_FORMAT", "PARTICIPE_TASKS_BACKEND"} <= read
    compose_reads = set(re.findall(r"\$\{([A-Z0-9_]+)", (ROOT / "compose.yaml").read_text()))
    assert read | compose_reads <= listed, sorted((read | compose_reads) - listed)


def test_the_image_ships_the_scheduler_checked_against_its_checksum():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "supercronic" in dockerfile and "sha1sum -c" in dockerfile
    assert "COPY --from=build /usr/local/bin/supercronic" in dockerfile


def test_the_scheduler_healthcheck_reads_the_heartbeat(tmp_path):
    heartbeat = tmp_path / "heartbeat"
    command = [sys.executable, str(ROOT / "bin" / "healthcheck"), "--heartbeat", str(heartbeat)]
    assert subprocess.run(command).returncode == 1  # never touched
    heartbeat.touch()
    assert subprocess.run(command).returncode == 0
    stale = time.time() - 600
    os.utime(heartbeat, (stale, stale))
    assert subprocess.run(command).returncode == 1
    assert "touch /tmp/scheduler-heartbeat" in (ROOT / "deploy" / "crontab").read_text()
    assert "/tmp/scheduler-heartbeat" in str(SERVICES["scheduler"]["healthcheck"]["test"])


@pytest.mark.django_db
def test_the_worker_healthcheck_fails_when_tasks_wait_too_long(django_capture_on_commit_callbacks):
    call_command("check_task_queue", "--max-wait", "300")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with django_capture_on_commit_callbacks(execute=True):
            queue_email("a@example.org", "Objet", "Texte")
        # Just enqueued: fine. Nobody took it for longer than the limit: unhealthy.
        call_command("check_task_queue", "--max-wait", "300")
        time.sleep(1.1)
        with pytest.raises(CommandError, match="1 task"):
            call_command("check_task_queue", "--max-wait", "1")


# Issue 27, item 3: the buffering proxy is the only way in (its runtime: test_proxy.py).

NGINX_CONF = (ROOT / "deploy" / "nginx.conf").read_text()


def nginx_directives(name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;{{]+)[;{{]", NGINX_CONF, re.M)


def test_only_the_proxy_publishes_a_port_and_gunicorn_is_reached_through_it():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    (port,) = SERVICES["proxy"]["ports"]
    assert port.endswith(":8080") and nginx_directives("listen") == ["8080"]
    # On the host's loopback unless the deployer says otherwise.
    assert port.startswith("${PARTICIPE_HTTP_BIND:-127.0.0.1}:")
    web = SERVICES["web"]
    assert "ports" not in web and web["expose"] == ["8000"]
    assert nginx_directives("server") == ["web:8000"]


def test_the_proxy_runs_the_repository_s_configuration_read_only():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/participe/nginx.conf:ro" in proxy["volumes"]
    entrypoint = proxy["entrypoint"]
    assert entrypoint[entrypoint.index("-c") + 1] == "/etc/participe/nginx.conf"
    # Its temporary files and pid live under the prefix, a tmpfs of a read-only container.
    assert entrypoint[entrypoint.index("-p") + 1] == "/tmp/" and proxy["tmpfs"] == ["/tmp"]
    assert proxy["read_only"] is True


def test_the_app_trusts_forwarded_for_from_the_proxy_s_network_alone():
    (subnet,) = [entry["subnet"] for entry in COMPOSE["networks"]["edge"]["ipam"]["config"]]
    assert SERVICES["proxy"]["networks"] == ["edge"]
    assert set(SERVICES["web"]["networks"]) == {"default", "edge"}
    assert SERVICES["web"]["environment"]["PARTICIPE_TRUSTED_PROXIES"] == subnet
    # nginx trusts the TLS proxy it sees from that network's gateway, and nothing else.
    assert nginx_directives("set_real_ip_from") == [subnet]
    assert f"{subnet} 1;" in NGINX_CONF


def test_the_proxy_buffers_bounds_and_sets_forwarded_for_itself():
    for name, value in {
        "proxy_buffering": "on",
        "proxy_request_buffering": "on",
        "client_header_timeout": "10s",
        "client_body_timeout": "10s",
        "send_timeout": "10s",
    }.items():
        assert nginx_directives(name) == [value], name
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX_CONF
    assert "proxy_add_x_forwarded_for" not in NGINX_CONF
    assert nginx_directives("limit_conn") and nginx_directives("limit_req")
    # The same bound as the app's own (config/request_body.py).
    assert nginx_directives("client_max_body_size") == ["6m"]
    from django.conf import settings

    assert settings.MAX_REQUEST_BYTES == 6 * 1024 * 1024
