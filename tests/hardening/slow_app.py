"""A WSGI application whose one page never ends: what gunicorn's timeout must cut short."""

import time


def application(environ, start_response):
    if environ["PATH_INFO"] != "/healthz":
        # Longer than any test waits: the worker timeout, not this, must end the request.
        time.sleep(120)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok\n"]
