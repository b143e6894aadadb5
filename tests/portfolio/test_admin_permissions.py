"""The administrators' rules live in portfolio.permissions like every other "who may"."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User

from portfolio import permissions


def _with(world, *codenames):
    user = User.objects.create_user(f"holder-{'-'.join(codenames)}", password="pw")
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return User.objects.get(pk=user.pk)


RULES = [
    (permissions.can_grant_committee_role, "add_committeerole"),
    (permissions.can_revoke_committee_role, "delete_committeerole"),
    (lambda u: permissions.can_keep_membership(u, adding=True), "add_committeemembership"),
    (lambda u: permissions.can_keep_membership(u, adding=False), "change_committeemembership"),
    (lambda u: permissions.can_keep_reference_data(u, "party", adding=True), "add_party"),
    (lambda u: permissions.can_keep_reference_data(u, "committee", adding=False),
     "change_committee"),
    (lambda u: permissions.can_keep_reference_data(u, "populationfigure", adding=False),
     "change_populationfigure"),
    (permissions.can_issue_feed_token, "add_feedtoken"),
    (permissions.can_revoke_feed_token, "change_feedtoken"),
]


@pytest.mark.parametrize("rule,codename", RULES)
def test_only_the_model_permission_or_a_superuser(world, rule, codename):
    assert rule(world.admin)
    assert rule(_with(world, codename))
    # The committee's own roles grant nothing here, nor does another permission.
    for user in (world.chair, world.secretary, world.owner, AnonymousUser()):
        assert not rule(user)
    other = "add_project" if codename != "add_project" else "change_project"
    assert not rule(_with(world, other))


def test_unknown_reference_model_is_a_programming_error(world):
    with pytest.raises(ValueError):
        permissions.can_keep_reference_data(world.admin, "project", adding=True)
