import pytest
from django.core.cache import cache

from api import feed, tokens


@pytest.fixture
def feed_memory_cleared(db):
    """The shared cache and each worker's remembered tokens and feed pages, empty before and
    after: a test must not be answered from what an earlier one left behind."""
    def forget() -> None:
        cache.clear()
        tokens._seen.clear()
        tokens._noted.clear()
        feed._pages.clear()

    forget()
    yield
    forget()
