"""Sign-in brute force: django-axes locks a username from one address after the failure limit,
and every sign-in and refused sign-in is in the audit trail."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from portfolio.models import AuditEvent

LOGIN = "/accounts/login/"
ATTACKER, HOME = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user("sekreterare", password="rätt-lösenord")


def sign_in(password, address=ATTACKER, username="sekreterare"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    return client, response


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_axes_is_on_with_a_lockout_per_username_and_address():
    assert settings.AXES_ENABLED
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert settings.AXES_COOLOFF_TIME >= datetime.timedelta(minutes=5)


def test_right_password_is_refused_after_the_failure_limit(person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client, response = sign_in("fel")
        assert response.status_code == 200 and not signed_in(client)
    client, response = sign_in("fel")  # the last allowed failure locks
    assert response.status_code == 429
    client, response = sign_in("rätt-lösenord")
    assert response.status_code == 429 and not signed_in(client)
    text = response.content.decode()
    assert "Inloggningen är låst" in text and f"{settings.AXES_FAILURE_LIMIT} gånger" in text


def test_sixty_wrong_passwords_then_the_right_one_does_not_sign_in(person):
    for _ in range(60):
        sign_in("gissning")
    client, response = sign_in("rätt-lösenord")
    assert not signed_in(client) and response.status_code == 429


def test_another_address_is_not_locked(person):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("fel")
    assert not signed_in(sign_in("rätt-lösenord")[0])
    client, response = sign_in("rätt-lösenord", address=HOME)
    assert response.status_code == 302 and signed_in(client)


def test_another_account_from_the_same_address_is_not_locked(person):
    get_user_model().objects.create_user("ordforande", password="annat-lösenord")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("fel")
    client, _response = sign_in("annat-lösenord", username="ordforande")
    assert signed_in(client)


def test_lock_ends_after_the_cool_off(person):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("fel")
    assert not signed_in(sign_in("rätt-lösenord")[0])
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC)
                                 - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1))
    assert signed_in(sign_in("rätt-lösenord")[0])


def test_sign_in_and_failed_sign_in_are_in_the_audit_trail(person):
    sign_in("fel")
    sign_in("rätt-lösenord", address=HOME)
    sign_in("vad-som-helst", username="finns-inte")
    failed = AuditEvent.objects.filter(action="auth.login_failed").order_by("id")
    assert [(e.actor_id, e.actor_name, e.changes["address"], e.project_id) for e in failed] == [
        (None, "sekreterare", ATTACKER, None), (None, "finns-inte", ATTACKER, None)]
    assert failed[0].object_id == str(person.pk) and failed[1].object_id == ""
    login = AuditEvent.objects.get(action="auth.login")
    assert (login.actor, login.changes["address"], login.project_id) == (person, HOME, None)


def test_behind_the_proxy_the_forwarded_address_is_locked_not_the_proxy(person, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "127.0.0.1"

    def via_proxy(password, client_address):
        client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=client_address)
        client.post(LOGIN, {"username": "sekreterare", "password": password})
        return client

    for _ in range(settings.AXES_FAILURE_LIMIT):
        via_proxy("fel", f"10.0.0.9, {ATTACKER}")  # a client cannot choose the last entry
    assert not signed_in(via_proxy("rätt-lösenord", ATTACKER))
    assert signed_in(via_proxy("rätt-lösenord", HOME))
    assert AuditEvent.objects.filter(action="auth.login").get().changes["address"] == HOME
