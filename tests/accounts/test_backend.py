"""The signed-in user is read with their unit (`accounts.backends.ModelBackend`): the user menu
shows it on every page without a query of its own."""

from django.contrib.auth import SESSION_KEY, get_user
from django.test import RequestFactory

from accounts.backends import ModelBackend


def test_the_user_comes_with_their_unit(world, django_assert_num_queries):
    leader = world.users["leader"]
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(leader.pk)
        assert user.unit.name == world.leader_unit.name


def test_an_inactive_or_missing_user_is_nobody(world):
    member = world.users["member"]
    member.is_active = False
    member.save()
    assert ModelBackend().get_user(member.pk) is None
    assert ModelBackend().get_user(10**9) is None


def test_a_signed_in_session_uses_it(world, client):
    client.force_login(world.users["leader"])
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session["_auth_user_backend"] == "accounts.backends.ModelBackend"
    assert str(get_user(request).pk) == request.session[SESSION_KEY]
