import pytest

from notifications.models import Notification


@pytest.fixture
def people(world):
    """The World's users with mail addresses (the fixture's users have none)."""
    for user in world.users.values():
        user.email = f"{user.username}@example.se"
        user.save(update_fields=["email"])
    return world


@pytest.fixture
def told():
    def told(kind=None, **filters):
        rows = Notification.objects.all()
        if kind:
            rows = rows.filter(kind=kind)
        return sorted(rows.filter(**filters).values_list("recipient__username", flat=True))
    return told
