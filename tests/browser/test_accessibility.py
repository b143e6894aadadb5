"""Issue #13: every page, for every demo role, at desktop width and on a 390 px phone, passes
axe-core's WCAG 2.1 A/AA rules; the journeys run by keyboard alone."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.a11y import assert_accessible, describe, violations

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
             reverse("portfolio:time") + f"?committee={committee.code}",
             reverse("portfolio:funds") + f"?committee={committee.code}"]
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
    # Issue #11 and #12 pages: the overview, my work, editing, notifications, cases, minutes.
    from portfolio.models import Case
    pages += [reverse("portfolio:overview"), reverse("portfolio:mine"),
              reverse("portfolio:edit", args=[link2.pk]), reverse("portfolio:cases"),
              reverse("notifications:list")]
    for case in Case.objects.order_by("pk")[:2]:
        pages.append(reverse("portfolio:case", args=[case.pk]))
    for meeting in Meeting.objects.filter(minutes__isnull=False).order_by("date"):
        pages.append(reverse("portfolio:minutes", args=[meeting.pk]))
    return list(dict.fromkeys(pages))


# URL names that answer GET with something other than an HTML page (a PDF, a file, a
# redirect after a POST-only action), so the crawl has nothing to check on them.
NOT_PAGES = {
    "portfolio:submit", "portfolio:cancel", "portfolio:decide", "portfolio:confirm-steering-group",
    "portfolio:extension-new", "portfolio:extension-transition", "portfolio:build-agenda",
    "portfolio:add-item", "portfolio:decide-item", "portfolio:confirm-item",
    "portfolio:correct-item", "portfolio:agenda-pdf",
    "portfolio:minutes-extract", "portfolio:case-new", "portfolio:case-document-add",
    "portfolio:case-document", "portfolio:minutes-head", "portfolio:minutes-attendance",
    "portfolio:minutes-approve", "portfolio:minutes-points", "portfolio:minutes-confirm",
    "portfolio:minutes-pdf", "portfolio:economy-report", "portfolio:economy-narrative",
    "portfolio:funds-base-fee", "portfolio:funds-carry-over",
    "documents:pdf", "documents:requirements",
    "notifications:read", "notifications:read-all", "notifications:preferences",
    "notifications:mail",
}


def test_the_crawl_covers_every_page(demo):
    """A page added to the URLconf without a place in the crawl fails here, not in production."""
    from django.urls import resolve

    from directives import urls as directive_urls
    from notifications import urls as notification_urls
    from portfolio import urls as portfolio_urls

    names = set()
    for module in (portfolio_urls, directive_urls, notification_urls):
        names |= {f"{module.app_name}:{p.name}" for p in module.urlpatterns if p.name}
    crawled = set()
    for address in every_page():
        match = resolve(address.split("?")[0])
        crawled.add(f"{match.namespace}:{match.url_name}")
    assert names - NOT_PAGES - crawled == set()


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
            failures += [f"{username} {name} {path}: {problem}" for problem in _layout(page)]
        context.close()
    return checked, failures


def _layout(page) -> list[str]:
    """The header stays inside the screen (it wraps), and a date never breaks across lines."""
    return page.evaluate("""() => {
        const problems = [], header = document.querySelector("header.top");
        if (header && header.scrollWidth > document.documentElement.clientWidth + 1)
            problems.push("the header runs off the screen");
        for (const cell of document.querySelectorAll(".date")) {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (cell.textContent.trim().length && lines.size > 1)
                problems.push("a date breaks across lines: " + cell.textContent.trim());
        }
        return problems;
    }""")


@pytest.mark.parametrize("username", ROLES)
def test_every_page_for_each_role_has_no_axe_violations(demo, browser, live_server, username):
    checked, failures = _crawl(browser, live_server.url, username, every_page())
    assert checked >= 4, "the role should read at least the list, meetings, steering and control"
    assert not failures, "\n\n".join(failures)


def test_login_page_anonymous_has_no_axe_violations(demo, browser, live_server):
    checked, failures = _crawl(browser, live_server.url, None,
                               ["/accounts/login/", "/en/accounts/login/"])
    assert checked == 4 and not failures, "\n\n".join(failures)


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
        return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, name: el.name || "",
                text: (el.innerText || el.value || "").trim(), type: el.type || "",
                outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
                top: box.top, height: box.height};
    }""")


def _tab_to(page, matches, limit=80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if matches(focused):
            return focused
    raise AssertionError("not reached with Tab")


def test_keyboard_journey_skip_link_focus_ring_checklist_and_language(demo, page, login,
                                                                      live_server):
    """By keyboard alone: the skip link, a visible focus ring, a gate's checklist answered and
    the gate tabled, and the language menu that changes only on its button."""
    from directives import services as documents
    from portfolio.models import Project
    from portfolio.services import lifecycle, projects
    from tests.conftest import REQUIRED

    project = Project.objects.get(case_seq=4, case_year=2019)
    draft = projects.create_project(committee=project.committee, name="Förstudie tangentbord",
                                    by=project.owner, parties=list(project.parties.all()),
                                    start_date=project.start_date,
                                    planned_end_date=project.planned_end_date)
    documents.save_document(project=draft, by=project.owner, base_version=None,
                            sections=REQUIRED)
    lifecycle.submit_project(project=draft, by=project.owner)
    login("demo-secretary")
    url = f"{live_server.url}/portfolio/{draft.pk}/"
    page.goto(url)
    assert_accessible(page)

    # The first Tab reaches the skip link, shown on the screen; Enter moves focus to the content.
    page.keyboard.press("Tab")
    skip = _focused(page)
    assert "skip-link" in skip["cls"] and skip["top"] >= 0 and skip["height"] > 0
    assert skip["outline"] != "none" and skip["outlineWidth"] >= 2
    assert_accessible(page)
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"

    # From the content on, every focused control shows a ring of at least 2 px.
    link = _tab_to(page, lambda f: f["tag"] == "a")
    assert link["outline"] != "none" and link["outlineWidth"] >= 2, link

    # The BP0 checklist: Space answers yes, Tab moves to the comment, typing fills it.
    radio = _tab_to(page, lambda f: f["type"] == "radio")
    assert radio["outline"] != "none" and radio["outlineWidth"] >= 2, radio
    rows = page.locator("#gate-BP0 tbody tr").count()
    for row in range(rows):
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        comment = _focused(page)
        assert comment["name"].startswith("comment-"), comment
        page.keyboard.type(f"Kontrollerad {row + 1}")
        if row < rows - 1:
            page.keyboard.press("Tab")
            assert _focused(page)["type"] == "radio"
    assert_accessible(page)
    # Enter in a text field submits with the form's first button: "save the checklist".
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    answers = draft.checklist_answers.filter(item__gate="BP0")
    assert answers.count() == rows and set(answers.values_list("answer", flat=True)) == {"yes"}
    assert answers.filter(comment="Kontrollerad 1").exists()

    # Table the gate: Tab to its button, Enter.
    page.locator("#main").focus()
    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "BP0: Bordlägg", limit=150)
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    assert draft.decisions.get().outcome == "table"

    # The language menu: arrow keys change the choice but not the page; its button does.
    page.locator("#language-choice").focus()
    page.keyboard.press("ArrowDown")
    assert page.locator("#language-choice").input_value() == "en"
    page.wait_for_timeout(500)
    assert page.url == url and page.locator("html").get_attribute("lang") == "sv"
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Byt språk"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/en/portfolio/{draft.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def _swedish_ui_strings() -> set[str]:
    """The Swedish texts of the interface (locale/sv): any of them on an English page is a
    string that escaped translation. One-word texts only count as a whole line (a button, a
    heading, a cell), since a name may contain such a word."""
    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.BASE_DIR / "locale/sv/LC_MESSAGES/django.po"))
    texts = set()
    for entry in po:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            text = text.split("%(")[0].split("{")[0].strip(" :.")
            if text and text != entry.msgid and len(text) > 3 and not text.isupper():
                texts.add(text)
    return texts


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def _data_texts() -> list[str]:
    """Names and data stay as they were written (project names, people's role titles, the
    committee's templates and checklists, what people typed, notes the services stored):
    every text and JSON value in the database, which the interface text never is."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import models

    texts = [user.get_full_name() for user in get_user_model().objects.all()]
    for app in ("portfolio", "directives"):
        for model in apps.get_app_config(app).get_models():
            fields = [f.name for f in model._meta.concrete_fields
                      if isinstance(f, models.CharField | models.TextField | models.JSONField)]
            for row in model.objects.values_list(*fields) if fields else []:
                texts += [text for value in row for text in _strings(value)]
            texts += [str(obj) for obj in model.objects.all()[:500]]
    # A text of several lines is shown as several lines: each of them is data too.
    texts += [line for text in texts for line in text.splitlines()]
    return sorted({" ".join(t.split()) for t in texts if len(t.strip()) > 3}, key=len,
                  reverse=True)


@pytest.mark.parametrize("username", ["demo-admin", "demo-owner"])
def test_english_pages_have_no_swedish_interface_text(demo, browser, live_server, username):
    swedish, data = _swedish_ui_strings(), _data_texts()
    context = browser.new_context(locale="en-GB", viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    _sign_in(page, live_server.url, username)
    found = []
    for path in every_page():
        response = page.goto(f"{live_server.url}/en{path}")
        if response.status != 200 or "text/html" not in response.headers["content-type"]:
            continue
        assert page.locator("html").get_attribute("lang") == "en"
        text = "\n".join(" ".join(line.split())
                         for line in page.locator("body").inner_text().splitlines())
        for value in data:
            text = text.replace(value, " ")
        lines = {" ".join(line.split()).strip(" :.*") for line in text.splitlines()}
        for sv in swedish:
            if (" " in sv and sv in text) or sv in lines:
                found.append(f"{path}: {sv!r}")
        # A Swedish msgid or a text never marked for translation: å, ä, ö in the interface's
        # own elements (headers, labels, buttons, captions) once the data is taken out.
        chrome = page.eval_on_selector_all(
            "th, label, button, legend, summary, caption, dt, h1, h2, h3, a",
            """els => els.map(e => {
                const own = e.cloneNode(true);  // the label's text, not the choices inside it
                own.querySelectorAll("select, textarea").forEach(x => x.remove());
                return own.textContent;
            })""")
        for line in chrome:
            line = " ".join(line.split())
            for value in data:
                line = line.replace(value, " ")
            if re.search("[åäöÅÄÖ]", line):
                found.append(f"{path}: {line!r}")
    context.close()
    assert not found, "\n".join(sorted(set(found)))
