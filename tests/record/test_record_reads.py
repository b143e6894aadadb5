"""Who reads the record: every new page and endpoint for every role of the World, before and
after the minutes are adjusted."""

import datetime

import pytest

from portfolio.services import cases, minutes
from tests.record.helpers import PDF

MEMBERS = {"owner", "manager", "steering", "member", "secretary", "chair", "auditor", "admin"}
ROLES = sorted(MEMBERS | {"outsider", "other_secretary", "other_steering", "anonymous"})


@pytest.fixture
def ids(world, sitting, monkeypatch):
    # Statuses are what this matrix checks; the PDFs' content is tested in test_record_api.
    monkeypatch.setattr("directives.http.render_pdf", lambda html: b"%PDF-1.4 stub")
    case = cases.open_case(committee=world.committee, kind="interim_report",
                           title="Delårsrapport", by=world.secretary, year=2019)
    document = cases.add_document(case=case, kind="beslutsunderlag", title="Delårsrapport",
                                  dated=datetime.date(2019, 9, 6), content=PDF,
                                  by=world.secretary)
    return {"c": case.pk, "d": document.pk, "m": sitting.meeting.pk}


# url: "record" (the committee's own, always) or "minutes" (public once adjusted).
READS = {
    "/portfolio/cases/": "list",
    "/portfolio/cases/{c}/": "record",
    "/portfolio/cases/{c}/documents/{d}/": "record",
    "/portfolio/meetings/{m}/minutes/": "minutes",
    "/portfolio/meetings/{m}/minutes.pdf": "minutes",
    "/api/v1/cases/": "list",
    "/api/v1/cases/{c}/": "record",
    "/api/v1/cases/{c}/documents/": "record",
    "/api/v1/cases/{c}/documents/{d}/file": "record",
    "/api/v1/meetings/{m}/minutes/": "minutes",
    "/api/v1/meetings/{m}/minutes.pdf": "minutes",
    "/api/v1/announcements/": "public",
}


def expected(role, kind, url, approved):
    if kind == "public":
        return 200
    if role == "anonymous":
        return 403 if url.startswith("/api/") else 302
    if role in MEMBERS or kind == "list" or (kind == "minutes" and approved):
        return 200
    return 404


@pytest.mark.parametrize("approved", [False, True], ids=["draft", "adjusted"])
@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(world, sitting, ids, client, api, role, approved):
    if approved:
        sitting.head()
        sitting.decide_all()
        minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary)
    user = world.users.get(role)  # None: anonymous
    if user is not None:
        client.force_login(user)
    got, want = {}, {}
    for template, kind in READS.items():
        url = template.format(**ids)
        response = (api(user) if url.startswith("/api/") else client).get(url)
        got[url], want[url] = response.status_code, expected(role, kind, url, approved)
    assert got == want


@pytest.mark.parametrize("role", ["outsider", "other_secretary"])
def test_the_lists_show_others_nothing(world, ids, client, role):
    client.force_login(getattr(world, role))
    page = client.get("/portfolio/cases/").content.decode()
    assert "GNS/1/2019" not in page and f"/portfolio/cases/{ids['c']}/" not in page
