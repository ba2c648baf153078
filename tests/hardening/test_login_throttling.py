"""Brute force on the admin login: locked out after a few failures, until a moderator lifts it."""

import ipaddress

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

PASSWORD = "Concertation-2026!"


def login(client, password, username="camille"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )


@pytest.fixture
def camille(db):
    return get_user_model().objects.create_user("camille", password=PASSWORD, is_staff=True)


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderatrice", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "delete_accessattempt"],
        )
    )
    return user


def lock_out(settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "mauvais-mot-de-passe")
    return client, response


def test_failures_below_the_limit_only_show_the_form_error(camille, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "mauvais-mot-de-passe")
        assert response.status_code == 200
        assert "errornote" in response.content.decode()
    assert login(client, PASSWORD).status_code == 302


def test_too_many_failures_lock_the_account_even_with_the_right_password(camille, settings):
    client, response = lock_out(settings)
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()

    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="camille").failures_since_start >= 5


def test_the_lockout_is_per_address_so_other_people_can_still_log_in(camille, settings):
    lock_out(settings)
    other = Client()
    response = other.post(
        "/admin/login/",
        {"username": "camille", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert response.status_code == 302


def test_a_moderator_lifts_the_lockout_from_the_admin(camille, moderator, settings):
    lock_out(settings)
    attempt = AccessAttempt.objects.get(username="camille")

    staff = Client()
    staff.force_login(moderator)
    listing = staff.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "camille" in listing.content.decode()
    response = staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="camille").exists()

    assert login(Client(), PASSWORD).status_code == 302


def test_staff_without_the_permission_cannot_lift_it(camille, settings):
    lock_out(settings)
    attempt = AccessAttempt.objects.get(username="camille")
    other = get_user_model().objects.create_user("autre", password=PASSWORD, is_staff=True)
    staff = Client()
    staff.force_login(other)
    assert staff.get("/admin/axes/accessattempt/").status_code == 403
    staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# Issue 13, item 4: behind the proxy, the throttle keys on the real client's address.

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
MODERATOR_HOME = "198.51.100.20"


def login_through_proxy(client, password, forwarded, username="camille"):
    """A login as the TLS proxy passes it on: from the proxy's address, with the header it
    built by appending the address it saw to whatever the client sent."""
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network(PROXY),)


def test_failures_from_one_client_behind_the_proxy_do_not_lock_out_another(
    camille, settings, behind_one_proxy
):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login_through_proxy(attacker, "mauvais", ATTACKER)
    assert response.status_code == 429

    # Same proxy, same username, another client: not locked out.
    response = login_through_proxy(Client(), PASSWORD, MODERATOR_HOME)
    assert response.status_code == 302


def test_a_forged_forwarded_for_neither_locks_out_its_victim_nor_escapes_the_lockout(
    camille, settings, behind_one_proxy
):
    attacker = Client()
    # The attacker claims a new address each time, and the victim's: the proxy appends theirs.
    claims = [f"192.0.2.{n}" for n in range(settings.AXES_FAILURE_LIMIT - 1)] + [MODERATOR_HOME]
    for claim in claims:
        response = login_through_proxy(attacker, "mauvais", f"{claim}, {ATTACKER}")
    assert response.status_code == 429
    response = login_through_proxy(attacker, PASSWORD, f"{MODERATOR_HOME}, {ATTACKER}")
    assert response.status_code == 429

    response = login_through_proxy(Client(), PASSWORD, MODERATOR_HOME)
    assert response.status_code == 302


def test_the_lockout_is_for_the_pair_username_and_address(camille, settings, behind_one_proxy):
    get_user_model().objects.create_user("dominique", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_through_proxy(client, "mauvais", ATTACKER)
    # Another account from the same address still gets in.
    response = login_through_proxy(Client(), PASSWORD, ATTACKER, username="dominique")
    assert response.status_code == 302


def test_without_a_trusted_proxy_the_header_is_ignored(camille, settings):
    settings.TRUSTED_PROXIES = ()
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = login_through_proxy(Client(), "mauvais", f"192.0.2.{n}")
    # Every attempt came from the socket's address, whatever the header claimed.
    assert response.status_code == 429


# Issue "Hard to break, round three", item 6: rotating addresses does not escape the lockout.


def login_from(address, password, username="camille"):
    return Client().post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_failures_from_many_addresses_of_one_ipv6_64_lock_that_64_out(camille):
    answers = [login_from(f"2001:db8:7:7::{n + 1:x}", "mauvais").status_code for n in range(30)]
    assert 429 in answers
    assert answers.index(429) < 10
    # Right password, yet another address of the same /64: still locked.
    assert login_from("2001:db8:7:7:ffff::1", PASSWORD).status_code == 429
    assert "_auth_user_id" not in Client().session


def test_another_64_is_another_client(camille, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login_from(f"2001:db8:7:7::{n + 1:x}", "mauvais")
    assert login_from("2001:db8:7:8::1", PASSWORD).status_code == 302


def test_failures_for_one_username_from_many_networks_lock_the_username(camille, settings):
    per_network = settings.AXES_FAILURE_LIMIT - 1
    networks = settings.LOGIN_FAILURES_PER_USERNAME // per_network
    answers = [
        login_from(f"198.51.100.{network}", "mauvais").status_code
        for network in range(networks)
        for _ in range(per_network)
    ]
    # No network reached its own limit; the failure that reaches the username's cap locks.
    assert answers == [200] * (len(answers) - 1) + [429]
    # From an address that never failed, even with the right password.
    assert login_from("192.0.2.200", PASSWORD).status_code == 429
    # Another username is not concerned.
    get_user_model().objects.create_user("dominique", password=PASSWORD, is_staff=True)
    assert login_from("192.0.2.200", PASSWORD, username="dominique").status_code == 302


def test_below_the_username_cap_other_networks_still_get_in(camille, settings):
    for network in range(settings.LOGIN_FAILURES_PER_USERNAME - 1):
        login_from(f"198.51.100.{network}", "mauvais")
    assert login_from("192.0.2.200", PASSWORD).status_code == 302


# Issue "Hard to break, round three", item 3: X-Forwarded-For is read only from the proxies
# named in the settings.


def test_a_client_reaching_the_app_directly_cannot_lock_out_another(camille, settings):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/28"),)
    # The attacker connects to gunicorn itself and claims the moderator's address.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = Client().post(
            "/admin/login/",
            {"username": "camille", "password": "mauvais", "next": "/admin/"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=MODERATOR_HOME,
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    response = login_through_proxy(Client(), PASSWORD, MODERATOR_HOME)
    assert response.status_code == 302
