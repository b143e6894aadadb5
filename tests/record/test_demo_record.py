"""The demo holds the 2019 cases and minutes the seeds show (issue #11 point 7)."""

import io

import pytest
from django.core.management import call_command

from portfolio.models import AgendaItem, Case, Meeting, Minutes
from portfolio.services import minutes


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def _numbers(**filters):
    return sorted(c.number for c in Case.objects.filter(**filters))


def test_the_2019_cases_of_the_seeds_are_registered(demo):
    kinds = dict(Case.objects.filter(year=2019).values_list("seq", "kind"))
    assert kinds[9] == "business_plan" and kinds[10] == "interim_report"
    assert kinds[6] == "interim_report" and kinds[7] == "price_list"
    assert kinds[11] == "merger_proposal" and kinds[8] == "project"
    audit = Case.objects.get(kind="audit_report")
    assert audit.number == "GNS/5/2019" and audit.external_reference == "REV 36/2018"
    assert Case.objects.get(kind="audit_answer").external_reference == "REV 36/2018"
    assert audit.documents.get().content_type == "application/pdf"
    # One sequence: no number twice, projects included.
    numbers = list(Case.objects.values_list("committee", "year", "seq"))
    assert len(numbers) == len(set(numbers))


def test_2019_06_03_paragraphs_and_the_committees_words(demo):
    june = Meeting.objects.get(date="2019-06-03")
    assert june.minutes.is_approved and june.minutes.appeal_deadline.isoformat() == "2019-07-01"
    paragraphs = dict(june.items.values_list("case_number", "decided_paragraph"))
    assert paragraphs["GNS/8/2019"] == 19 and paragraphs["GNS/11/2019"] == 20
    merger = june.items.get(case_number="GNS/11/2019")
    assert merger.referred_to == "Regionens samverkansråd"
    gate = june.items.get(kind=AgendaItem.Kind.GATE)
    words = list(gate.points.filter(stage="decision").values_list("text", flat=True))
    assert words[0].startswith("E-strategen får i uppdrag att skriva fram en projektansökan")
    assert not any("BP" in w for w in words)
    link2 = june.items.get(case_number="GNS/8/2018")
    assert list(link2.points.filter(stage="decision").values_list("number", flat=True)) == [1, 2]
    assert link2.case.kind == "project" and link2.case.project.case_number == "GNS/8/2018"
    assert june.minutes.attendance.filter(role="substitute", present=True).count() == 1


def test_2018_10_26_paragraph_25_and_the_cancellation_at_its_meeting(demo):
    october = Meeting.objects.get(date="2018-10-26")
    assert october.items.get().decided_paragraph == 25 and october.minutes.is_approved
    september = Meeting.objects.get(date="2019-09-06")
    cancel = september.items.get(kind=AgendaItem.Kind.CANCELLATION)
    assert cancel.case.number == "GNS/8/2019" and cancel.project.state == "cancelled"
    assert cancel.decided_paragraph == 24 and cancel.confirmed_at is not None
    assert list(cancel.points.filter(stage="decision").values_list("text", flat=True)) == [
        "Ingen ny projektansökan skrivs fram och ärendet avslutas."]
    assert not minutes.is_locked(september)  # a draft to confirm and adjust in the demo


def test_seeding_again_changes_nothing(demo):
    before = (Case.objects.count(), AgendaItem.objects.count(), Minutes.objects.count(),
              list(AgendaItem.objects.order_by("pk").values_list("decided_paragraph", flat=True)))
    call_command("seed_demo", stdout=io.StringIO())
    after = (Case.objects.count(), AgendaItem.objects.count(), Minutes.objects.count(),
             list(AgendaItem.objects.order_by("pk").values_list("decided_paragraph", flat=True)))
    assert before == after
