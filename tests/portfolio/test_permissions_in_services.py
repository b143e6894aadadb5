"""Every "who may" lives in portfolio.permissions and is asked by the service itself, so a
caller that forgets to check (a page, a command, a script) is still refused."""

import datetime
from decimal import Decimal

import pytest

from directives import services as documents
from directives.models import Template
from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.lifecycle import State
from portfolio.models import (
    AuditEvent,
    CostObject,
    ExtensionRequest,
    Outcome,
    PriceListRate,
    TimeEntry,
)
from portfolio.services import extensions, time
from portfolio.services.outcomes import import_outcomes

GNS_FILE = b"cost_object;period;category;amount\n6663;2019-01;Kostnader;-100\n"
GNU_FILE = b"cost_object;period;category;amount\n9001;2019-01;Kostnader;-100\n"


@pytest.fixture
def cost_objects(world):
    CostObject.objects.create(committee=world.committee, code="6663", name="Serverdrift")
    CostObject.objects.create(committee=world.other_committee, code="9001", name="Annan nämnd")


@pytest.mark.parametrize("who", ["owner", "auditor", "outsider", "other_secretary"])
def test_outcome_import_refuses_everyone_but_the_committees_deciders(world, cost_objects, who):
    assert not permissions.can_import_outcomes(world.users[who], world.committee)
    with pytest.raises(NotAllowed):
        import_outcomes(filename="u.csv", data=GNS_FILE, by=world.users[who],
                        committee=world.committee)
    assert Outcome.objects.count() == 0


def test_outcome_import_without_a_committee_checks_every_committee_in_the_file(world,
                                                                             cost_objects):
    # The command names no committee; GNS's secretary still cannot import GNU's rows.
    with pytest.raises(NotAllowed):
        import_outcomes(filename="u.csv", data=GNU_FILE, by=world.secretary)
    assert Outcome.objects.count() == 0
    batch = import_outcomes(filename="u.csv", data=GNS_FILE, by=world.secretary)
    assert batch.rows == 1


def test_time_recording_is_refused_in_the_service(world):
    PriceListRate.objects.create(committee=world.committee, resource="Jurist",
                                 hourly_rate=Decimal("645"), valid_from=datetime.date(2019, 1, 1),
                                 decision_reference="GNS/7/2019")
    project = world.project()
    for who in ("outsider", "auditor", "steering"):
        assert not permissions.can_record_time(world.users[who], world.committee, project)
        with pytest.raises(NotAllowed):
            time.record_time(committee=world.committee, party=world.are, resource="Jurist",
                             hours=Decimal("2"), date=datetime.date(2024, 2, 1),
                             by=world.users[who], project=project)
    assert TimeEntry.objects.count() == 0
    assert permissions.can_record_time(world.manager, world.committee, project)
    assert not permissions.can_record_time(world.manager, world.committee, None)


def _draft_extension(world):
    project = world.project(State.EXECUTION)
    return extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2099, 6, 30),
        reason="Leverantören är försenad.")


def test_only_the_owner_requests_and_submits_an_extension(world):
    project = world.project(State.EXECUTION)
    for who in ("manager", "steering", "secretary"):
        assert not permissions.can_request_extension(world.users[who], project)
        with pytest.raises(NotAllowed):
            extensions.request_extension(project=project, by=world.users[who],
                                         requested_end_date=datetime.date(2099, 6, 30),
                                         reason="Försenat")
    assert not ExtensionRequest.objects.exists()
    draft = _draft_extension(world)
    with pytest.raises(NotAllowed):
        extensions.submit_extension(request=draft, by=world.manager)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_only_the_steering_group_recommends_and_the_committee_decides(world):
    draft = _draft_extension(world)
    submitted = extensions.submit_extension(request=draft, by=world.owner)
    with pytest.raises(NotAllowed):
        extensions.recommend_extension(request=submitted, by=world.owner)
    recommended = extensions.recommend_extension(request=submitted, by=world.member)
    with pytest.raises(NotAllowed):
        extensions.decide_extension(request=recommended, by=world.steering, approve=True)
    recommended.refresh_from_db()
    assert recommended.state == "recommended"


def test_template_revision_is_refused_in_the_service(world):
    template = Template.objects.filter(kind=Template.Kind.DIRECTIVE).first()
    assert not permissions.can_revise_templates(world.secretary)
    before = template.versions.count()
    with pytest.raises(NotAllowed):
        documents.revise_template(template=template, by=world.secretary,
                                  sections=[{"key": "a", "title": "A", "kind": "text"}])
    assert template.versions.count() == before
    assert not AuditEvent.objects.filter(action__startswith="template").exists()
