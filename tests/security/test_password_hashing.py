"""Passwords are hashed with Argon2id; older PBKDF2 hashes are upgraded at login."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from emulation import settings as production
from tests.factories import UserFactory

PASSWORD = "pw-Thidua-123"


@pytest.fixture
def production_hashers():
    # The suite hashes with MD5 for speed (tests/settings.py); these tests use production's list.
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        yield


def test_production_hashes_with_the_measured_argon2(production_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in encoded
    assert identify_hasher(encoded).algorithm == "argon2"


@pytest.mark.django_db
def test_a_pbkdf2_password_is_rehashed_with_argon2_at_login(client, production_hashers):
    user = UserFactory(username="lan")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_failed_login_leaves_the_old_hash(client, production_hashers):
    user = UserFactory(username="lan")
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.password = old
    user.save(update_fields=["password"])
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": "wrong"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == old


@pytest.mark.django_db
def test_an_argon2_hash_with_other_parameters_is_rehashed_at_login(client, production_hashers):
    user = UserFactory(username="lan")
    # Django's own, heavier defaults: what an earlier setting would have stored.
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert "m=19456" not in user.password
    client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password


def test_the_suite_itself_keeps_its_fast_hasher():
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
