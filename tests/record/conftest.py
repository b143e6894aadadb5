import datetime

import pytest

from portfolio.lifecycle import State
from portfolio.models import Attendance
from portfolio.services import meetings, minutes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Sitting:
    """A GNS meeting with standing items, a BP0 gate item and an interim report."""

    def __init__(self, world):
        self.world = world
        self.project = world.project(State.SUBMITTED, name="Digital transformation")
        self.meeting = meetings.create_meeting(committee=world.committee,
                                               date=datetime.date(2019, 6, 3), by=world.secretary,
                                               place="Styrelserummet")
        meetings.build_agenda(meeting=self.meeting, by=world.secretary)
        self.report = meetings.add_item(
            meeting=self.meeting, by=world.secretary, heading="Tertialrapport per april 2019",
            kind="follow_up", description="Utfall mot budget för tertial 1 2019 är -219 tkr.",
            proposed_decision="1. Tertialrapport per april 2019 godkänns.")

    def items(self):
        return list(self.meeting.items.order_by("position"))

    def head(self, by=None):
        world = self.world
        minutes.update_minutes(meeting=self.meeting, by=by or world.secretary,
                               chair="Robert Hamberg (M)", secretary="Jessica Hådell",
                               adjusters="Ann-Marie Johansson (S)",
                               adjusted_on=datetime.date(2019, 6, 10),
                               kept_at="Regionens kansli, Östersund")
        minutes.set_attendance(meeting=self.meeting, by=by or world.secretary, rows=[
            {"party": world.region, "name": "Robert Hamberg (M)", "role": Attendance.Role.MEMBER,
             "present": True},
            {"party": world.are, "name": "Robert Uitto (S)", "role": Attendance.Role.MEMBER,
             "present": False},
            {"party": world.are, "name": "Maria Söderberg (C)", "role": Attendance.Role.SUBSTITUTE,
             "present": True, "replaces": "Robert Uitto (S)"},
        ])

    def decide_all(self, by=None):
        by = by or self.world.secretary
        for item in self.items():
            if not item.decided_paragraph:
                outcome = "table" if item.kind == "gate" else "noted"
                meetings.decide_item(item=item, outcome=outcome, by=by)
            item.refresh_from_db()
            if item.confirmed_at is None:
                minutes.confirm_decision(item=item, by=self.world.secretary)


@pytest.fixture
def sitting(world):
    return Sitting(world)
