"""The record's API: /api/v1/cases/, documents, minutes, decision points and announcements,
with read authorization per role."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from portfolio.models import Case, CaseDocument, Minutes
from portfolio.services import cases, minutes
from tests.record.helpers import EXE, PDF

READERS = ["owner", "secretary", "chair", "auditor", "admin"]
NON_READERS = ["outsider", "other_secretary"]


@pytest.fixture
def report(world):
    case = cases.open_case(committee=world.committee, kind="interim_report",
                           title="Delårsrapport augusti 2019", by=world.secretary, year=2019)
    cases.add_document(case=case, kind="beslutsunderlag", title="Delårsrapport augusti 2019",
                       dated=datetime.date(2019, 9, 6), content=PDF, by=world.secretary)
    return case


@pytest.mark.parametrize("role", READERS)
def test_committee_readers_list_and_open_cases_and_download_documents(world, api, report, role):
    client = api(getattr(world, role))
    listed = client.get("/api/v1/cases/?committee=GNS&year=2019")
    assert listed.status_code == 200
    assert [c["number"] for c in listed.json()["results"]] == ["GNS/1/2019"]
    detail = client.get(f"/api/v1/cases/{report.pk}/").json()
    assert detail["kind"] == "interim_report" and detail["documents"][0]["size"] == len(PDF)
    download = client.get(detail["documents"][0]["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", NON_READERS)
def test_others_neither_see_nor_download_the_committees_cases(world, api, report, role):
    client = api(getattr(world, role))
    assert client.get("/api/v1/cases/").json()["results"] == []
    assert client.get(f"/api/v1/cases/{report.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{report.pk}/documents/").status_code == 404
    document = report.documents.get()
    assert client.get(f"/api/v1/cases/{report.pk}/documents/{document.pk}/file").status_code == 404


def test_anonymous_gets_no_cases(world, api, report):
    client = api()
    assert client.get("/api/v1/cases/").status_code in (401, 403)
    assert client.get(f"/api/v1/cases/{report.pk}/documents/").status_code in (401, 403)


def test_a_drafts_case_is_only_its_own_peoples(world, api):
    draft = world.project(name="Hemligt utkast")
    case = Case.objects.get(project=draft)
    assert api(world.owner).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert api(world.auditor).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert api(world.outsider).get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_the_secretary_opens_a_case_the_auditor_may_not(world, api):
    body = {"committee": "GNS", "kind": "audit_report", "title": "Granskning av nämnden",
            "year": 2019, "external_reference": "REV 36/2018"}
    created = api(world.secretary).post("/api/v1/cases/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["number"] == "GNS/1/2019"
    assert created.json()["external_reference"] == "REV 36/2018"
    assert api(world.auditor).post("/api/v1/cases/", body, format="json").status_code == 403
    assert api(world.outsider).post("/api/v1/cases/", body, format="json").status_code == 404
    bad = api(world.secretary).post("/api/v1/cases/", {**body, "kind": "project", "year": "²"},
                                    format="json")
    assert bad.status_code == 400 and "year" in bad.json()
    bad = api(world.secretary).post("/api/v1/cases/", {**body, "kind": "project"}, format="json")
    assert bad.status_code == 400 and list(bad.json()) == ["kind"]
    assert Case.objects.count() == 1


@pytest.mark.parametrize("query", ["year=²", "year=99999", "page=0", "page_size=x"])
def test_bad_list_parameters_are_400_naming_them(world, api, query):
    response = api(world.secretary).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_renamed_exe_is_refused_naming_the_file(world, api, report):
    upload = SimpleUploadedFile("Granskningsrapport.pdf", EXE, content_type="application/pdf")
    response = api(world.secretary).post(
        f"/api/v1/cases/{report.pk}/documents/",
        {"kind": "beslutsunderlag", "title": "Granskningsrapport", "dated": "2019-03-14",
         "file": upload}, format="multipart")
    assert response.status_code == 400 and list(response.json()) == ["file"]
    assert CaseDocument.objects.count() == 1


def test_a_document_is_uploaded_by_the_secretary_only(world, api, report):
    def post(user):
        return api(user).post(f"/api/v1/cases/{report.pk}/documents/", {
            "kind": "tjansteskrivelse", "title": "Tjänsteskrivelse", "dated": "2019-08-30",
            "file": SimpleUploadedFile("ts.pdf", PDF)}, format="multipart")

    assert post(world.auditor).status_code == 403
    created = post(world.secretary)
    assert created.status_code == 201 and created.json()["kind"] == "tjansteskrivelse"
    assert CaseDocument.objects.count() == 2


def _pdf_text(response) -> str:
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_minutes_journey_through_the_api(world, api, sitting):
    secretary = api(world.secretary)
    meeting = sitting.meeting
    base = f"/api/v1/meetings/{meeting.pk}"
    head = {"chair": "Robert Hamberg (M)", "secretary": "Jessica Hådell",
            "adjusters": "Ann-Marie Johansson (S)", "adjusted_on": "2019-06-10",
            "kept_at": "Regionens kansli, Östersund"}
    assert secretary.put(f"{base}/minutes/", head, format="json").status_code == 200
    attendance = secretary.put(f"{base}/minutes/attendance/", {"attendance": [
        {"party": "rjh", "name": "Robert Hamberg (M)", "role": "member", "present": True},
        {"party": "are", "name": "Maria Söderberg (C)", "role": "substitute", "present": True,
         "replaces": "Robert Uitto (S)"}]}, format="json")
    assert attendance.status_code == 200, attendance.content
    item = sitting.report
    proposal = secretary.put(f"{base}/items/{item.pk}/proposal/", {"points": [
        "Tertialrapport per april 2019 godkänns.", "Rapporten sänds till parterna."]},
        format="json")
    assert proposal.json()["proposal_points"][1] == "Rapporten sänds till parterna."
    decided = secretary.post(f"{base}/items/{item.pk}/decide/", {"outcome": "noted"},
                             format="json")
    assert decided.status_code == 200, decided.content
    early = secretary.post(f"{base}/minutes/approve/", {}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "unconfirmed_items"
    assert any("Tertialrapport" in f["text"] for f in early.json()["failing_items"])
    assert api(world.chair).post(f"{base}/items/{item.pk}/confirm/").status_code == 403
    confirmed = secretary.post(f"{base}/items/{item.pk}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed"] is True
    assert confirmed.json()["decision_points"] == proposal.json()["proposal_points"]
    sitting.decide_all()
    approved = secretary.post(f"{base}/minutes/approve/", {}, format="json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "approved"
    assert approved.json()["appeal_deadline"] == "2019-07-01"
    locked = secretary.put(f"{base}/items/{item.pk}/decision/", {"points": ["Ändrat"]},
                           format="json")
    assert locked.status_code == 409 and locked.json()["code"] == "minutes_approved"
    assert secretary.put(f"{base}/minutes/", head, format="json").status_code == 409

    pdf = secretary.get(f"{base}/minutes.pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf)
    paragraph = Minutes.objects.get().meeting.items.get(pk=item.pk).decided_paragraph
    for expected in ("Protokoll", "Robert Hamberg (M)", "Maria Söderberg (C) ersätter Robert "
                     "Uitto (S)", "Ersättare", "Justerare Ann-Marie Johansson (S)",
                     f"§ {paragraph} Tertialrapport per april 2019",
                     "1. Tertialrapport per april 2019 godkänns.",
                     "2. Rapporten sänds till parterna.", "Sista dag för överklagande 2019-07-01",
                     "Förvaringsplats för protokollet Regionens kansli, Östersund"):
        assert expected in text, expected


def test_draft_minutes_are_the_committees_adjusted_ones_everyones(world, api, sitting):
    base = f"/api/v1/meetings/{sitting.meeting.pk}"
    assert api(world.auditor).get(f"{base}/minutes/").status_code == 200
    assert api(world.outsider).get(f"{base}/minutes/").status_code == 404
    assert api(world.outsider).get(f"{base}/minutes.pdf").status_code == 404
    assert api().get(f"{base}/minutes/").status_code in (401, 403)
    assert api().get("/api/v1/announcements/").json()["results"] == []
    sitting.head()
    sitting.decide_all()
    minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary)
    assert api(world.outsider).get(f"{base}/minutes/").json()["state"] == "approved"
    assert api(world.outsider).get(f"{base}/minutes.pdf").status_code == 200
    # The outsider reads, but never writes.
    refused = api(world.outsider).put(f"{base}/minutes/", {"chair": "X"}, format="json")
    assert refused.status_code in (403, 409)
    notices = api().get("/api/v1/announcements/").json()["results"]
    assert notices == [{
        "meeting": sitting.meeting.pk, "committee": "GNS", "committee_name": "Gemensam nämnd",
        "meeting_date": "2019-06-03", "paragraphs": "§ 1–4", "adjusted_on": "2019-06-10",
        "notice_posted_on": "2019-06-10", "appeal_deadline": "2019-07-01",
        "kept_at": "Regionens kansli, Östersund",
        "minutes_pdf": f"/api/v1/meetings/{sitting.meeting.pk}/minutes.pdf"}]


def test_a_document_whose_file_is_gone_is_404_not_500(world, api, report):
    document = report.documents.get()
    document.file.storage.delete(document.file.name)
    response = api(world.secretary).get(f"/api/v1/cases/{report.pk}/documents/{document.pk}/file")
    assert response.status_code == 404
