"""The record's pages and the notice board feed: form errors beside their fields, refusals
that change nothing, the kallelse's content and the Atom notice."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from portfolio.models import Case, CaseDocument, Minutes
from portfolio.services import cases, minutes
from tests.record.helpers import EXE, PDF

ATOM = "{http://www.w3.org/2005/Atom}"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_notice_board_feed_carries_the_appeal_deadline(world, client, sitting):
    assert client.get("/api/v1/feed/announcements.atom").status_code == 200
    sitting.head()
    sitting.decide_all()
    minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary,
                            notice_posted_on=datetime.date(2019, 6, 11))
    response = client.get("/api/v1/feed/announcements.atom")  # anonymous: a public notice
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "Protokoll Gemensam nämnd 2019-06-03 justerat"
    summary = entry.findtext(f"{ATOM}summary")
    assert "Datum för justering: 2019-06-10" in summary
    assert "Anslaget sätts upp: 2019-06-11" in summary
    assert "Sista dag för överklagande: 2019-07-02" in summary
    assert "Förvaringsplats för protokollet: Regionens kansli, Östersund" in summary


def test_a_renamed_exe_on_the_page_is_refused_beside_the_file_field(world, client):
    case = cases.open_case(committee=world.committee, kind="audit_report", title="Granskning",
                           by=world.secretary, year=2019)
    client.force_login(world.secretary)
    response = client.post(f"/portfolio/cases/{case.pk}/documents/", {
        "kind": "beslutsunderlag", "title": "Granskningsrapport", "dated": "2019-03-14",
        "file": SimpleUploadedFile("Granskningsrapport.pdf", EXE)})
    assert response.status_code == 400
    page = response.content.decode()
    # Beside the field (the input points at it) and linked from the summary at the top.
    beside = page[page.index('name="file"'):]
    beside = beside[:beside.index("</p>")]
    assert 'aria-describedby="id_file-error"' in beside and 'id="id_file-error"' in beside
    assert "Endast PDF" in beside
    assert '<a href="#id_file">Fil (PDF eller DOCX): Endast PDF' in page
    assert not CaseDocument.objects.exists()
    good = client.post(f"/portfolio/cases/{case.pk}/documents/", {
        "kind": "beslutsunderlag", "title": "Granskningsrapport", "dated": "2019-03-14",
        "file": SimpleUploadedFile("r.pdf", PDF)})
    assert good.status_code == 302 and CaseDocument.objects.count() == 1


@pytest.mark.parametrize(("field", "value"), [("year", "²"), ("year", "99999"), ("title", "")])
def test_opening_a_case_on_the_page_names_the_bad_field(world, client, field, value):
    client.force_login(world.secretary)
    data = {"committee": "GNS", "kind": "interim_report", "title": "Delårsrapport",
            "year": "2019", field: value}
    response = client.post("/portfolio/cases/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_{field}"' in html and f'id="id_{field}-error"' in html
    assert f'aria-describedby="id_{field}-error"' in html
    assert not Case.objects.exists()


def test_the_auditor_cannot_open_a_case_on_the_page(world, client):
    client.force_login(world.auditor)
    assert "Open the case" not in client.get("/en/portfolio/cases/").content.decode()
    response = client.post("/portfolio/cases/new/", {"committee": "GNS", "kind": "other",
                                                     "title": "X"})
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_minutes_page_confirms_and_refuses_an_early_approval(world, client, sitting):
    client.force_login(world.secretary)
    base = f"/portfolio/meetings/{sitting.meeting.pk}/minutes"
    early = client.post(f"{base}/approve/")
    assert early.status_code == 400  # the head is missing: named fields
    sitting.head()
    early = client.post(f"{base}/approve/")
    assert early.status_code == 409 and "Tertialrapport" in early.content.decode()
    item = sitting.report
    client.post(f"/portfolio/meetings/{sitting.meeting.pk}/items/{item.pk}/decide/",
                {"outcome": "noted"})
    words = client.post(f"{base}/items/{item.pk}/points/", {
        f"item{item.pk}-points": "1. Tertialrapporten godkänns.\n2. Den sänds till parterna."})
    assert words.status_code == 302
    assert client.post(f"{base}/items/{item.pk}/confirm/").status_code == 302
    item.refresh_from_db()
    assert item.confirmed_at is not None
    assert list(item.points.filter(stage="decision").values_list("text", flat=True)) == [
        "Tertialrapporten godkänns.", "Den sänds till parterna."]
    sitting.decide_all()
    assert client.post(f"{base}/approve/").status_code == 302
    assert Minutes.objects.get().is_approved
    page = client.get(f"{base}/").content.decode()
    assert "2019-07-01" in page and 'name="name-0"' not in page  # locked: no forms


def test_the_chair_records_attendance_on_the_page(world, client, sitting):
    client.force_login(world.chair)
    base = f"/portfolio/meetings/{sitting.meeting.pk}/minutes"
    response = client.post(f"{base}/attendance/", {
        "rows": "3", "party-0": "rjh", "name-0": "Robert Hamberg (M)", "role-0": "member",
        "present-0": "on", "party-1": "are", "name-1": "Robert Uitto (S)", "role-1": "member",
        "name-2": ""})
    assert response.status_code == 302
    rows = list(sitting.meeting.minutes.attendance.values_list("name", "present"))
    assert sorted(rows) == [("Robert Hamberg (M)", True), ("Robert Uitto (S)", False)]
    bad = client.post(f"{base}/attendance/", {"rows": "1", "party-0": "xyz", "name-0": "A"})
    assert bad.status_code == 400 and sitting.meeting.minutes.attendance.count() == 2
    assert client.post(f"{base}/attendance/", {"rows": "²"}).status_code == 400


def test_the_kallelse_lists_the_summoned_and_each_items_case(world, client, sitting):
    case = cases.open_case(committee=world.committee, kind="interim_report",
                           title="Tertialrapport per april 2019", by=world.secretary, year=2019)
    cases.add_document(case=case, kind="tjansteskrivelse",
                       title="Tjänsteskrivelse Tertialrapport per april 2019 GNS",
                       dated=datetime.date(2019, 5, 24), content=PDF, by=world.secretary)
    from portfolio.services import meetings

    meetings.add_item(meeting=sitting.meeting, by=world.secretary, case=case,
                      heading="Tertialrapport per april 2019",
                      description="Utfall mot budget för tertial 1 2019 är -219 tkr.",
                      proposed_decision="1. Tertialrapport per april 2019 godkänns.\n"
                                        "2. Rapporten sänds till parterna.")
    sitting.head()
    client.force_login(world.auditor)
    response = client.get(f"/portfolio/meetings/{sitting.meeting.pk}/agenda.pdf")
    assert response.status_code == 200
    text = _text(response.content)
    for expected in ("Kallade", "Ledamöter", "Ersättare", "Robert Hamberg (M)",
                     "Maria Söderberg (C)", f"Tertialrapport per april 2019 ({case.number})",
                     "Ärendebeskrivning Utfall mot budget för tertial 1 2019 är -219 tkr.",
                     "Förslag till beslut 1. Tertialrapport per april 2019 godkänns. "
                     "2. Rapporten sänds till parterna.",
                     "Beslutsunderlag Tjänsteskrivelse Tertialrapport per april 2019 GNS"):
        assert expected in text, expected
