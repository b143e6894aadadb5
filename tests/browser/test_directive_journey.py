"""Issue journey: an owner writes a new directive in the browser and files it, the steering
group decides BP1 on it, and the directive PDF with its checklist page is served."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = {
    "basic": "Bakgrund: parterna vill pröva gemensam e-arkivering. Syfte: en gemensam lösning.",
    "timeline": ("2025-01-01", "2025-12-31"),
    "goals": ("Minskade kostnader för arkivering", "Kostnad per ärende"),
    "budget": ("Projektledare 50 %", "300000"),
    "risks": ("Parternas olika system", "Förseningar", "Tidig kartläggning"),
    "steering_group": ("Kanslichef, Åre kommun", "Ordförande"),
}


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")


def _write_section(page, key, value):
    page.locator(f"#section-{key} a.button").click()
    page.wait_for_selector("form.card")
    assert_accessible(page)
    if isinstance(value, str):
        page.fill("#id_text", value)
    elif key == "timeline":
        page.fill("input[name=start]", value[0])
        page.fill("input[name=end]", value[1])
    else:
        cells = page.locator("tbody tr").first.locator("textarea, input, select")
        for index, text in enumerate(value):
            cells.nth(index).fill(text)
    page.get_by_role("button", name="Spara som ny version").click()
    page.wait_for_selector(f"#section-{key}")
    assert_accessible(page)


def test_owner_writes_and_files_directive_steering_group_decides_bp1(demo, login, live_server):
    from django.contrib.auth.models import User

    from portfolio.models import Project

    page = login("demo-owner")
    assert_accessible(page)
    page.get_by_role("link", name="Nytt uppdrag").click()
    assert_accessible(page)
    page.select_option("#id_committee", label="GNS – Gemensam nämnd för samverkan inom drift "
                                              "och service, utveckling samt specialistfunktioner")
    page.fill("#id_name", "Förstudie gemensam e-arkivering")
    page.select_option("#id_kind", "prestudy")
    page.get_by_role("group", name="Beställande parter").get_by_label("Åre kommun").check()
    page.get_by_role("group", name="Beställande parter").get_by_label(
        "Region Jämtland Härjedalen").check()
    page.fill("#id_start_date", "2025-01-01")
    page.fill("#id_planned_end_date", "2025-12-31")
    # People are offered as "Name (role)"; pick them by who they are.
    people = {u.username: str(u.pk) for u in User.objects.filter(
        username__in=["demo-manager", "demo-steering"])}
    page.select_option("#id_manager", value=people["demo-manager"])
    page.select_option("#id_steering_chair", value=people["demo-steering"])
    page.get_by_role("button", name="Öppna ärendet").click()
    page.wait_for_selector("text=Obligatoriska avsnitt som fortfarande är tomma")
    assert_accessible(page)
    project = Project.objects.get(name="Förstudie gemensam e-arkivering")

    # Filing before the directive is complete is refused, naming the empty sections.
    page.goto(f"{live_server.url}/portfolio/{project.pk}/")
    page.get_by_role("button", name="Lämna in till nämnden").click()
    assert "1 Grundläggande information" in page.locator("#error-summary").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/documents/{project.pk}/directive/")
    assert_accessible(page)
    for key, value in SECTIONS.items():
        _write_section(page, key, value)
    assert page.locator("text=Obligatoriska avsnitt som fortfarande är tomma").count() == 0
    page.goto(f"{live_server.url}/portfolio/{project.pk}/")
    page.get_by_role("button", name="Lämna in till nämnden").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    project.refresh_from_db()
    assert project.state == "submitted"
    page.get_by_role("button", name="Logga ut").click()

    # The committee confirms the steering group the owner proposed before it may decide.
    page = login("demo-secretary")
    page.goto(f"{live_server.url}/portfolio/{project.pk}/")
    page.get_by_test_id("confirm-steering-group").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    project.refresh_from_db()
    assert project.steering_group_confirmed_at is not None
    page.get_by_role("button", name="Logga ut").click()

    page = login("demo-steering")
    page.goto(f"{live_server.url}/portfolio/{project.pk}/")
    assert_accessible(page)
    gate = page.locator("#gate-BP1")
    for radio in gate.locator("input[type=radio][value=yes]").all():
        radio.check()
    gate.locator("input[name=decided_on]").fill("2025-01-15")
    gate.get_by_role("button", name="BP1: Start").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    project.refresh_from_db()
    assert project.state == "establishment"
    decision = project.decisions.get()
    assert decision.directive_version.label == "0.6"

    response = page.request.get(f"{live_server.url}/documents/{project.pk}/directive/pdf/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    # pypdf gives wkhtmltopdf's word gaps as tabs; compare on single spaces.
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Förstudie gemensam e-arkivering" in text
    assert "Checklista inför beslut, BP1" in text
    assert "Beslut att starta Etableringsfasen, BP1" in text
    assert "Kanslichef, Åre kommun" in text
