import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from directives.models import GateChecklistItem, Template, TemplateVersion
from directives.templates_data import install_default_templates
from portfolio.lifecycle import GATE_RULES, Gate, Outcome, State
from portfolio.models import Committee, CommitteeMembership, CommitteeRole, Party
from portfolio.services import lifecycle, projects, steering

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would
# otherwise refuse the database calls the test makes around it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

User = get_user_model()
DAY = datetime.date(2024, 3, 1)
# Content for every required section of the default directive template.
REQUIRED = {
    "basic": "Bakgrund: utskrivningsprocessen behöver ett gemensamt IT-stöd.",
    "goals": [{"goal": "Trygg och säker utskrivning", "measures": "Återinskrivningar inom 30 dagar"}],
    "timeline": {"start": "2024-01-01", "end": "2024-12-31"},
    "budget": [{"activity": "Projektledare", "total": "400000", "note": "60 %"}],
    "risks": [{"risk": "Kort tid för införande", "consequence": "Förseningar", "action": "Utbildning"}],
    "steering_group": [{"name": "Planeringschef", "responsibility": "Ordförande"}],
}


class World:
    """A committee with parties and one user per role, and a way to make projects in any state."""

    def __init__(self):
        install_default_templates(Template, TemplateVersion, GateChecklistItem)
        self.region = Party.objects.create(code="rjh", name="Region Jämtland Härjedalen",
                                           kind="region")
        self.are = Party.objects.create(code="are", name="Åre kommun", kind="municipality")
        self.berg = Party.objects.create(code="berg", name="Bergs kommun", kind="municipality")
        self.committee = Committee.objects.create(code="GNS", name="Gemensam nämnd",
                                                  host_party=self.region)
        self.other_committee = Committee.objects.create(code="GNU", name="Annan nämnd",
                                                        host_party=self.region)
        for party in (self.region, self.are, self.berg):
            CommitteeMembership.objects.create(committee=self.committee, party=party,
                                               joined_on=datetime.date(2018, 1, 1))
        self.users = {}
        for name in ("owner", "manager", "steering", "member", "secretary", "chair", "auditor",
                     "outsider", "other_secretary", "other_steering"):
            self.users[name] = User.objects.create_user(name, password="pw")
        self.users["admin"] = User.objects.create_superuser("admin", password="pw")
        self.users["owner"].user_permissions.add(Permission.objects.get(codename="add_project"))
        # The owner opens cases only in a committee they belong to (permissions.can_create_project).
        CommitteeRole.objects.create(user=self.users["owner"], committee=self.committee,
                                     role="member")
        CommitteeRole.objects.create(user=self.users["secretary"], committee=self.committee,
                                     role="secretary")
        CommitteeRole.objects.create(user=self.users["chair"], committee=self.committee, role="chair")
        CommitteeRole.objects.create(user=self.users["auditor"], committee=self.committee,
                                     role="auditor")
        CommitteeRole.objects.create(user=self.users["other_secretary"],
                                     committee=self.other_committee, role="secretary")

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)

    def project(self, state=State.DRAFT, **fields) -> "projects.Project":
        defaults = dict(name="Testprojekt", kind="project", parties=[self.region, self.are],
                        start_date=datetime.date(2024, 1, 1),
                        planned_end_date=datetime.date(2024, 12, 31), case_year=2024)
        defaults.update(fields)
        project = projects.create_project(committee=self.committee, by=self.owner, **defaults)
        projects.staff_project(project=project, by=self.owner, manager=self.manager,
                               steering_group=[{"user": self.steering, "role": "chair"},
                                               {"user": self.member, "role": "member"}])
        # The committee confirms the proposed group, so it may act (separation of duties).
        steering.confirm_steering_group(project=project, by=self.secretary)
        return self.advance(project, state)

    def advance(self, project, state):
        path = {
            State.DRAFT: [], State.SUBMITTED: ["submit"],
            State.PRESTUDY: ["submit", Gate.BP0],
            State.ESTABLISHMENT: ["submit", Gate.BP1],
            State.EXECUTION: ["submit", Gate.BP1, Gate.BP2],
            State.CLOSING: ["submit", Gate.BP1, Gate.BP2, Gate.BP3],
            State.CLOSED: ["submit", Gate.BP1, Gate.BP2, Gate.BP3, Gate.BP4],
            State.REJECTED: ["submit", ("reject", Gate.BP0)],
            State.CANCELLED: ["submit", "cancel"],
        }[state]
        for step in path:
            if step == "submit":
                self.fill_directive(project)
                lifecycle.submit_project(project=project, by=self.owner)
            elif step == "cancel":
                lifecycle.cancel_project(project=project, by=self.secretary, reason="Avslutas")
            elif isinstance(step, tuple):
                self.decide(project, step[1], Outcome.NOT_START)
            else:
                self.pass_gate(project, step)
        project.refresh_from_db()
        assert project.state == state
        return project

    def fill_directive(self, project):
        """Write every required directive section, so the project can be submitted."""
        from directives import services as documents

        if not documents.missing_required(project):
            return
        document = documents.get_document(project)
        documents.save_document(project=project, by=self.owner, base_version=(
            document.latest.label if document and document.latest else None), sections=REQUIRED)

    def decider(self, gate):
        return self.secretary if GATE_RULES[gate].decided_by == "committee" else self.steering

    def answer_all(self, project, gate, answer="yes"):
        rows = lifecycle.checklist(project, gate)
        lifecycle.answer_checklist(project=project, gate=gate, by=self.decider(gate),
                                   answers=[{"id": r["id"], "answer": answer} for r in rows])

    def pass_gate(self, project, gate):
        self.answer_all(project, gate)
        return self.decide(project, gate, Outcome.START)

    def decide(self, project, gate, outcome, **kwargs):
        kwargs.setdefault("decided_on", DAY)
        return lifecycle.decide_gate(project=project, gate=gate, outcome=outcome,
                                     by=self.decider(gate), **kwargs)


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def api():
    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/ leaves English active in the thread (LocaleMiddleware activates and
    nothing deactivates); print layouts rendered directly follow the active language, so every
    test starts in the default one."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashing costs ~0.3 s per user; tests make many users and verify no hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def queued_tasks(settings):
    """Tasks go to the database queue, as in production, instead of running inline; run them
    with ``call_command("db_worker", "--batch", "--no-startup-delay")``."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def decide_and_confirm(*, item, outcome, by, comment=""):
    """Record the committee's decision on ``item`` and have its secretary confirm it, which
    carries it out in the register (what one click at the meeting did before issue #11 p. 3)."""
    from portfolio.services import meetings, minutes  # noqa: PLC0415

    decided = meetings.decide_item(item=item, outcome=outcome, by=by, comment=comment)
    secretary = (CommitteeRole.objects.filter(committee=decided.meeting.committee_id,
                                              role=CommitteeRole.Role.SECRETARY)
                 .select_related("user").first())
    confirmer = secretary.user if secretary else by
    return minutes.confirm_decision(item=decided, by=confirmer)
