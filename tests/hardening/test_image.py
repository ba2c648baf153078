"""The deployable image, without a Docker engine: hadolint, and its start-up steps run here."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .servers import ROOT, fetch, gunicorn, in_venv, production_env

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_hadolint_reports_nothing():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    result = subprocess.run(
        [hadolint, "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_the_image_is_multi_stage_and_runs_as_a_non_root_user():
    stages = instructions("FROM")
    assert len(stages) >= 2 and stages[0].endswith("AS build")
    assert any("--from=build" in copy for copy in instructions("COPY"))
    user = instructions("USER")[-1]
    assert user.split(":")[0] not in {"0", "root"}
    # Everything after the last FROM runs as that user: no later USER switches back.
    assert DOCKERFILE.rindex("USER ") > DOCKERFILE.rindex("FROM ")


def test_static_files_are_collected_at_build_and_health_is_checked_on_healthz():
    assert any("collectstatic" in run for run in instructions("RUN"))
    healthcheck = instructions("HEALTHCHECK")[0]
    assert "bin/healthcheck" in healthcheck
    assert "/healthz" in (ROOT / "bin" / "healthcheck").read_text()


def test_configuration_comes_from_the_environment_only():
    # No secret or host baked into the runtime stage.
    runtime = DOCKERFILE[DOCKERFILE.rindex("FROM ") :]
    assert "DJANGO_SECRET_KEY" not in runtime
    assert "DATABASE_URL" not in runtime
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    web = services["web"]
    assert web["build"] == "."
    assert web["environment"]["DATABASE_URL"].endswith("@db:5432/participe")
    assert "DJANGO_SECRET_KEY:?" in (ROOT / "compose.yaml").read_text()
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_start_up_steps_serve_the_board_with_hashed_static_files(tmp_path, seed):
    static_root = tmp_path / "static"
    # The build step, with the build stage's environment: no database, a throwaway key.
    build_env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "build-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=build_env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed_css = manifest["paths"]["css/participe.css"]
    assert hashed_css != "css/participe.css"

    # The release step (compose's `migrate` service), then the image's CMD and HEALTHCHECK.
    env = production_env(DJANGO_STATIC_ROOT=str(static_root))
    migrate = json.loads(
        re.search(r"command: (\[.*migrate.*\])", (ROOT / "compose.yaml").read_text())[1]
    )
    subprocess.run(
        in_venv(migrate), cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
    )
    command = json.loads(instructions("CMD")[0])
    with gunicorn(env, command=command) as base:
        port = base.rsplit(":", 1)[1]
        probe = subprocess.run(
            [sys.executable, "bin/healthcheck"], cwd=ROOT, env={**env, "PORT": port}, timeout=10
        )
        assert probe.returncode == 0

        status, headers, body = fetch(f"{base}/")
        assert status == 200 and "28 offres" in body
        assert f"/static/{hashed_css}" in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        status, headers, _ = fetch(f"{base}/static/{hashed_css}")
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        # Without the proxy's header, plain HTTP is sent to HTTPS.
        status, headers, _ = fetch(f"{base}/", headers={"X-Forwarded-Proto": "http"})
        assert status == 301 and headers["Location"].startswith("https://")
