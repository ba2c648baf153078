"""The subscription limits hold whatever Redis does, and whatever addresses a flood rotates.

Issue "Hard to break, round three", items 4 to 6: the counters lived in the page cache, so a
Redis outage or page traffic reset them; an IPv6 /64 or Gmail's dots and +tags gave endless
fresh identities.
"""

import pytest
import redis
from django.core import mail
from django.core.cache import caches
from django.test import override_settings

from alerts.abuse import mailbox
from alerts.models import Subscription
from tests.hardening.servers import free_port
from tests.hardening.test_cache_outage import redis_cache, redis_server

from .test_subscribe import SAME_ORIGIN, subscribe

pytestmark = pytest.mark.django_db


def flood(client, emails, **headers) -> list[int]:
    return [subscribe(client, email=e, **(headers or SAME_ORIGIN)).status_code for e in emails]


def test_the_limit_holds_while_redis_is_down(client):
    port = free_port()
    with override_settings(CACHES=redis_cache(port)):
        with redis_server(port):
            assert flood(client, ["cible@example.org"]) == [302]
        # Redis is stopped: the cache fails soft, the limit does not.
        answers = flood(client, ["cible@example.org"] * 14)
    assert answers == [302] * 2 + [429] * 12
    assert len(mail.outbox) == 3


def test_the_limit_holds_when_page_traffic_fills_an_evicting_redis(client):
    port = free_port()
    with override_settings(CACHES=redis_cache(port)):
        with redis_server(port, "--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru"):
            assert flood(client, ["cible@example.org"] * 3) == [302] * 3
            # Random ?q= pages: 8 MB of them into a 2 MB Redis.
            pages = caches["pages"]
            for n in range(800):
                pages.set(f"page:/?q=mot{n}", b"x" * 10_000, timeout=300)
            stats = redis.Redis(host="127.0.0.1", port=port).info("stats")
            assert stats["evicted_keys"] > 500, "Redis did evict"
            answers = flood(client, ["cible@example.org"] * 2)
    assert answers == [429, 429]
    assert len(mail.outbox) == 3


def test_subscriptions_from_one_ipv6_64_share_one_limit(client):
    # 25 addresses of one /64, a fresh address and a fresh mailbox each time.
    answers = [
        subscribe(
            client,
            email=f"personne{n}@example.org",
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}",
            **SAME_ORIGIN,
        ).status_code
        for n in range(25)
    ]
    assert answers == [302] * 10 + [429] * 15
    assert Subscription.objects.count() == 10
    # Another /64 is someone else.
    other = subscribe(
        client, email="voisin@example.org", REMOTE_ADDR="2001:db8:1:3::1", **SAME_ORIGIN
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    "address, expected",
    [
        ("A.B+x@Gmail.com", "ab@gmail.com"),
        ("a.b@googlemail.com", "ab@gmail.com"),
        ("prenom.nom+alertes@outlook.fr", "prenom.nom@outlook.fr"),
        ("prenom.nom@example.org", "prenom.nom@example.org"),
        ("+x@example.org", "+x@example.org"),
    ],
)
def test_a_mailbox_is_an_address_without_the_variations_its_server_ignores(address, expected):
    assert mailbox(address) == expected


def test_confirmations_to_one_gmail_mailbox_share_one_limit(client):
    variants = ["ab@gmail.com", "a.b+x@gmail.com", "A.B@googlemail.com", "a.b+y@gmail.com"]
    # From different clients: the mailbox's limit, not the client's, stops the fourth.
    answers = [
        subscribe(client, email=address, REMOTE_ADDR=f"192.0.2.{n}", **SAME_ORIGIN).status_code
        for n, address in enumerate(variants)
    ]
    assert answers == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
