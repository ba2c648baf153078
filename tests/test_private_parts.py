"""The application reaches into no private part of Django or its libraries: no attribute read or
patched through an object's `__dict__`, no QuerySet's `.query` internals or compiled SQL, no
django-csp's private nonce. A new use of any of them fails here, with where it is."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = [
    "alerts",
    "config",
    "mail",
    "offers",
    "organisations",
    "publishing",
    "sources",
    "templates",
    "throttles",
]
FORBIDDEN = ["__dict__", ".query.", "sql_with_params", "_csp_nonce"]


def application_files():
    for folder in APPLICATION:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml"} and path.is_file():
                yield path


def test_the_application_has_files_to_read():
    assert sum(1 for _ in application_files()) > 100


@pytest.mark.parametrize("forbidden", FORBIDDEN)
def test_no_private_part_is_used(forbidden):
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in application_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden in line
    ]
    assert found == []
