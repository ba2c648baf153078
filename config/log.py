"""The request id in every log line and Sentry event (django-guid sets it per request)."""

import logging


def current_request_id() -> str:
    from django_guid import get_guid

    return get_guid() or "-"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def tag_request_id(event: dict, hint: dict) -> dict:
    # Sentry's before_send: the id the 500 page showed the user, to find their report.
    event.setdefault("tags", {})["request_id"] = current_request_id()
    return event
