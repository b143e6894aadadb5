"""``seed_demo`` is idempotent and loads what the seed documents say."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import models

from portfolio.models import (
    AuditEvent,
    BudgetLine,
    BudgetShare,
    ExtensionRequest,
    GateDecision,
    Meeting,
    PopulationFigure,
    Project,
)

User = get_user_model()
D = datetime.date

# Values that differ between two runs without the data being different.
SKIPPED_FIELDS = {"password", "last_login", "date_joined"}


def _volatile(field) -> bool:
    return (field.name in SKIPPED_FIELDS
            or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            or field.name in {"answered_at"})


class Dump:
    """Every row as plain values: no primary keys; a foreign key is the related row's own
    canonical value (a natural key such as a case number or username where there is one)."""

    NATURAL = {
        Project: lambda o: ("project", o.case_number),
        User: lambda o: ("user", o.username),
        Group: lambda o: ("group", o.name),
        Permission: lambda o: ("perm", o.content_type.app_label, o.codename),
    }

    def __init__(self):
        self._memo = {}

    def ref(self, obj):
        if obj is None:
            return None
        key = (obj._meta.label, obj.pk)
        if key not in self._memo:
            natural = self.NATURAL.get(type(obj))
            self._memo[key] = natural(obj) if natural else (obj._meta.label, *self.row(obj))
        return self._memo[key]

    def row(self, obj) -> tuple:
        values = []
        for field in obj._meta.concrete_fields:
            if field.primary_key or _volatile(field):
                continue
            if field.is_relation:
                values.append(self.ref(getattr(obj, field.name)))
            else:
                value = getattr(obj, field.attname)
                if isinstance(field, models.JSONField):
                    value = json.dumps(value, sort_keys=True, ensure_ascii=False)
                values.append(value)
        for field in obj._meta.many_to_many:
            if field.remote_field.through._meta.auto_created:
                values.append(tuple(sorted((self.ref(o) for o in getattr(obj, field.name).all()),
                                           key=repr)))
        return tuple(values)

    def model(self, model) -> list:
        return sorted((self.row(o) for o in model._default_manager.all()), key=repr)


def dump() -> dict:
    models_ = [*apps.get_app_config("portfolio").get_models(),
               *apps.get_app_config("directives").get_models(), User, Group]
    d = Dump()
    return {m._meta.label: d.model(m) for m in models_}


def natural_keys() -> dict:
    return {
        "projects": {(p.case_number, p.name, p.state, p.kind)
                     for p in Project.objects.select_related("committee")},
        "decisions": {(g.project.case_number, g.gate, g.outcome, g.decided_on,
                       g.meeting.date if g.meeting else None, g.paragraph)
                      for g in GateDecision.objects.select_related("project__committee",
                                                                   "meeting")},
        "parties": set(apps.get_model("portfolio", "Party").objects
                       .values_list("code", "name", "kind")),
        "populations": set(PopulationFigure.objects
                           .values_list("party__code", "as_of", "population")),
        "users": set(User.objects.values_list("username", "first_name", "last_name",
                                               "is_superuser")),
    }


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_twice_gives_the_same_data(db):
    call_command("seed_demo", stdout=io.StringIO())
    first, first_keys = dump(), natural_keys()
    call_command("seed_demo", stdout=io.StringIO())
    second, second_keys = dump(), natural_keys()

    assert {k: len(v) for k, v in second.items()} == {k: len(v) for k, v in first.items()}
    assert second_keys == first_keys
    for label in first:
        assert second[label] == first[label], f"{label} changed on the second run"
    # The comparison covered real data, not empty tables.
    assert len(first["portfolio.Project"]) == 6
    assert len(first["portfolio.AuditEvent"]) > 30
    assert len(first_keys["users"]) >= 10


def test_dump_notices_a_changed_row(demo):
    # Guard for the test above: the canonical dump sees a change in a plain field, a
    # foreign key and a many-to-many.
    before = dump()
    project = Project.objects.get(case_year=2018, case_seq=8)
    Project.objects.filter(pk=project.pk).update(risks="x")
    assert dump()["portfolio.Project"] != before["portfolio.Project"]
    before = dump()
    project.parties.remove(project.parties.first())
    assert dump()["portfolio.Project"] != before["portfolio.Project"]


def _project(seq, year):
    return Project.objects.select_related("committee").get(committee__code="GNS", case_seq=seq,
                                                           case_year=year)


def test_link2_is_in_execution_with_its_approved_extension(demo):
    link2 = _project(8, 2018)
    assert "LINK2" in link2.name
    assert link2.state == "execution"
    assert link2.start_date == D(2018, 9, 1)
    assert link2.planned_end_date == D(2019, 6, 30)
    assert link2.end_date == D(2019, 10, 31)

    (request,) = ExtensionRequest.objects.filter(project=link2)
    assert request.state == ExtensionRequest.State.APPROVED
    assert request.decided_on == D(2019, 6, 3)
    assert request.meeting == Meeting.objects.get(committee=link2.committee, date=D(2019, 6, 3))
    assert request.paragraph == 17
    assert request.previous_end_date == D(2019, 6, 30)
    assert request.requested_end_date == D(2019, 10, 31)

    (requirement,) = link2.final_report_requirements.all()
    assert "uppföljning av införandet" in requirement.text
    assert requirement.extension_request == request
    assert "§ 17" in requirement.source

    assert [(d.gate, d.outcome, d.decided_on) for d in link2.decisions.order_by("decided_on")] == [
        ("BP1", "start", D(2018, 8, 24)), ("BP2", "start", D(2018, 9, 1))]


def test_link2_budget_and_its_split(demo):
    link2 = _project(8, 2018)
    lines = BudgetLine.objects.filter(project=link2)
    assert lines.count() == 7
    assert sum(line.total for line in lines) == Decimal("2810000")
    shares = {}
    for share in BudgetShare.objects.filter(line__project=link2).select_related("financier"):
        shares[share.financier.code] = shares.get(share.financier.code, 0) + share.amount
    assert shares == {"region": Decimal("2245000"), "kommunerna": Decimal("565000")}
    for line in lines:
        assert sum(s.amount for s in line.shares.all()) == line.total, line.activity
    municipalities = link2.financiers.get(code="kommunerna")
    assert municipalities.allocation_key == "population"
    assert municipalities.parties.count() == 8
    assert set(municipalities.parties.values_list("kind", flat=True)) == {"municipality"}


def test_digital_transformation_is_cancelled(demo):
    project = _project(8, 2019)
    assert project.name == "Projekt Digital transformation"
    assert project.state == "cancelled"
    assert "Ingen ny projektansökan skrivs fram" in project.cancel_reason
    (decision,) = project.decisions.all()
    assert (decision.gate, decision.outcome, decision.paragraph) == ("BP0", "start", 19)
    cancelled = AuditEvent.objects.get(project=project, action="project.cancelled")
    assert cancelled.changes["state"] == ["prestudy", "cancelled"]


def test_it_server_prestudy(demo):
    project = _project(3, 2019)
    assert "IT-serverdrift" in project.name
    assert project.kind == "prestudy"
    assert project.state == "prestudy"
    assert project.cost_cap == Decimal("360000")
    assert project.estimated_hours == Decimal("360")
    assert project.cost_object == "6676"


def test_every_demo_project_came_through_the_services(demo):
    for project in Project.objects.all():
        actions = set(AuditEvent.objects.filter(project=project).values_list("action",
                                                                             flat=True))
        assert {"project.created", "project.submitted", "gate.decided"} <= actions, project


def test_population_figures_of_the_eight_municipalities(demo):
    figures = PopulationFigure.objects.select_related("party")
    assert figures.count() == 16
    by_date = {}
    for figure in figures:
        assert figure.party.kind == "municipality"
        assert figure.population > 1000
        by_date.setdefault(figure.as_of, set()).add(figure.party.code)
    assert set(by_date) == {D(2017, 6, 30), D(2018, 9, 30)}
    assert all(len(codes) == 8 for codes in by_date.values())
    assert by_date[D(2017, 6, 30)] == by_date[D(2018, 9, 30)]
    assert PopulationFigure.objects.get(party__code="ostersund", as_of=D(2018, 9, 30)
                                        ).population == 63034


ROLE_TITLES = {
    "Projektägare", "Projektledare", "Styrgruppens ordförande", "Nämndsekreterare", "Revisor",
    "Utan roll", "Administratör", "Nämndens ordförande", "E-strateg", "Diarieförare", "IT-chef",
    "Social samordnare", "Områdeschef", "Jurist",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\b0\d{1,3}[- ]?\d{2,3}[ ]?\d{2}[ ]?\d{2}\b")


def test_demo_users_are_roles_not_people(demo):
    users = list(User.objects.all())
    assert len(users) >= 10
    for user in users:
        assert user.email == "", user.username
        assert user.first_name in ROLE_TITLES, user.first_name
        assert not PHONE.search(f"{user.first_name} {user.last_name}")
        assert user.has_usable_password()


def test_demo_data_holds_no_email_addresses_or_phone_numbers(demo):
    for label, rows in dump().items():
        for row in rows:
            text = repr(row)
            assert not EMAIL.search(text), (label, EMAIL.search(text).group())
            assert not PHONE.search(text), (label, PHONE.search(text).group())
