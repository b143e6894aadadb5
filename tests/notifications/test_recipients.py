"""Who is told what: the people who now wait, the project's own people on a decision; never
the actor, never someone who may not read the project."""

import datetime

import pytest
from django.db import transaction

from notifications import tasks
from notifications.models import Notification
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import AuditEvent, Meeting
from portfolio.services import extensions, lifecycle, meetings, projects

Kind = Notification.Kind


def test_a_submitted_project_waits_for_the_committee_and_the_confirmed_steering_group(
        people, told, django_capture_on_commit_callbacks):
    project = people.project()
    people.fill_directive(project)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.submit_project(project=project, by=people.owner)
    # BP0 is the committee's (chair, secretary), BP1 the confirmed steering group's.
    assert told(Kind.WAITING_GATE, params__gate="BP0") == ["chair", "secretary"]
    assert told(Kind.WAITING_GATE, params__gate="BP1") == ["member", "steering"]
    everyone = set(told())
    assert not everyone & {"owner", "manager", "auditor", "outsider", "other_secretary",
                           "other_steering", "admin"}
    link = Notification.objects.filter(recipient=people.chair).get().link
    assert link == f"/portfolio/{project.pk}/"


def test_an_unconfirmed_steering_group_is_not_told_to_decide(people, told,
                                                            django_capture_on_commit_callbacks):
    project = people.project()
    project.steering_group_confirmed_at = None
    project.save(update_fields=["steering_group_confirmed_at"])
    people.fill_directive(project)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.submit_project(project=project, by=people.owner)
    assert told(Kind.WAITING_GATE, params__gate="BP1") == []
    assert told(Kind.WAITING_GATE, params__gate="BP0") == ["chair", "secretary"]


def test_a_gate_decision_tells_owner_and_manager_and_the_next_gate_waits(
        people, told, django_capture_on_commit_callbacks):
    project = people.project(State.SUBMITTED)
    people.answer_all(project, Gate.BP1)
    with django_capture_on_commit_callbacks(execute=True):
        people.decide(project, Gate.BP1, Outcome.START)
    assert told(Kind.DECISION) == ["manager", "owner"]
    decision = Notification.objects.get(recipient=people.owner, kind=Kind.DECISION)
    assert decision.params["gate"] == "BP1" and decision.params["outcome"] == "start"
    # BP2 now waits for the steering group; the member who decided BP1 is not told.
    assert told(Kind.WAITING_GATE) == ["member"]
    assert Notification.objects.get(kind=Kind.WAITING_GATE).params["gate"] == "BP2"


def test_a_decision_that_keeps_the_state_tells_nobody_to_decide_again(
        people, told, django_capture_on_commit_callbacks):
    project = people.project(State.ESTABLISHMENT)
    with django_capture_on_commit_callbacks(execute=True):
        people.decide(project, Gate.BP2, Outcome.TABLE)
    assert told(Kind.DECISION) == ["manager", "owner"]
    assert told(Kind.WAITING_GATE) == []


def test_extension_request_recommendation_and_decision(people, told,
                                                       django_capture_on_commit_callbacks):
    project = people.project(State.EXECUTION)
    request = extensions.request_extension(
        project=project, by=people.owner, requested_end_date=datetime.date(2025, 6, 30),
        reason="Leveransen av systemet är försenad.", proposed_requirements=["Redovisa effekterna"],
        today=datetime.date(2024, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        extensions.submit_extension(request=request, by=people.owner)
    assert told(Kind.WAITING_RECOMMENDATION) == ["member", "steering"]
    with django_capture_on_commit_callbacks(execute=True):
        extensions.recommend_extension(request=request, by=people.steering)
    assert told(Kind.WAITING_EXTENSION_DECISION) == ["chair", "secretary"]
    with django_capture_on_commit_callbacks(execute=True):
        extensions.decide_extension(request=request, by=people.secretary, approve=True,
                                    decided_on=datetime.date(2024, 6, 10))
    assert told(Kind.DECISION) == ["manager", "owner"]
    assert Notification.objects.filter(kind=Kind.DECISION).first().params["what"] == \
        "extension_approved"
    assert told(Kind.REQUIREMENT) == ["manager", "owner"]
    assert "outsider" not in told() and "auditor" not in told()


def test_a_cancellation_tells_owner_and_manager_not_the_actor(
        people, told, django_capture_on_commit_callbacks):
    project = people.project(State.EXECUTION)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.cancel_project(project=project, by=people.chair, reason="Behovet har upphört")
    assert told(Kind.DECISION) == ["manager", "owner"]
    assert Notification.objects.filter(recipient=people.chair).count() == 0


def test_an_agenda_item_tells_the_secretary(people, told, django_capture_on_commit_callbacks):
    meeting = Meeting.objects.create(committee=people.committee, date=datetime.date(2024, 9, 2))
    with django_capture_on_commit_callbacks(execute=True):
        meetings.add_item(meeting=meeting, by=people.chair, heading="Information om läget")
    assert told(Kind.AGENDA) == ["secretary"]
    assert Notification.objects.get().link == f"/portfolio/meetings/{meeting.pk}/"
    assert "other_secretary" not in told()


def test_an_event_rolled_back_tells_nobody(people, told, django_capture_on_commit_callbacks,
                                          mailoutbox):
    project = people.project()
    people.fill_directive(project)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            lifecycle.submit_project(project=project, by=people.owner)
            raise RuntimeError("something after the submit failed")
    assert Notification.objects.count() == 0 and mailoutbox == []


def test_events_that_concern_nobody_queue_nothing(people, django_capture_on_commit_callbacks):
    project = people.project()
    with django_capture_on_commit_callbacks() as callbacks:
        projects.update_project(project=project, by=people.owner, changes={"name": "Nytt namn"})
    assert callbacks == []


def test_the_task_delivered_twice_tells_once(people, told, django_capture_on_commit_callbacks,
                                             mailoutbox):
    project = people.project()
    people.fill_directive(project)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.submit_project(project=project, by=people.owner)
    count, mails = Notification.objects.count(), len(mailoutbox)
    event = AuditEvent.objects.filter(action="project.submitted").get()
    assert tasks.notify_event.call(event_id=event.pk) == 0
    assert Notification.objects.count() == count and len(mailoutbox) == mails
