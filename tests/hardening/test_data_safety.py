"""Nothing is lost: fixtures reload cleanly, dumps restore whole, every migration reverses."""

import json
import os
import secrets
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from offers.models import Deadline, Offer
from organisations.models import Contact, Organisation
from tests.conftest import SEED_FIXTURES

from .servers import ROOT, subprocess_database_url

# Rows that migrate creates by itself (and numbers its own way) are not data.
DUMP_EXCLUDES = ["contenttypes", "auth.permission"]


def run_django(database_url: str, code: str) -> str:
    """Python run in a fresh process on another database: one start-up for many commands."""
    return manage(database_url, "shell", "--no-imports", "-c", code)


def manage(database_url: str, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=database_url,
        DJANGO_LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def dump(database_url: str) -> list[dict]:
    excludes = [arg for app in DUMP_EXCLUDES for arg in ("--exclude", app)]
    output = manage(database_url, "dumpdata", "--natural-foreign", *excludes, "--indent", "1")
    return json.loads(output)


def rows(dumped: list[dict]) -> list[dict]:
    """A dump in a stable order, to compare (dumpdata's own order is what loaddata needs).

    Many-to-many values (an offer's contacts) come in whatever order the database returns.
    Django's JSON keeps times to the millisecond: a time 1–999 µs past a second is written
    "…:44.000Z", loaded back as a whole second and written "…:44Z", the same instant.
    """
    for row in dumped:
        for name, value in row["fields"].items():
            if isinstance(value, list) and all(isinstance(item, list) for item in value):
                row["fields"][name] = sorted(value)
            elif isinstance(value, str) and value.endswith(".000Z"):
                row["fields"][name] = value.removesuffix(".000Z") + "Z"
    return sorted(dumped, key=lambda row: (row["model"], str(row["pk"])))


@pytest.fixture
def empty_database(transactional_db):
    """A second, empty database on the same server, dropped afterwards."""
    name = f"participe_restore_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = subprocess_database_url().rsplit("/", 1)[0] + f"/{name}"
    yield name, url
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def without_timestamps(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["fields"].pop("created_at", None)
        row["fields"].pop("updated_at", None)
    return rows


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "contacts": Contact.objects.count(),
        "offers": Offer.objects.count(),
        "deadlines": Deadline.objects.count(),
        "offer contacts": Offer.contacts.through.objects.count(),
    }


def dump_here() -> list[dict]:
    out = StringIO()
    call_command("dumpdata", "--natural-foreign", exclude=DUMP_EXCLUDES, stdout=out)
    return json.loads(out.getvalue())


def test_the_fixtures_load_idempotently(seed):
    before = counts()
    first = dump_here()
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    assert counts() == before
    # The seed files carry no created_at/updated_at, so loaddata stamps them afresh each time
    # (noted in NOTES-hardening.md); every other value must be exactly the same.
    assert rows(without_timestamps(dump_here())) == rows(without_timestamps(first))
    assert before["offers"] == 28


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dumpdata_loaddata_round_trip_into_an_empty_database_loses_nothing(
    seed, empty_database, tmp_path
):
    get_user_model().objects.create_superuser("moderatrice", "m@example.org", "x-Pass-123")
    source = dump_here()
    assert {row["model"] for row in source} >= {
        "organisations.organisation",
        "organisations.contact",
        "offers.offer",
        "offers.deadline",
        "auth.user",
    }
    dump_file = tmp_path / "participe.json"
    dump_file.write_text(json.dumps(source))

    _, url = empty_database
    run_django(
        url,
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        f"call_command('loaddata', {str(dump_file)!r}, verbosity=0)",
    )
    assert rows(dump(url)) == rows(source)


PG_BIN = os.environ.get("PARTICIPE_PG_BIN")


@pytest.mark.skipif(not PG_BIN, reason="needs PostgreSQL's client programs (make test)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_and_pg_restore_as_the_readme_says(seed, empty_database, tmp_path):
    source = dump_here()
    archive = tmp_path / "participe.dump"
    subprocess.run(
        [
            f"{PG_BIN}/pg_dump",
            "--format=custom",
            "--no-owner",
            f"--file={archive}",
            f"--dbname={subprocess_database_url().replace('postgres://', 'postgresql://')}",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    _, url = empty_database
    subprocess.run(
        [
            f"{PG_BIN}/pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={url.replace('postgres://', 'postgresql://')}",
            str(archive),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert rows(dump(url)) == rows(source)


MIGRATION_ROUND_TRIP = """
from io import StringIO
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder

fixtures = {fixtures!r}
call_command("migrate", verbosity=0)
call_command("loaddata", *fixtures, verbosity=0)
# Every migration of ours, with the seed data in the tables (Django's and axes' own migrations
# are tested upstream, and reversing them takes longer than all of ours).
ours = ("offers", "organisations")
for app in ours:
    call_command("migrate", app, "zero", verbosity=0)
applied = MigrationRecorder.Migration.objects.filter(app__in=ours)
assert not applied.exists(), "some migrations are still applied"
call_command("migrate", verbosity=0)
call_command("loaddata", *fixtures, verbosity=0)
plan = StringIO()
call_command("showmigrations", "--plan", stdout=plan)
assert "[ ]" not in plan.getvalue()
print("reversed and reapplied", MigrationRecorder.Migration.objects.count())
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_migration_reverses_and_reapplies(empty_database):
    _, url = empty_database
    output = run_django(url, MIGRATION_ROUND_TRIP.format(fixtures=SEED_FIXTURES))
    assert "reversed and reapplied" in output
