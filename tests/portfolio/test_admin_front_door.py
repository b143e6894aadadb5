"""The admin is a front door to the services, never a way around them (issue #9).

Every admin write either is refused (403, no button) or goes through the service that the
pages and the API use, leaving exactly the audit row that service writes.
"""

import datetime
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import RequestFactory
from rest_framework.authtoken.models import Token, TokenProxy

from api.models import FeedToken
from directives.models import Document, Template, TemplateVersion
from portfolio.lifecycle import State
from portfolio.models import (
    AgendaItem,
    AuditEvent,
    BudgetLine,
    ChecklistAnswer,
    Committee,
    CommitteeMembership,
    CommitteeRole,
    ExtensionRequest,
    FinalReportRequirement,
    Financier,
    GateDecision,
    Meeting,
    Minutes,
    Party,
    PopulationFigure,
    PriceListRate,
    Project,
)
from portfolio.services import budgets, meetings
from tests.conftest import decide_and_confirm

APPS = ("portfolio", "directives", "api", "auth", "authtoken", "axes")
# The only admins that delete, each through a service with an audit row: revoking a role grant,
# revoking a user's API token and clearing a sign-in lockout.
DELETES = {CommitteeRole, TokenProxy, AccessAttempt}


class _FormScraper(HTMLParser):
    """The values a browser would post for the admin's main form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or ("on" if checkable else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea and self.data[self._textarea][0].startswith("\n"):
                self.data[self._textarea][0] = self.data[self._textarea][0][1:]
            self._textarea = None


def form_of(client, url, **overrides) -> dict:
    """GET an admin form and return its posted values with ``overrides`` applied."""
    response = client.get(url)
    assert response.status_code == 200, url
    scraper = _FormScraper()
    scraper.feed(response.content.decode())
    data = {k: v for k, v in scraper.data.items() if k != "csrfmiddlewaretoken"}
    for key, value in overrides.items():
        data[key] = value if isinstance(value, list) else [value]
    return data


def url(model, action="changelist", obj=None):
    name = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    if action == "add":
        return name + "add/"
    if action == "changelist":
        return name
    return f"{name}{obj.pk}/{action}/"


class Audit:
    def __init__(self):
        self.before = AuditEvent.objects.count()

    def new(self):
        return list(AuditEvent.objects.order_by("id")[self.before:])


@pytest.fixture
def su(world, client):
    client.force_login(world.admin)
    return client


@pytest.fixture
def records(world):
    """One record of every kind the admin lists."""
    project = world.project(State.EXECUTION)
    world.project(State.CLOSING, name="Avslutas")
    budgets.set_budget(project=project, by=world.owner,
                       financiers=[{"code": "gns", "parties": ["rjh", "are"],
                                    "allocation_key": "equal"}],
                       lines=[{"activity": "Projektledare", "total": "1000",
                               "shares": {"gns": "1000"}}])
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 6, 3),
                                      by=world.secretary, place="Östersund")
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    from portfolio.services import extensions
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2099, 6, 30),
        reason="Försenad leverans", proposed_requirements=["Redovisa effekterna"])
    FinalReportRequirement.objects.create(project=project, text="Redovisa", source="test")
    rate = PriceListRate.objects.create(committee=world.committee, resource="Projektledare",
                                        hourly_rate="850.00", valid_from=datetime.date(2019, 1, 1))
    figure = PopulationFigure.objects.create(party=world.are, as_of=datetime.date(2018, 11, 1),
                                             population=11000)
    token = FeedToken.objects.create(name="Intranätet")
    return {
        "project": project, "meeting": meeting, "extension": request, "rate": rate,
        "figure": figure, "token": token,
    }


def _registered():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in APPS]


def test_no_admin_deletes_anything_but_role_grants(world):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    registered = _registered()
    assert {m for m, _a in registered} >= {Project, ExtensionRequest, BudgetLine, Financier,
                                           FinalReportRequirement, Meeting, PriceListRate,
                                           CommitteeRole, CommitteeMembership, FeedToken,
                                           User, Group, TokenProxy, AccessAttempt, AccessLog,
                                           AccessFailureLog}
    for model, model_admin in registered:
        deletes = model_admin.has_delete_permission(request)
        assert deletes == (model in DELETES), model
        if model not in DELETES:
            assert "delete_selected" not in model_admin.get_actions(request), model
        for inline in model_admin.get_inline_instances(request):
            if inline.model is not CommitteeRole and inline.model.__name__ != "SteeringGroupMember":
                assert not inline.has_delete_permission(request), (model, inline.model)


def test_state_is_never_editable_in_any_admin(world, su, records):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    from portfolio.services import minutes

    objects = {Project: records["project"], ExtensionRequest: records["extension"],
               Minutes: minutes.minutes_of(records["meeting"])}
    for model, model_admin in _registered():
        if "state" not in [f.name for f in model._meta.fields]:
            continue
        obj = objects[model]
        editable = model_admin.has_change_permission(request, obj)
        assert not editable or "state" in model_admin.get_readonly_fields(request, obj), model
        html = su.get(url(model, "change", obj)).content.decode()
        assert 'name="state"' not in html, model


READ_ONLY = [
    (ExtensionRequest, lambda r: r["extension"]),
    (BudgetLine, lambda r: BudgetLine.objects.first()),
    (Financier, lambda r: Financier.objects.first()),
    (FinalReportRequirement, lambda r: FinalReportRequirement.objects.first()),
    (ChecklistAnswer, lambda r: ChecklistAnswer.objects.first()),
    (AuditEvent, lambda r: AuditEvent.objects.first()),
    (Template, lambda r: Template.objects.first()),
    (Document, lambda r: Document.objects.first()),
    (AccessLog, lambda r: AccessLog.objects.create(username="anna", ip_address="10.0.0.1",
                                                   user_agent="x", http_accept="*/*",
                                                   path_info="/login/")),
    (AccessFailureLog, lambda r: AccessFailureLog.objects.create(
        username="anna", ip_address="10.0.0.1", user_agent="x", http_accept="*/*",
        path_info="/login/", locked_out=True)),
]


@pytest.mark.parametrize("model,pick", READ_ONLY, ids=[m.__name__ for m, _p in READ_ONLY])
def test_read_only_admins_refuse_every_write(su, records, model, pick):
    obj = pick(records)
    assert obj is not None
    audit = Audit()
    count = model.objects.count()
    page = su.get(url(model, "change", obj))
    assert page.status_code == 200  # shown ...
    html = page.content.decode()
    assert 'name="_save"' not in html and "deletelink" not in html  # ... with no buttons
    assert su.get(url(model, "add")).status_code == 403
    assert su.post(url(model, "add"), {}).status_code == 403
    assert su.post(url(model, "change", obj), {}).status_code == 403
    assert su.post(url(model, "delete", obj), {"post": "yes"}).status_code == 403
    bulk = su.post(url(model), {"action": "delete_selected", "_selected_action": [obj.pk],
                                "post": "yes"})
    assert bulk.status_code in (200, 302)
    assert model.objects.count() == count and audit.new() == []


def test_a_draft_project_cannot_be_deleted_in_the_admin(world, su):
    draft = world.project(State.DRAFT)
    assert su.post(url(Project, "delete", draft), {"post": "yes"}).status_code == 403
    su.post(url(Project), {"action": "delete_selected", "_selected_action": [draft.pk],
                           "post": "yes"})
    assert Project.objects.filter(pk=draft.pk).exists()
    assert 'value="delete_selected"' not in su.get(url(Project)).content.decode()


def test_gate_decision_added_in_the_admin_leaves_one_audit_row(world, su):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, "BP0")
    audit = Audit()
    data = form_of(su, url(GateDecision, "add"), project=str(project.pk), gate="BP0",
                   outcome="start", decided_on="2024-02-01")
    assert su.post(url(GateDecision, "add"), data).status_code == 302
    [event] = audit.new()
    assert event.action == "gate.decided" and event.project_id == project.pk
    assert Project.objects.get(pk=project.pk).state == State.PRESTUDY


def test_gate_decisions_are_not_changed_or_deleted_in_the_admin(world, su):
    project = world.project(State.ESTABLISHMENT)
    decision = GateDecision.objects.get(project=project)
    assert su.post(url(GateDecision, "change", decision), {"comment": "x"}).status_code == 403
    assert su.post(url(GateDecision, "delete", decision), {"post": "yes"}).status_code == 403
    assert GateDecision.objects.filter(pk=decision.pk, comment="").exists()


def test_project_added_in_the_admin_goes_through_create_project(world, su):
    audit = Audit()
    data = form_of(su, url(Project, "add"), committee=str(world.committee.pk), name="Ny förstudie",
                   kind="prestudy", owner=str(world.owner.pk), parties=[str(world.are.pk)],
                   start_date="2025-01-01", planned_end_date="2025-06-30")
    response = su.post(url(Project, "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(name="Ny förstudie")
    assert project.state == State.DRAFT and project.case_seq
    assert [e.action for e in audit.new()] == ["project.created"]


def test_steering_group_in_the_admin_goes_through_staff_project(world, su):
    project = world.project(State.SUBMITTED)
    edit = url(Project, "change", project)
    data = form_of(su, edit)
    # Add the outsider as a member in the empty extra row Django offers on demand.
    total = int(data["steering_group-TOTAL_FORMS"][0])
    data.update({f"steering_group-{total}-user": [str(world.outsider.pk)],
                 f"steering_group-{total}-role": ["member"],
                 f"steering_group-{total}-responsibility": ["Ekonomi"],
                 "steering_group-TOTAL_FORMS": [str(total + 1)]})
    audit = Audit()
    response = su.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # The World confirms its groups; a changed group waits for the committee again.
    assert sorted(e.action for e in audit.new()) == ["project.steering_group_set",
                                                     "project.steering_group_unconfirmed"]
    assert project.steering_group.filter(user=world.outsider, responsibility="Ekonomi").exists()


def test_a_refused_inline_keeps_the_project_change_too(world, su):
    """The project's service runs while the form is validated; when an inline is refused
    afterwards, that change is rolled back with it."""
    project = world.project(State.SUBMITTED)
    edit = url(Project, "change", project)
    data = form_of(su, edit, name="Nytt namn")
    for index in range(int(data["steering_group-TOTAL_FORMS"][0])):
        data[f"steering_group-{index}-role"] = ["chair"]  # two chairs
    audit = Audit()
    response = su.post(edit, data)
    assert response.status_code == 200
    assert "exactly one chair" in response.content.decode() or "en ordförande" in \
        response.content.decode()
    project.refresh_from_db()
    assert project.name == "Testprojekt" and audit.new() == []


def test_past_bp1_the_admin_offers_no_staffing_or_plan_changes(world, su):
    project = world.project(State.EXECUTION)
    html = su.get(url(Project, "change", project)).content.decode()
    for field in ("manager", "start_date", "planned_end_date", "state", "steering_group-0-user"):
        assert f'name="{field}"' not in html, field


def test_an_ended_project_is_shown_but_not_edited_in_the_admin(world, su):
    project = world.project(State.CANCELLED)
    page = su.get(url(Project, "change", project))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    audit = Audit()
    assert su.post(url(Project, "change", project), {"name": "Nytt"}).status_code == 403
    assert Project.objects.get(pk=project.pk).name == "Testprojekt" and audit.new() == []


def test_committee_role_granted_and_revoked_through_the_roles_service(world, su):
    audit = Audit()
    data = form_of(su, url(CommitteeRole, "add"), user=str(world.outsider.pk),
                   committee=str(world.committee.pk), role="preparer")
    assert su.post(url(CommitteeRole, "add"), data).status_code == 302
    grant = CommitteeRole.objects.get(user=world.outsider)
    [event] = audit.new()
    assert event.action == "committee.role_granted" and event.committee_id == world.committee.pk
    assert event.changes == {"role": [None, "outsider:preparer"]}

    again = Audit()
    duplicate = su.post(url(CommitteeRole, "add"), data)
    assert duplicate.status_code == 200 and again.new() == []
    assert CommitteeRole.objects.filter(user=world.outsider).count() == 1

    assert su.post(url(CommitteeRole, "change", grant), data).status_code == 403
    revoked = Audit()
    assert su.post(url(CommitteeRole, "delete", grant), {"post": "yes"}).status_code == 302
    assert not CommitteeRole.objects.filter(pk=grant.pk).exists()
    assert [e.action for e in revoked.new()] == ["committee.role_revoked"]


def test_bulk_revoke_of_roles_audits_each_grant(world, su):
    grants = list(CommitteeRole.objects.filter(committee=world.committee,
                                               role__in=["chair", "auditor"]))
    audit = Audit()
    response = su.post(url(CommitteeRole), {"action": "delete_selected", "post": "yes",
                                            "_selected_action": [g.pk for g in grants]})
    assert response.status_code == 302
    assert sorted(e.object_id for e in audit.new()
                  if e.action == "committee.role_revoked") == sorted(str(g.pk) for g in grants)
    assert len(audit.new()) == 2


def test_membership_added_and_changed_through_the_roles_service_never_deleted(world, su):
    ostersund = Party.objects.create(code="ostersund", name="Östersunds kommun",
                                     kind="municipality")
    audit = Audit()
    data = form_of(su, url(CommitteeMembership, "add"), committee=str(world.committee.pk),
                   party=str(ostersund.pk), joined_on="2020-01-01")
    assert su.post(url(CommitteeMembership, "add"), data).status_code == 302
    membership = CommitteeMembership.objects.get(party=ostersund)
    assert [e.action for e in audit.new()] == ["committee.membership_added"]

    bad = Audit()
    data = form_of(su, url(CommitteeMembership, "change", membership), left_on="2019-12-31")
    response = su.post(url(CommitteeMembership, "change", membership), data)
    assert response.status_code == 200 and bad.new() == []
    membership.refresh_from_db()
    assert membership.left_on is None

    changed = Audit()
    data["left_on"] = ["2023-12-31"]
    assert su.post(url(CommitteeMembership, "change", membership), data).status_code == 302
    [event] = changed.new()
    assert event.action == "committee.membership_changed"
    assert event.changes == {"left_on": [None, "2023-12-31"]}
    assert su.post(url(CommitteeMembership, "delete", membership),
                   {"post": "yes"}).status_code == 403


def test_committee_and_party_changes_are_audited(world, su):
    audit = Audit()
    data = form_of(su, url(Committee, "change", world.committee), base_fee="120000.00")
    response = su.post(url(Committee, "change", world.committee), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [event] = audit.new()
    assert event.action == "committee.changed" and event.changes["base_fee"][1] == "120000.00"
    # The code is in every case number: it cannot change once projects exist.
    world.project()
    data["code"] = ["XYZ"]
    refused = Audit()
    assert su.post(url(Committee, "change", world.committee), data).status_code == 200
    assert Committee.objects.get(pk=world.committee.pk).code == "GNS" and refused.new() == []

    party = Audit()
    data = form_of(su, url(Party, "change", world.berg), name="Bergs kommun (ny)")
    assert su.post(url(Party, "change", world.berg), data).status_code == 302
    assert [e.action for e in party.new()] == ["party.changed"]
    for model, obj in ((Committee, world.committee), (Party, world.berg)):
        assert su.post(url(model, "delete", obj), {"post": "yes"}).status_code == 403


def test_party_and_committee_added_through_the_organisations_service(world, su):
    audit = Audit()
    data = form_of(su, url(Party, "add"), code="krokom", name="Krokoms kommun",
                   kind="municipality")
    assert su.post(url(Party, "add"), data).status_code == 302
    krokom = Party.objects.get(code="krokom")
    [event] = audit.new()
    assert event.action == "party.added" and event.changes["name"] == [None, "Krokoms kommun"]

    committee = Audit()
    data = form_of(su, url(Committee, "add"), code="GNX", name="Ny nämnd",
                   host_party=str(krokom.pk), base_fee="0")
    response = su.post(url(Committee, "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [event] = committee.new()
    assert event.action == "committee.added"
    assert event.committee_id == Committee.objects.get(code="GNX").pk
    # The model's own rules hold: a code is unique.
    again = Audit()
    assert su.post(url(Committee, "add"), data).status_code == 200 and again.new() == []


def test_population_figure_through_the_organisations_service(world, su, records):
    audit = Audit()
    data = form_of(su, url(PopulationFigure, "add"), party=str(world.berg.pk),
                   as_of="2018-11-01", population="7000", source="SCB")
    assert su.post(url(PopulationFigure, "add"), data).status_code == 302
    assert [e.action for e in audit.new()] == ["population.added"]
    figure = records["figure"]
    changed = Audit()
    data = form_of(su, url(PopulationFigure, "change", figure), population="11500")
    assert su.post(url(PopulationFigure, "change", figure), data).status_code == 302
    [event] = changed.new()
    assert event.action == "population.changed" and event.changes == {"population": [11000, 11500]}
    assert su.post(url(PopulationFigure, "delete", figure), {"post": "yes"}).status_code == 403


def test_meetings_through_the_meeting_service(world, su, records):
    audit = Audit()
    data = form_of(su, url(Meeting, "add"), committee=str(world.committee.pk), date="2024-10-07",
                   place="Sveg")
    assert su.post(url(Meeting, "add"), data).status_code == 302
    assert [e.action for e in audit.new()] == ["meeting.created"]
    # The service's rule holds in the admin: one meeting a day.
    clash = Audit()
    assert su.post(url(Meeting, "add"), data).status_code == 200 and clash.new() == []

    meeting = records["meeting"]
    changed = Audit()
    data = form_of(su, url(Meeting, "change", meeting), place="Krokom")
    response = su.post(url(Meeting, "change", meeting), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [event] = changed.new()
    assert event.action == "meeting.updated" and event.changes == {"place": ["Östersund", "Krokom"]}
    html = su.get(url(Meeting, "change", meeting)).content.decode()
    assert meeting.items.exists() and 'name="items-0-heading"' not in html
    assert su.post(url(Meeting, "delete", meeting), {"post": "yes"}).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists() and AgendaItem.objects.exists()


def test_meeting_date_is_fixed_once_decided(world, su, records):
    meeting = records["meeting"]
    item = meeting.items.exclude(kind="standing").first()
    decide_and_confirm(item=item, outcome="table", by=world.secretary)
    data = form_of(su, url(Meeting, "change", meeting), date="2024-06-10")
    audit = Audit()
    assert su.post(url(Meeting, "change", meeting), data).status_code == 200
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2024, 6, 3) and audit.new() == []


def test_price_list_rates_through_the_price_list_service(world, su, records):
    audit = Audit()
    data = form_of(su, url(PriceListRate, "add"), committee=str(world.committee.pk),
                   resource="Projektledare", hourly_rate="900.00", valid_from="2020-01-01",
                   decision_reference="GNS/7/2019")
    assert su.post(url(PriceListRate, "add"), data).status_code == 302
    [event] = audit.new()
    assert event.action == "price_list.rate_added" and event.committee_id == world.committee.pk

    rate = records["rate"]
    changed = Audit()
    data = form_of(su, url(PriceListRate, "change", rate), hourly_rate="875.00")
    assert su.post(url(PriceListRate, "change", rate), data).status_code == 302
    [event] = changed.new()
    assert event.action == "price_list.rate_changed"
    assert event.changes == {"hourly_rate": ["850.00", "875.00"]}

    refused = Audit()
    data["hourly_rate"] = ["0"]
    assert su.post(url(PriceListRate, "change", rate), data).status_code == 200
    rate.refresh_from_db()
    assert str(rate.hourly_rate) == "875.00" and refused.new() == []
    assert su.post(url(PriceListRate, "delete", rate), {"post": "yes"}).status_code == 403


def test_template_revision_in_the_admin_is_audited(world, su):
    version = TemplateVersion.objects.filter(template__kind="directive").order_by("-number").first()
    audit = Audit()
    data = form_of(su, url(TemplateVersion, "change", version), note="Ny version")
    assert su.post(url(TemplateVersion, "change", version), data).status_code == 302
    [event] = audit.new()
    assert event.action == "template.revised"
    assert event.changes == {"version": [version.number, version.number + 1]}
    assert su.get(url(TemplateVersion, "add")).status_code == 403
    assert su.post(url(TemplateVersion, "delete", version), {"post": "yes"}).status_code == 403


def test_feed_tokens_issued_and_revoked_with_an_audit_row(world, su, records):
    audit = Audit()
    data = form_of(su, url(FeedToken, "add"), name="Regionens intranät")
    assert su.post(url(FeedToken, "add"), data).status_code == 302
    token = FeedToken.objects.get(name="Regionens intranät")
    [event] = audit.new()
    assert event.action == "feed_token.created" and token.key not in str(event.changes)

    revoked = Audit()
    su.post(url(FeedToken), {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert [e.action for e in revoked.new()] == ["feed_token.revoked"]
    assert su.post(url(FeedToken, "change", token), {"name": "x"}).status_code == 403
    assert su.post(url(FeedToken, "delete", token), {"post": "yes"}).status_code == 403


# Accounts: Django's and the add-ons' admins are replaced by audited ones (issue: audit bypass).

def test_a_user_added_in_the_admin_is_audited_without_the_password(world, su):
    audit = Audit()
    data = form_of(su, url(User, "add"), username="nybörjare", usable_password="true",
                   password1="Ett-långt-lösen-42", password2="Ett-långt-lösen-42")
    response = su.post(url(User, "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="nybörjare")
    assert user.check_password("Ett-långt-lösen-42") and not user.is_staff
    [event] = audit.new()
    assert event.action == "user.created" and event.object_id == str(user.pk)
    assert event.changes["username"] == [None, "nybörjare"]
    assert event.changes["password"] == [None, "set"]
    assert "Ett-långt" not in str(event.changes) and user.password not in str(event.changes)

    weak = Audit()
    data = form_of(su, url(User, "add"), username="svag", usable_password="true",
                   password1="123", password2="123")
    assert su.post(url(User, "add"), data).status_code == 200
    assert not User.objects.filter(username="svag").exists() and weak.new() == []


def test_superuser_grant_groups_and_permissions_are_audited(world, su):
    target = world.outsider
    planners = Group.objects.create(name="Planerare")
    add_project = Permission.objects.get(codename="add_project")
    audit = Audit()
    data = form_of(su, url(User, "change", target), is_staff="on", is_superuser="on",
                   groups=[str(planners.pk)], user_permissions=[str(add_project.pk)])
    response = su.post(url(User, "change", target), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.is_superuser and target.groups.filter(pk=planners.pk).exists()
    [event] = audit.new()
    assert event.action == "user.changed" and event.object_id == str(target.pk)
    assert event.actor_id == world.admin.pk
    assert event.changes == {"is_staff": [False, True], "is_superuser": [False, True],
                             "groups": [[], ["Planerare"]],
                             "user_permissions": [[], ["portfolio.add_project"]]}

    deactivated = Audit()
    data = form_of(su, url(User, "change", target))
    data.pop("is_active", None)
    assert su.post(url(User, "change", target), data).status_code == 302
    [event] = deactivated.new()
    assert event.changes == {"is_active": [True, False]}

    # The sign-in records are the system's, not the admin's to rewrite.
    html = su.get(url(User, "change", target)).content.decode()
    assert 'name="last_login_0"' not in html and 'name="date_joined_0"' not in html


def test_password_change_in_the_admin_is_audited_without_the_hash(world, su):
    target = world.outsider
    change = url(User, "password", target)
    audit = Audit()
    response = su.post(change, {"usable_password": "true", "password1": "Nytt-lösen-för-99",
                                "password2": "Nytt-lösen-för-99"})
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.check_password("Nytt-lösen-för-99")
    [event] = audit.new()
    assert event.action == "user.password_changed" and event.object_id == str(target.pk)
    assert event.changes == {"password": ["set", "changed"]}
    assert target.password not in str(event.changes) + event.summary
    assert "Nytt-lösen" not in str(event.changes) + event.summary

    disabled = Audit()
    assert su.post(change, {"usable_password": "false", "set-unusable": "1",
                            "unset-password": "1"}).status_code == 302
    target.refresh_from_db()
    assert not target.has_usable_password()
    [event] = disabled.new()
    assert event.changes == {"password": ["set", "disabled"]}

    refused = Audit()
    assert su.post(change, {"usable_password": "true", "password1": "a",
                            "password2": "b"}).status_code == 200
    assert refused.new() == []


def test_an_admin_changing_their_own_password_stays_signed_in(world, su):
    change = url(User, "password", world.admin)
    assert su.post(change, {"usable_password": "true", "password1": "Eget-nytt-lösen-7",
                            "password2": "Eget-nytt-lösen-7"}).status_code == 302
    assert su.get(url(User)).status_code == 200


def test_users_are_never_deleted_in_the_admin(world, su):
    target = world.outsider
    audit = Audit()
    assert su.post(url(User, "delete", target), {"post": "yes"}).status_code == 403
    su.post(url(User), {"action": "delete_selected", "_selected_action": [target.pk],
                        "post": "yes"})
    assert User.objects.filter(pk=target.pk).exists() and audit.new() == []
    assert 'value="delete_selected"' not in su.get(url(User)).content.decode()


def test_a_user_with_committee_roles_cannot_be_deleted_at_all(world):
    from django.db.models import ProtectedError
    grant = CommitteeRole.objects.filter(committee=world.committee).first()
    with pytest.raises(ProtectedError):
        grant.user.delete()
    assert CommitteeRole.objects.filter(pk=grant.pk).exists()


def test_groups_added_and_changed_audited_never_deleted(world, su):
    add_project = Permission.objects.get(codename="add_project")
    audit = Audit()
    data = form_of(su, url(Group, "add"), name="Projektägare",
                   permissions=[str(add_project.pk)])
    assert su.post(url(Group, "add"), data).status_code == 302
    group = Group.objects.get(name="Projektägare")
    [event] = audit.new()
    assert event.action == "group.created"
    assert event.changes == {"name": [None, "Projektägare"],
                             "permissions": [None, ["portfolio.add_project"]]}

    changed = Audit()
    data = form_of(su, url(Group, "change", group), permissions=[])
    assert su.post(url(Group, "change", group), data).status_code == 302
    [event] = changed.new()
    assert event.action == "group.changed"
    assert event.changes == {"permissions": [["portfolio.add_project"], []]}
    assert not group.permissions.exists()

    refused = Audit()
    assert su.post(url(Group, "delete", group), {"post": "yes"}).status_code == 403
    su.post(url(Group), {"action": "delete_selected", "_selected_action": [group.pk],
                         "post": "yes"})
    assert Group.objects.filter(pk=group.pk).exists() and refused.new() == []


def test_api_tokens_issued_and_revoked_with_an_audit_row_without_the_key(world, su):
    target = world.outsider
    audit = Audit()
    data = form_of(su, url(TokenProxy, "add"), user=str(target.pk))
    response = su.post(url(TokenProxy, "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    token = Token.objects.get(user=target)
    [event] = audit.new()
    assert event.action == "api_token.created" and event.actor_id == world.admin.pk
    assert event.object_type == "auth.User" and event.object_id == str(target.pk)
    assert token.key not in str(event.changes) + event.summary + event.object_id

    again = Audit()
    assert su.post(url(TokenProxy, "add"), data).status_code == 200
    assert Token.objects.filter(user=target).count() == 1 and again.new() == []

    # A token is never handed to someone else.
    proxy = TokenProxy.objects.get(user=target)
    assert su.post(url(TokenProxy, "change", proxy),
                   {"user": str(world.owner.pk)}).status_code == 403
    assert Token.objects.get(user=target).key == token.key

    revoked = Audit()
    assert su.post(url(TokenProxy, "delete", proxy), {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(key=token.key).exists()
    [event] = revoked.new()
    assert event.action == "api_token.revoked" and event.object_id == str(target.pk)
    assert token.key not in str(event.changes) + event.summary


def _attempt(username="anna", failures=5):
    return AccessAttempt.objects.create(username=username, ip_address="10.0.0.9", user_agent="x",
                                        http_accept="*/*", path_info="/login/", get_data="",
                                        post_data="", failures_since_start=failures)


def test_clearing_a_lockout_is_audited(world, su):
    attempt = _attempt()
    assert su.post(url(AccessAttempt, "change", attempt), {"failures_since_start": "0"}
                   ).status_code == 403
    assert su.get(url(AccessAttempt, "add")).status_code == 403
    audit = Audit()
    assert su.post(url(AccessAttempt, "delete", attempt), {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    [event] = audit.new()
    assert event.action == "auth.lockout_cleared" and event.object_id == str(attempt.pk)
    assert event.changes == {"failures": [5, None], "username": ["anna", None],
                             "address": ["10.0.0.9", None]}

    bulk = [_attempt("bo"), _attempt("cia")]
    many = Audit()
    su.post(url(AccessAttempt), {"action": "delete_selected", "post": "yes",
                                 "_selected_action": [a.pk for a in bulk]})
    assert not AccessAttempt.objects.exists()
    assert sorted(e.object_id for e in many.new()) == sorted(str(a.pk) for a in bulk)
    assert {e.action for e in many.new()} == {"auth.lockout_cleared"}


def test_only_a_superuser_grants_superuser_or_changes_a_superusers_account(world, client):
    clerk = world.outsider
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.set(Permission.objects.filter(
        content_type__app_label="auth", codename__in=["view_user", "change_user"]))
    client.force_login(clerk)
    target = world.owner
    audit = Audit()
    data = form_of(client, url(User, "change", target), is_superuser="on")
    assert client.post(url(User, "change", target), data).status_code == 200
    target.refresh_from_db()
    assert not target.is_superuser and audit.new() == []
    # The same clerk may change an ordinary account (audited) ...
    data = form_of(client, url(User, "change", target), first_name="Olle")
    assert client.post(url(User, "change", target), data).status_code == 302
    assert [e.action for e in audit.new()] == ["user.changed"]
    # ... but not a superuser's password.
    refused = Audit()
    response = client.post(url(User, "password", world.admin),
                           {"usable_password": "true", "password1": "Kapat-konto-123",
                            "password2": "Kapat-konto-123"})
    assert response.status_code == 403 and refused.new() == []
    world.admin.refresh_from_db()
    assert world.admin.check_password("pw")
