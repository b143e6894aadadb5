"""Issue #11 journey: the secretary opens a case and attaches its beslutsunderlag, builds the
kallelse with the summoned and the case's proposal, records the decisions, words them in
numbered points, confirms them and adjusts the minutes, which go on the notice board."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.browser.a11y import assert_accessible
from tests.record.helpers import EXE, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def _text(body: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)


def test_secretary_keeps_the_committees_record(demo, login, live_server):
    from portfolio.models import Case, Meeting

    page = login("demo-secretary")
    url = live_server.url

    # A case of its own number, with its beslutsunderlag.
    page.goto(f"{url}/portfolio/cases/")
    assert_accessible(page)
    form = page.locator("form[action$='/cases/new/']")
    form.get_by_label("Nämnd").select_option("GNS")
    form.get_by_label("Ärendetyp").select_option("interim_report")
    form.get_by_label("Rubrik").fill("Tertialrapport per april 2020")
    form.get_by_label("År").fill("2020")
    form.get_by_role("button", name="Öppna ärendet").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    case = Case.objects.get(title="Tertialrapport per april 2020")
    assert case.number == "GNS/1/2020"

    upload = page.locator("form[enctype='multipart/form-data']")
    upload.get_by_label("Rubrik").fill("Tjänsteskrivelse Tertialrapport per april 2020")
    upload.get_by_label("Daterad").fill("2020-05-25")
    upload.get_by_label("Fil (PDF eller DOCX)").set_input_files(
        {"name": "tjansteskrivelse.pdf", "mimeType": "application/pdf", "buffer": EXE})
    upload.get_by_role("button", name="Bifoga").click()
    error = page.locator("#id_file-error")  # beside the field, linked from the summary
    assert "Endast PDF- och Word-dokument" in error.inner_text()
    assert page.locator("#id_file").get_attribute("aria-describedby") == "id_file-error"
    page.locator("#error-summary a[href='#id_file']").click()
    page.wait_for_function("document.activeElement.id === 'id_file'")
    assert_accessible(page)
    upload = page.locator("form[enctype='multipart/form-data']")
    upload.get_by_label("Rubrik").fill("Tjänsteskrivelse Tertialrapport per april 2020")
    upload.get_by_label("Daterad").fill("2020-05-25")
    upload.get_by_label("Fil (PDF eller DOCX)").set_input_files(
        {"name": "tjansteskrivelse.pdf", "mimeType": "application/pdf", "buffer": PDF})
    upload.get_by_role("button", name="Bifoga").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)

    # The meeting and its kallelse.
    page.goto(f"{url}/portfolio/meetings/")
    page.get_by_label("Datum").fill("2020-06-05")
    page.get_by_label("Plats").fill("Styrelserummet")
    page.get_by_role("button", name="Nytt sammanträde").click()
    page.wait_for_url(f"{url}/portfolio/meetings/*/")
    assert_accessible(page)
    meeting = Meeting.objects.get(date="2020-06-05")
    for heading, case_label, description, proposal in [
        ("Tertialrapport per april 2020", f"{case.number} Tertialrapport per april 2020",
         "Utfall mot budget för tertial 1 2020 är -120 tkr.",
         "1. Tertialrapport per april 2020 godkänns.\n2. Rapporten sänds till parterna."),
        ("Informationer 2020", "–", "Information om upphandling av drift.", ""),
    ]:
        page.locator("#add-item summary").click()
        item_form = page.locator("#add-item form")
        item_form.get_by_label("Rubrik").fill(heading)
        item_form.get_by_label("Typ").select_option("follow_up" if proposal else "other")
        item_form.locator("select[name=case]").select_option(label=case_label)
        item_form.get_by_label("Ärendebeskrivning").fill(description)
        item_form.get_by_label("Förslag till beslut").fill(proposal)
        if not proposal:
            item_form.get_by_label("Informationsärende").check()
        item_form.get_by_role("button", name="Lägg till").click()
        page.wait_for_selector(".messages .success")
        assert_accessible(page)

    page.goto(f"{url}/portfolio/meetings/{meeting.pk}/minutes/")
    assert_accessible(page)
    for n, (party, name, role) in enumerate([
            ("Region Jämtland Härjedalen", "Ledamot, Region Jämtland Härjedalen", "member"),
            ("Bergs kommun", "Ledamot, Bergs kommun", "member"),
            ("Bergs kommun", "Ersättare, Bergs kommun", "substitute")]):
        page.get_by_label(f"Part {n + 1}", exact=True).select_option(label=party)
        page.get_by_label(f"Namn {n + 1}", exact=True).fill(name)
        page.get_by_label(f"Roll {n + 1}", exact=True).select_option(role)
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    kallelse = _text(page.request.get(f"{url}/portfolio/meetings/{meeting.pk}/agenda.pdf").body())
    for expected in ("Kallade", "Ledamot, Bergs kommun", "Ersättare, Bergs kommun",
                     "Förslag till beslut 1. Tertialrapport per april 2020 godkänns.",
                     "Beslutsunderlag Tjänsteskrivelse Tertialrapport per april 2020"):
        assert expected in kallelse, expected

    # At the meeting: decisions, their words, confirmation.
    page.goto(f"{url}/portfolio/meetings/{meeting.pk}/")
    for _ in range(2):
        page.get_by_role("button", name="Anteckna §").first.click()
        page.wait_for_selector(".messages .success")
        assert_accessible(page)
    page.goto(f"{url}/portfolio/meetings/{meeting.pk}/minutes/")
    report = meeting.items.get(heading="Tertialrapport per april 2020")
    article = page.locator(f"#item-{report.pk}")
    article.get_by_label("Punkter").fill(
        "1. Tertialrapport per april 2020 godkänns.\n2. Rapporten sänds till parterna och "
        "revisorerna.")
    article.get_by_role("button", name="Spara beslutets punkter").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    page.get_by_role("button", name="Justera och anslå protokollet").click()
    # The missing head is named in the summary at the head's form, beside each field.
    page.wait_for_selector("#error-summary a[href='#id_chair']")
    assert page.locator("#id_chair").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    head = page.locator("form[action$='/minutes/head/']")
    head.get_by_label("Ordförande").fill("Ordförande (M)")
    head.get_by_label("Sekreterare").fill("Nämndsekreterare")
    head.get_by_label("Justerare").fill("Justerare (S)")
    head.get_by_label("Justeringsdatum").fill("2020-06-12")
    head.get_by_label("Förvaringsplats för protokollet").fill("Nämndsekretariatet, Östersund")
    head.get_by_role("button", name="Spara").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    while page.get_by_role("button", name="Bekräfta beslutet").count():
        page.get_by_role("button", name="Bekräfta beslutet").first.click()
        page.wait_for_selector(".messages .success")
        assert_accessible(page)
    page.get_by_role("button", name="Justera och anslå protokollet").click()
    success = page.wait_for_selector(".messages .success")
    assert "2020-07-03" in success.inner_text()
    assert_accessible(page)

    # Locked, published: the PDF and the notice board.
    assert page.get_by_role("button", name="Spara närvaron").count() == 0
    minutes_pdf = _text(page.request.get(f"{url}/portfolio/meetings/{meeting.pk}/minutes.pdf")
                        .body())
    assert "2. Rapporten sänds till parterna och revisorerna." in minutes_pdf
    assert "Sista dag för överklagande 2020-07-03" in minutes_pdf
    notices = page.request.get(f"{url}/api/v1/announcements/").json()["results"]
    assert notices[0]["meeting_date"] == "2020-06-05"
    assert notices[0]["appeal_deadline"] == "2020-07-03"
