"""What /healthz checks: the database answers within a short timeout of its own, and its schema
is migrated (every migration on disk applied). Both cheap enough for a probe every few seconds.

On PostgreSQL the probe opens a connection of its own rather than using the request's: a
persistent connection to a server that stopped answering would hang the probe as long as it
hangs the pages, and the probe is what must tell the load balancer so.
"""

import functools

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@functools.cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    # Read from disk once per process: the migration files do not change under a running app.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def postgresql_applied_migrations(timeout: int) -> set[tuple[str, str]] | None:
    """The applied migrations, or None when the database does not answer within `timeout`."""
    import psycopg

    params = connection.get_connection_params()
    params["connect_timeout"] = timeout
    params["options"] = f"-c statement_timeout={timeout * 1000}"
    try:
        with psycopg.connect(**params) as probe:
            table = MigrationRecorder.Migration._meta.db_table
            if probe.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is None:
                return set()
            return set(probe.execute(f"SELECT app, name FROM {table}").fetchall())
    except psycopg.Error:
        return None


def other_applied_migrations() -> set[tuple[str, str]] | None:
    try:
        return set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        # Start the next probe from a fresh connection, so recovery needs no restart.
        connection.close()
        return None


def database_problem() -> str | None:
    """None when the database answers and is migrated, otherwise what is wrong, in a few words."""
    if connection.vendor == "postgresql":
        applied = postgresql_applied_migrations(settings.HEALTH_CHECK_TIMEOUT)
    else:
        applied = other_applied_migrations()
    if applied is None:
        return "database unavailable"
    missing = expected_migrations() - applied
    if missing:
        return f"database not migrated ({len(missing)} migrations to apply)"
    return None
