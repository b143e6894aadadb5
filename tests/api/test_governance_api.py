"""Extension requests, meetings and agendas, their PDFs and internal control through the
REST API (api/governance.py): the permission matrix, refusals and what they leave behind."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import (
    AgendaItem,
    AuditEvent,
    BudgetLine,
    ExtensionRequest,
    FinalReportRequirement,
    Financier,
    GateDecision,
    Meeting,
)
from portfolio.services import extensions, meetings, projects, steering

ROLES = ["owner", "manager", "steering", "member", "secretary", "chair", "auditor", "outsider",
         "other_secretary", "admin"]
COMMITTEE = {"secretary", "chair", "admin"}
STEERING = {"steering", "member", "admin"}
OWNER = {"owner", "admin"}

TODAY = datetime.date(2024, 1, 15)
FUTURE = "2030-06-30"
MEETING_DAY = datetime.date(2024, 6, 3)


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    return "".join(text.split())


def make_request(world, project, state=ExtensionRequest.State.DRAFT, **fields):
    fields.setdefault("requested_end_date", datetime.date(2025, 6, 30))
    fields.setdefault("reason", "Leverantören försenade leveransen.")
    request = extensions.request_extension(project=project, by=world.owner, today=TODAY, **fields)
    if state != ExtensionRequest.State.DRAFT:
        extensions.submit_extension(request=request, by=world.owner)
    if state == ExtensionRequest.State.RECOMMENDED:
        extensions.recommend_extension(request=request, by=world.steering)
    request.refresh_from_db()
    assert request.state == state
    return request


def new_meeting(world, date=MEETING_DAY):
    return meetings.create_meeting(committee=world.committee, date=date, by=world.secretary)


def state_of_everything():
    return (list(ExtensionRequest.objects.order_by("pk").values_list("state", "tabled_at",
                                                                     "decided_on")),
            list(Meeting.objects.order_by("pk").values_list("pk", "date")),
            list(AgendaItem.objects.order_by("pk").values_list("pk", "decided_paragraph")),
            list(GateDecision.objects.values_list("pk", flat=True)),
            FinalReportRequirement.objects.count(), BudgetLine.objects.count(),
            AuditEvent.objects.count())


# --- Permission matrix ------------------------------------------------------------------------

def _setup(world, action):
    """(method path, body) for ``action`` on fresh GNS objects."""
    project = world.project(State.EXECUTION)
    if action == "create_request":
        return project, f"/api/v1/projects/{project.pk}/extension-requests/", {
            "requested_end_date": FUTURE, "reason": "Försenad upphandling",
            "proposed_requirements": ["Redovisa upphandlingen"]}
    if action in ("submit", "recommend", "approve", "reject", "table"):
        state = {"submit": ExtensionRequest.State.DRAFT,
                 "approve": ExtensionRequest.State.RECOMMENDED}.get(
            action, ExtensionRequest.State.SUBMITTED)
        request = make_request(world, project, state)
        return project, f"/api/v1/extension-requests/{request.pk}/transitions/{action}/", {}
    if action == "create_meeting":
        return project, "/api/v1/meetings/", {"committee": "GNS", "date": "2024-06-03",
                                              "place": "Östersund"}
    meeting = new_meeting(world)
    if action == "build_agenda":
        return project, f"/api/v1/meetings/{meeting.pk}/build-agenda/", {}
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    item = meeting.items.order_by("position").first()
    return project, f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/decide/", {"outcome": "noted"}


MATRIX = {
    "create_request": (OWNER, 201),
    "submit": (OWNER, 200),
    "recommend": (STEERING, 200),
    "approve": (COMMITTEE, 200),
    "reject": (COMMITTEE, 200),
    "table": (COMMITTEE, 200),
    "create_meeting": (COMMITTEE, 201),
    "build_agenda": (COMMITTEE, 200),
    "decide_item": (COMMITTEE, 200),
}


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, api, role, action):
    allowed, success = MATRIX[action]
    project, path, body = _setup(world, action)
    before = state_of_everything()
    end_date = project.end_date
    response = api(world.users[role]).post(path, body, format="json")
    project.refresh_from_db()
    if role in allowed:
        assert response.status_code == success, response.content
        assert state_of_everything() != before
        expected = {"submit": "submitted", "recommend": "recommended", "approve": "approved",
                    "reject": "rejected", "table": "submitted", "create_request": "draft"}
        if action in expected:
            assert response.json()["state"] == expected[action]
        assert project.end_date == (datetime.date(2025, 6, 30) if action == "approve"
                                    else end_date)
    else:
        # A meeting of a committee the user does not belong to is not revealed.
        hidden = action in ("build_agenda", "decide_item") and role in ("outsider",
                                                                        "other_secretary")
        assert response.status_code == (404 if hidden else 403), response.content
        assert response.json()["detail"]
        assert state_of_everything() == before
        assert project.end_date == end_date


def test_anonymous_is_refused(world, api):
    project = world.project(State.EXECUTION)
    request = make_request(world, project)
    meeting = new_meeting(world)
    for path in (f"/api/v1/projects/{project.pk}/extension-requests/",
                 f"/api/v1/extension-requests/{request.pk}/transitions/submit/",
                 "/api/v1/meetings/", f"/api/v1/meetings/{meeting.pk}/build-agenda/"):
        assert api().post(path, {}, format="json").status_code in (401, 403)
    for path in (f"/api/v1/extension-requests/{request.pk}/", "/api/v1/control/",
                 f"/api/v1/meetings/{meeting.pk}/agenda.pdf"):
        assert api().get(path).status_code in (401, 403)


def test_other_committee_secretary_acts_on_her_own_committee_only(world, api):
    client = api(world.other_secretary)
    response = client.post("/api/v1/meetings/", {"committee": "GNS", "date": "2024-06-03"},
                           format="json")
    assert response.status_code == 403
    response = client.post("/api/v1/meetings/", {"committee": "GNU", "date": "2024-06-03"},
                           format="json")
    assert response.status_code == 201, response.content
    gnu = response.json()["id"]
    assert client.post(f"/api/v1/meetings/{gnu}/build-agenda/").status_code == 200
    # Her meeting cannot decide a GNS extension.
    project = world.project(State.EXECUTION)
    request = make_request(world, project, ExtensionRequest.State.RECOMMENDED)
    before = state_of_everything()
    response = client.post(f"/api/v1/extension-requests/{request.pk}/transitions/approve/",
                           {"meeting": gnu, "decided_on": "2024-06-03"}, format="json")
    assert response.status_code == 403
    assert state_of_everything() == before


def test_steering_member_of_one_project_cannot_recommend_on_another(world, api):
    a = world.project(State.EXECUTION, name="Projekt A")
    b = world.project(State.PRESTUDY, name="Projekt B")
    projects.staff_project(project=b, by=world.owner,
                           steering_group=[{"user": world.other_steering, "role": "chair"}])
    # The new group acts once the committee has confirmed it.
    steering.confirm_steering_group(project=b, by=world.secretary)
    request_a = make_request(world, a, ExtensionRequest.State.SUBMITTED)
    request_b = extensions.submit_extension(
        request=extensions.request_extension(project=b, by=world.owner, reason="Förstudien drar ut",
                                             requested_end_date=datetime.date(2025, 3, 31),
                                             today=TODAY), by=world.owner)
    before = state_of_everything()
    for user, request in ((world.steering, request_b), (world.member, request_b),
                          (world.other_steering, request_a)):
        response = api(user).post(f"/api/v1/extension-requests/{request.pk}/transitions/recommend/",
                                  {}, format="json")
        assert response.status_code == 403, (user, response.content)
    assert state_of_everything() == before
    for user, request in ((world.other_steering, request_b), (world.member, request_a)):
        response = api(user).post(f"/api/v1/extension-requests/{request.pk}/transitions/recommend/",
                                  {}, format="json")
        assert response.status_code == 200 and response.json()["state"] == "recommended"


# --- Extension requests: the whole way and its refusals --------------------------------------

def test_extension_request_through_the_api(world, api):
    project = world.project(State.EXECUTION)
    rjh = Financier.objects.create(project=project, code="rjh", name="Regionen")
    are = Financier.objects.create(project=project, code="are", name="Åre kommun")
    owner = api(world.owner)
    response = owner.post(f"/api/v1/projects/{project.pk}/extension-requests/", {
        "requested_end_date": FUTURE, "reason": "Försenad upphandling av journalsystemet.",
        "keeps_resources": False, "budget_change": {"amount": "120000",
                                                    "split": {"rjh": "80000", "are": "40000"}},
        "proposed_decision": "Projektet förlängs till 2030-06-30.",
        "proposed_requirements": ["Redovisa upphandlingen"]}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["case_number"] == project.case_number
    assert body["previous_end_date"] == "2024-12-31"
    assert body["budget"] == {"amount": "120000.00", "split": {"rjh": "80000.00", "are": "40000.00"}}
    pk = body["id"]
    listed = owner.get(f"/api/v1/projects/{project.pk}/extension-requests/").json()
    assert [r["id"] for r in listed] == [pk]
    assert owner.get(f"/api/v1/extension-requests/{pk}/").json()["reason"].startswith("Försenad")

    assert owner.post(f"/api/v1/extension-requests/{pk}/transitions/submit/").status_code == 200
    assert api(world.member).post(
        f"/api/v1/extension-requests/{pk}/transitions/recommend/").status_code == 200
    meeting = new_meeting(world)
    response = api(world.secretary).post(f"/api/v1/extension-requests/{pk}/transitions/approve/", {
        "meeting": meeting.pk, "paragraph": 12, "decided_on": "2024-06-03"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["meeting"], body["paragraph"], body["decided_on"]) == (
        "approved", meeting.pk, 12, "2024-06-03")
    project.refresh_from_db()
    assert project.end_date == datetime.date(2030, 6, 30)
    assert project.planned_end_date == datetime.date(2024, 12, 31)
    requirement = project.final_report_requirements.get()
    assert requirement.text == "Redovisa upphandlingen"
    assert "GNS 2024-06-03 § 12" in requirement.source
    line = project.budget_lines.get()
    assert line.total == Decimal("120000")
    assert {s.financier: s.amount for s in line.shares.all()} == {
        rjh: Decimal("80000"), are: Decimal("40000")}
    assert {"extension.approved", "project.extended", "budget.line_added"} <= set(
        AuditEvent.objects.filter(project=project).values_list("action", flat=True))


def test_rejection_through_the_api_keeps_the_end_date(world, api):
    project = world.project(State.EXECUTION)
    request = make_request(world, project, ExtensionRequest.State.RECOMMENDED)
    response = api(world.chair).post(
        f"/api/v1/extension-requests/{request.pk}/transitions/reject/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    project.refresh_from_db()
    assert project.end_date == datetime.date(2024, 12, 31)
    assert not FinalReportRequirement.objects.exists()


def _post_request(api, world, project, **body):
    body.setdefault("requested_end_date", FUTURE)
    body.setdefault("reason", "Försenad leverans")
    return api(world.owner).post(f"/api/v1/projects/{project.pk}/extension-requests/", body,
                                 format="json")


@pytest.mark.parametrize("body,field", [
    ({"requested_end_date": "2024-06-30"}, "requested_end_date"),   # before the current end
    ({"requested_end_date": "2024-12-31"}, "requested_end_date"),   # the current end itself
    ({"requested_end_date": "2025-06-30"}, "requested_end_date"),   # after it, but in the past
    ({"reason": " "}, "reason"),
    ({"state": "approved"}, "state"),
    ({"keeps_resources": False, "budget_change": {"amount": "120000",
                                                  "split": {"rjh": "80000", "are": "30000"}}},
     "budget_change_split"),
    ({"keeps_resources": False, "budget_change": {"amount": "120000", "split": {}}},
     "budget_change_split"),
    ({"keeps_resources": False, "budget_change": {"amount": "100",
                                                  "split": {"rjh": "50", "berg": "50"}}},
     "budget_change_split.berg"),
])
def test_bad_extension_requests_are_refused(world, api, body, field):
    project = world.project(State.EXECUTION)
    Financier.objects.create(project=project, code="rjh", name="Regionen")
    Financier.objects.create(project=project, code="are", name="Åre kommun")
    before = state_of_everything()
    response = _post_request(api, world, project, **body)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert response.json()[field][0]
    assert state_of_everything() == before
    assert not ExtensionRequest.objects.exists()


def test_the_past_is_today_relative(world, api):
    project = world.project(State.EXECUTION)
    response = _post_request(api, world, project, requested_end_date="2025-06-30")
    assert response.status_code == 400
    assert response.json()["requested_end_date"] == ["Kan inte ligga bakåt i tiden."]
    response = _post_request(api, world, project, requested_end_date="2024-06-30")
    assert response.json()["requested_end_date"] == ["Måste vara efter gällande slutdatum 2024-12-31."]


def test_a_second_open_request_is_refused(world, api):
    project = world.project(State.EXECUTION)
    first = make_request(world, project, ExtensionRequest.State.SUBMITTED)
    before = state_of_everything()
    response = _post_request(api, world, project, requested_end_date="2031-01-31")
    assert response.status_code == 409
    assert response.json()["code"] == "extension_pending"
    assert state_of_everything() == before
    # Once decided, a new request is possible.
    extensions.decide_extension(request=first, by=world.secretary, approve=False)
    assert _post_request(api, world, project, requested_end_date="2031-01-31").status_code == 201


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.CLOSING, State.CLOSED,
                                   State.CANCELLED])
def test_only_running_projects_are_extended(world, api, state):
    project = world.project(state)
    before = state_of_everything()
    response = _post_request(api, world, project)
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    assert state_of_everything() == before


@pytest.mark.parametrize("state", [ExtensionRequest.State.DRAFT, ExtensionRequest.State.SUBMITTED])
def test_approving_what_is_not_recommended_is_refused(world, api, state):
    project = world.project(State.EXECUTION)
    request = make_request(world, project, state)
    before = state_of_everything()
    response = api(world.secretary).post(
        f"/api/v1/extension-requests/{request.pk}/transitions/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    assert state_of_everything() == before
    project.refresh_from_db()
    assert project.end_date == datetime.date(2024, 12, 31)


def test_transitions_out_of_order_and_unknown_are_refused(world, api):
    project = world.project(State.EXECUTION)
    request = make_request(world, project)
    before = state_of_everything()
    base = f"/api/v1/extension-requests/{request.pk}/transitions"
    assert api(world.steering).post(f"{base}/recommend/").json()["code"] == "wrong_state"
    assert api(world.secretary).post(f"{base}/table/").status_code == 409
    assert api(world.secretary).post(f"{base}/reject/").status_code == 409
    assert api(world.admin).post(f"{base}/launch/").status_code == 404
    assert api(world.owner).post(f"{base}/submit/", {"state": "approved"},
                                 format="json").status_code == 400
    assert state_of_everything() == before


def test_deciding_at_another_committees_meeting_is_refused(world, api):
    project = world.project(State.EXECUTION)
    request = make_request(world, project, ExtensionRequest.State.RECOMMENDED)
    other = meetings.create_meeting(committee=world.other_committee, date=MEETING_DAY,
                                    by=world.other_secretary)
    before = state_of_everything()
    response = api(world.secretary).post(
        f"/api/v1/extension-requests/{request.pk}/transitions/approve/",
        {"meeting": other.pk, "paragraph": 1, "decided_on": "2024-06-03"}, format="json")
    assert response.status_code == 400
    assert "meeting" in response.json()
    assert state_of_everything() == before
    project.refresh_from_db()
    assert project.end_date == datetime.date(2024, 12, 31)


def test_a_paragraph_is_used_once_per_meeting(world, api):
    project = world.project(State.EXECUTION)
    request = make_request(world, project, ExtensionRequest.State.RECOMMENDED)
    waiting = world.project(State.SUBMITTED, name="BP0-ärende")
    meeting = new_meeting(world)
    world.decide(waiting, Gate.BP0, Outcome.TABLE, decided_on=MEETING_DAY, meeting=meeting,
                 paragraph=4)
    before = state_of_everything()
    client = api(world.secretary)
    path = f"/api/v1/extension-requests/{request.pk}/transitions/approve/"
    response = client.post(path, {"meeting": meeting.pk, "paragraph": 4,
                                  "decided_on": "2024-06-03"}, format="json")
    assert response.status_code == 400
    assert "paragraph" in response.json()
    assert state_of_everything() == before
    response = client.post(path, {"meeting": meeting.pk, "paragraph": 5,
                                  "decided_on": "2024-06-03"}, format="json")
    assert response.status_code == 200
    # And an agenda decision at the same meeting continues after it.
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    item = meeting.items.order_by("position").first()
    response = client.post(f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/decide/",
                           {"outcome": "noted"}, format="json")
    assert response.json()["decided_paragraph"] == 6


# --- Meetings through the API ---------------------------------------------------------------

def test_meeting_agenda_and_decisions_through_the_api(world, api):
    submitted = world.project(State.SUBMITTED, name="Väntar på BP0")
    closing = world.project(State.CLOSING, name="Väntar på BP4")
    running = world.project(State.EXECUTION, name="Vill förlängas")
    request = make_request(world, running, ExtensionRequest.State.RECOMMENDED)
    client = api(world.secretary)
    response = client.post("/api/v1/meetings/", {
        "committee": "GNS", "date": "2024-03-11", "start_time": "09:00", "place": "Östersund"},
        format="json")
    assert response.status_code == 201, response.content
    first = response.json()["id"]
    assert client.post("/api/v1/meetings/", {"committee": "GNS", "date": "2024-03-11"},
                       format="json").status_code == 400
    body = client.post(f"/api/v1/meetings/{first}/build-agenda/").json()
    kinds = [(i["kind"], i["project"], i["gate"]) for i in body["items"]]
    assert kinds == [("standing", None, ""), ("standing", None, ""),
                     ("gate", submitted.pk, "BP0"), ("final_report", closing.pk, "BP4"),
                     ("extension", running.pk, "")]
    assert body["items"][4]["extension_request"] == request.pk
    again = client.post(f"/api/v1/meetings/{first}/build-agenda/").json()
    assert [i["id"] for i in again["items"]] == [i["id"] for i in body["items"]]
    items = {i["kind"] + i["gate"]: i["id"] for i in body["items"]}
    decide = f"/api/v1/meetings/{first}/items/{{}}/decide/"
    response = client.post(decide.format(items["gateBP0"]), {"outcome": "table"}, format="json")
    assert response.status_code == 200 and response.json()["decided_paragraph"] == 1
    response = client.post(decide.format(items["extension"]), {"outcome": "table"}, format="json")
    assert response.json()["decided_paragraph"] == 2
    # The secretary confirms both decisions, which carries them out in the register.
    for key in ("gateBP0", "extension"):
        confirmed = client.post(f"/api/v1/meetings/{first}/items/{items[key]}/confirm/")
        assert confirmed.status_code == 200 and confirmed.json()["carried_out"] is True
    # Twice is refused, nothing changes.
    before = state_of_everything()
    response = client.post(decide.format(items["gateBP0"]), {"outcome": "start"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "already_decided"
    assert client.post(decide.format(items["final_reportBP4"]), {"outcome": "maybe"},
                       format="json").status_code == 400
    assert client.post(decide.format(999999), {"outcome": "noted"},
                       format="json").status_code == 404
    assert state_of_everything() == before

    second = client.post("/api/v1/meetings/", {"committee": "GNS", "date": "2024-04-15"},
                         format="json").json()["id"]
    body = client.post(f"/api/v1/meetings/{second}/build-agenda/").json()
    tabled = {i["kind"]: i for i in body["items"] if i["tabled_from"]}
    assert set(tabled) == {"gate", "extension"}
    assert tabled["gate"]["project"] == submitted.pk and tabled["gate"]["tabled_from"] == first
    assert tabled["extension"]["extension_request"] == request.pk
    assert tabled["extension"]["tabled_from"] == first
    response = client.post(f"/api/v1/meetings/{second}/items/{tabled['extension']['id']}/decide/",
                           {"outcome": "approve"}, format="json")
    assert response.status_code == 200 and response.json()["decided_paragraph"] == 3
    running.refresh_from_db()
    assert running.end_date != datetime.date(2025, 6, 30)  # recorded, not yet carried out
    assert client.post(f"/api/v1/meetings/{second}/items/{tabled['extension']['id']}/confirm/"
                       ).status_code == 200
    running.refresh_from_db()
    assert running.end_date == datetime.date(2025, 6, 30)
    listed = client.get("/api/v1/meetings/?committee=GNS").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [m["date"] for m in rows] == ["2024-04-15", "2024-03-11"]
    detail = client.get(f"/api/v1/meetings/{second}/").json()
    assert detail["committee"] == "GNS" and len(detail["items"]) == 5


def test_a_proposed_cancellation_added_by_hand(world, api):
    project = world.project(State.EXECUTION)
    meeting = new_meeting(world)
    client = api(world.secretary)
    path = f"/api/v1/meetings/{meeting.pk}/items/"
    before = state_of_everything()
    response = client.post(path, {"kind": "cancellation", "heading": "Förslag att avbryta",
                                  "project": project.pk}, format="json")
    assert response.status_code == 400
    assert "proposed_decision" in response.json()
    response = client.post(path, {"kind": "gate", "heading": "BP0"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()
    assert api(world.auditor).post(path, {"heading": "Info"}, format="json").status_code == 403
    assert state_of_everything() == before

    response = client.post(path, {"kind": "cancellation", "heading": "Förslag att avbryta",
                                  "project": project.pk,
                                  "proposed_decision": "Projektet avbryts då behovet upphört."},
                           format="json")
    assert response.status_code == 201, response.content
    item = response.json()
    assert item["case_number"] == project.case_number and item["kind"] == "cancellation"
    response = client.post(f"/api/v1/meetings/{meeting.pk}/items/{item['id']}/decide/",
                           {"outcome": "noted"}, format="json")
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.state == State.EXECUTION
    response = client.post(f"/api/v1/meetings/{meeting.pk}/items/{item['id']}/decide/",
                           {"outcome": "approve"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["decision_text"] == "Avbrutet"
    assert response.json()["decided_paragraph"] == 1
    assert response.json()["confirmed"] is False and response.json()["carried_out"] is False
    project.refresh_from_db()
    assert project.state == State.EXECUTION
    response = client.post(f"/api/v1/meetings/{meeting.pk}/items/{item['id']}/confirm/")
    assert response.status_code == 200, response.content
    assert response.json()["confirmed_by"] == world.secretary.username
    project.refresh_from_db()
    assert project.state == State.CANCELLED
    assert project.cancel_reason == "Projektet avbryts då behovet upphört."


# --- PDFs -----------------------------------------------------------------------------------

def test_agenda_pdf(world, api):
    submitted = world.project(State.SUBMITTED, name="Gemensam e-tjänst")
    running = world.project(State.EXECUTION, name="Cosmic LINK2")
    make_request(world, running, ExtensionRequest.State.RECOMMENDED,
                 proposed_decision="Projektet förlängs.")
    meeting = meetings.create_meeting(committee=world.committee, date=MEETING_DAY,
                                      by=world.secretary, place="Östersund",
                                      start_time=datetime.time(9), end_time=datetime.time(12))
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    meetings.add_item(meeting=meeting, by=world.secretary, heading="Information om budgeten",
                      presenter="Ekonomen")
    assert api(world.outsider).get(f"/api/v1/meetings/{meeting.pk}/agenda.pdf").status_code == 404
    response = api(world.auditor).get(f"/api/v1/meetings/{meeting.pk}/agenda.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content) if response.streaming
                    else response.content)
    assert "Kallelse/föredragningslista" in text
    assert "2024-06-03" in text and "Östersund" in text and "09:00" in text
    assert world.committee.name in text
    for item in meeting.items.all():
        assert squeezed(item.heading) in squeezed(text), item.heading
    for project in (submitted, running):
        assert project.case_number in squeezed(text)
    # As the seeds' kallelse writes it: the heading, then the numbered points (issue #11).
    assert "Förslag till beslut 1. Projektet förlängs." in text
    assert api(world.outsider).get("/api/v1/meetings/999999/agenda.pdf").status_code == 404


def test_extension_request_pdf(world, api):
    project = world.project(State.EXECUTION, name="Cosmic LINK2")
    request = make_request(world, project, ExtensionRequest.State.RECOMMENDED,
                           reason="Leverantören försenade leveransen av integrationen.",
                           proposed_decision="Projektet förlängs till 2025-06-30.",
                           proposed_requirements=["Redovisa förseningens kostnad"])
    response = api(world.auditor).get(f"/api/v1/extension-requests/{request.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Förslag till beslut" in text
    assert "Leverantören försenade leveransen av integrationen." in text
    assert "Projektet förlängs till 2025-06-30." in text
    assert "Redovisa förseningens kostnad" in text
    assert project.case_number in text and "2025-06-30" in text
    assert api(world.auditor).get("/api/v1/extension-requests/999999.pdf").status_code == 404


# --- Internal control -----------------------------------------------------------------------

def _rows(body, key) -> list[dict]:
    (check,) = [c for c in body["checks"] if c["key"] == key]
    assert check["count"] == len(check["items"])
    return check["items"]


def test_internal_control_through_the_api(world, api):
    bare = world.project(State.DRAFT, name="Utan risker och effektmål")
    no_meeting = world.project(State.PRESTUDY, name="BP0 utan sammanträde")
    late = world.project(State.EXECUTION, name="Efter slutdatum")
    waiting = world.project(State.EXECUTION, name="Har begärt förlängning")
    assert _post_request(api, world, waiting).status_code == 201
    capped = world.project(State.DRAFT, name="Över kostnadstaket", cost_cap=Decimal("100000"))
    BudgetLine.objects.create(project=capped, activity="Konsult", total=Decimal("150000"))
    overdue = world.project(State.EXECUTION, name="Krav försenat")
    request = make_request(world, overdue, ExtensionRequest.State.RECOMMENDED,
                           requested_end_date=datetime.date(2025, 6, 30),
                           proposed_requirements=["Redovisa förseningen"])
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=datetime.date(2024, 12, 1))

    response = api(world.auditor).get("/api/v1/control/?committee=GNS")
    assert response.status_code == 200
    body = response.json()
    assert body["committee"] == "GNS" and body["as_of"] == datetime.date.today().isoformat()

    def listed(key):
        return {r["project"] for r in _rows(body, key)}

    assert bare.pk in listed("no_risks") and bare.pk in listed("no_effect_goals")
    assert late.pk not in listed("no_risks")  # the directive documents them
    assert no_meeting.pk in listed("decision_without_meeting")
    # The real today is after 2024-12-31: running projects are late unless a request waits.
    assert {late.pk, no_meeting.pk} <= listed("past_end_date")
    assert waiting.pk not in listed("past_end_date")
    assert bare.pk not in listed("past_end_date")  # a draft does not run yet
    assert [r["project"] for r in _rows(body, "over_cost_cap")] == [capped.pk]
    overdue_rows = _rows(body, "requirement_overdue")
    assert [r["project"] for r in overdue_rows] == [overdue.pk]
    assert "Redovisa förseningen" in overdue_rows[0]["detail"]
    assert overdue_rows[0]["case_number"] == overdue.case_number

    assert api(world.auditor).get("/api/v1/control/?committee=GNU").status_code == 404
    other = api(world.other_secretary).get("/api/v1/control/?committee=GNU").json()
    assert all(c["count"] == 0 for c in other["checks"])
    assert all(c["count"] == 0 for c in api(world.outsider).get("/api/v1/control/").json()["checks"])
    everything = api(world.auditor).get("/api/v1/control/").json()
    assert everything["committee"] is None
    assert api(world.auditor).get("/api/v1/control/?committee=XYZ").status_code == 404
