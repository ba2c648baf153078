"""The security counters (throttles.limits): exact under concurrency, forgotten once over."""

import datetime
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from throttles.clients import network_of
from throttles.limits import hit
from throttles.models import RateCounter


@pytest.mark.parametrize(
    "address, network",
    [
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("192.0.2.7", "192.0.2.7"),
        ("pas-une-adresse", "pas-une-adresse"),
        (None, None),
    ],
)
def test_a_client_is_counted_by_its_network(address, network):
    assert network_of(address) == network


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_attempts_are_each_counted_once():
    answers = []

    def attempt():
        try:
            answers.append(hit("test:concurrent", "client", 10, 3600))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [False] * 6 + [True] * 10
    assert RateCounter.objects.get().count == 16


@pytest.mark.django_db
def test_the_daily_purge_forgets_the_windows_that_are_over():
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        hit("test:purge", "ancien", 3, 60)
        clock.move_to(start + datetime.timedelta(minutes=5))
        hit("test:purge", "récent", 3, 3600)
        call_command("purge_login_attempts", stdout=open("/dev/null", "w"))
        assert RateCounter.objects.count() == 1
        # The purge does not reset a window that is still open.
        assert [hit("test:purge", "récent", 3, 3600) for _ in range(3)] == [True, True, False]
