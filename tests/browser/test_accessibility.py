"""Issue #13: every page, for every demo role, at desktop width and on a 390 px phone, passes
axe-core's WCAG 2.1 A/AA rules; the journeys run by keyboard alone."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.a11y import describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["demo-owner", "demo-manager", "demo-steering", "demo-secretary", "demo-chair",
         "demo-auditor", "demo-outsider", "demo-estrateg", "demo-registrar", "demo-admin"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")


def every_page() -> list[str]:
    """One address for every page of portfolio/urls.py and directives/urls.py that answers GET
    with HTML; a page shown in different shapes (a project in each state, each kind of section
    editor, a report, a comparison) once per shape."""
    from directives.models import Document
    from portfolio.models import Committee, Meeting, Project

    committee = Committee.objects.get(code="GNS")
    pages = [reverse("portfolio:list"), reverse("portfolio:new"),
             reverse("portfolio:meetings"), reverse("portfolio:steering"),
             reverse("portfolio:control"), reverse("portfolio:economy"),
             reverse("portfolio:economy") + "?committee=GNS&year=2019&period=T2",
             reverse("portfolio:time") + f"?committee={committee.code}"]
    for project in Project.objects.order_by("pk"):
        pages.append(reverse("portfolio:detail", args=[project.pk]))
    link2 = Project.objects.get(case_year=2018, case_seq=8)
    pages += [reverse("portfolio:events", args=[link2.pk]),
              reverse("portfolio:budget", args=[link2.pk])]
    for meeting in Meeting.objects.filter(items__isnull=False).distinct()[:1]:
        pages.append(reverse("portfolio:meeting", args=[meeting.pk]))
    pages.append(reverse("portfolio:meeting", args=[Meeting.objects.order_by("-date").first().pk]))
    for project in Project.objects.order_by("pk"):
        pages.append(reverse("documents:page", args=[project.pk, "directive"]))
    pages += [reverse("documents:page", args=[link2.pk, "final-report"]),
              reverse("documents:versions", args=[link2.pk, "directive"])]
    directive = Document.objects.filter(project=link2, template_version__template__kind="directive"
                                        ).first()
    labels = [v.label for v in directive.versions.order_by("pk")] if directive else []
    if labels:
        pages.append(reverse("documents:version", args=[link2.pk, "directive", labels[0]]))
    if len(labels) > 1:
        pages.append(reverse("documents:versions", args=[link2.pk, "directive"])
                     + f"?a={labels[0]}&b={labels[-1]}")
    kinds_seen = set()
    for section in link2.template_version.sections if link2.template_version else []:
        if section["kind"] not in kinds_seen:
            kinds_seen.add(section["kind"])
            pages.append(reverse("documents:edit", args=[link2.pk, "directive", section["key"]]))
    return list(dict.fromkeys(pages))


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/portfolio/**")


def _crawl(browser, base, username, pages) -> tuple[int, list[str]]:
    """Visit every page at both widths; return how many pages were checked and what failed."""
    checked, failures = 0, []
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(locale="sv-SE", viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            _sign_in(page, base, username)
        for path in pages:
            response = page.goto(base + path)
            if response.status != 200 or "text/html" not in response.headers["content-type"]:
                continue  # a page this role may not read is not shown to it
            found = violations(page)
            checked += 1
            if found:
                failures.append(f"{username} {name} {path}:\n{describe(found)}")
        context.close()
    return checked, failures


@pytest.mark.parametrize("username", ROLES)
def test_every_page_for_each_role_has_no_axe_violations(demo, browser, live_server, username):
    checked, failures = _crawl(browser, live_server.url, username, every_page())
    assert checked >= 4, "the role should read at least the list, meetings, steering and control"
    assert not failures, "\n\n".join(failures)


def test_login_page_anonymous_has_no_axe_violations(demo, browser, live_server):
    checked, failures = _crawl(browser, live_server.url, None,
                               ["/accounts/login/", "/en/accounts/login/"])
    assert checked == 4 and not failures, "\n\n".join(failures)
