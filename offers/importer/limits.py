"""How much one person may make the importer read: requests no bigger than a file, and a number
of imports per hour. Reading a posting costs a worker's time; these bound it per user."""

from config.request_body import declared_length
from throttles.limits import hit

from .files import MAX_BYTES, MAX_CHARS

# A file of MAX_BYTES, or a pasted text of MAX_CHARS (4 bytes a character at most), with the
# form's other fields and the multipart framing.
MAX_BODY_BYTES = max(MAX_BYTES, 4 * MAX_CHARS) + 64 * 1024
# Imports (each attempt, read or refused) one user may start per hour: far more than anybody
# types, and few enough that one account cannot keep the workers reading.
IMPORTS_PER_HOUR = 30


def body_too_big(request) -> bool:
    """The request announces a body larger than any import: refused before it is read.

    Django reads no more than Content-Length says, so checking it bounds what is read; a request
    without one (chunked) has its body ignored.
    """
    return declared_length(request) > MAX_BODY_BYTES


def import_allowed(user) -> bool:
    """Counts one import by this user; False once the hour holds more than the limit.

    Counted in PostgreSQL, as every security limit (throttles): a cache outage lifts none.
    """
    return hit("import", f"user:{user.pk}", IMPORTS_PER_HOUR, 3600)
