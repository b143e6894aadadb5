"""The Content-Security-Policy in a real browser: Swagger UI and the pages still work, and the
browser reports no violation."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    seen = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    return seen


@pytest.fixture
def person(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_user("demo-owner", password="demo")


def test_swagger_ui_renders_under_the_policy(person, login, page, live_server, violations):
    login("demo-owner")
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert violations == []


def test_language_menu_still_switches_under_the_policy(person, login, page, live_server,
                                                       violations):
    login("demo-owner")
    page.select_option("select[name=language]", "en")
    page.get_by_test_id("change-language").click()
    page.wait_for_url("**/en/**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


def test_pages_and_the_admin_raise_no_violation(settings, login, page, live_server, violations):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_user_model().objects.create_superuser("demo-admin", password="demo")
    login("demo-admin")
    for path in ("/portfolio/", "/portfolio/economy/", "/portfolio/meetings/", "/admin/",
                 "/admin/portfolio/project/add/", "/admin/portfolio/auditevent/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("load")
    assert violations == []
