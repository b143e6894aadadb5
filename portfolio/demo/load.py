"""Loading the demo: idempotent, and the portfolio is replayed through the real services so
that states, decisions and the audit trail are what the product itself would have made."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Max

from directives import services as documents
from directives.defaults import COMMITTEE_DIRECTIVE_TEMPLATE_KEY
from directives.models import GateChecklistItem, Template, TemplateVersion
from directives.templates_data import install_default_templates
from portfolio.demo import gns
from portfolio.demo.cases import seed_record
from portfolio.demo.people import DEMO_PASSWORD, DEMO_USERS, LINK2_STEERING_GROUP
from portfolio.lifecycle import Body, Gate, Outcome, project_decider
from portfolio.models import (
    AgendaItem,
    BudgetLine,
    BudgetShare,
    Committee,
    CommitteeMembership,
    CommitteeRole,
    CostObject,
    Financier,
    Forecast,
    Meeting,
    MonthlyBudget,
    Party,
    PopulationFigure,
    PriceListRate,
    Project,
)
from portfolio.services import (
    committee_money,
    extensions,
    lifecycle,
    minutes,
    projects,
    steering,
)
from portfolio.services import meetings as meeting_services
from portfolio.services.outcomes import import_outcomes, refresh_all_sums

POPULATIONS_CSV = Path(__file__).with_name("populations.csv")
User = get_user_model()


@transaction.atomic
def load_demo(stdout=None, replay: bool = False) -> None:
    """Load the demo. ``replay`` stops LINK2 before its 2019 extension (and leaves the
    2019-06-03 agenda empty) so that the story can be replayed in the browser."""
    install_default_templates(Template, TemplateVersion, GateChecklistItem)
    users = _users()
    parties = _parties()
    committee = _committee(parties, users)
    meetings = _meetings(committee)
    for resource, rate in gns.PRICE_LIST:
        PriceListRate.objects.update_or_create(
            committee=committee, resource=resource, valid_from=gns.PRICE_LIST_VALID_FROM,
            defaults={"hourly_rate": rate, "decision_reference": "GNS/7/2019"})
    demo = _Demo(committee, parties, users, meetings, replay=replay)
    demo.serverdrift_are()
    # Before LINK2's June 2019 extension (§ 17): the committee numbers its paragraphs per
    # year, so its BP1 decision of 2019-04-05 takes an earlier one.
    demo.dataskyddsombud()
    demo.link2()
    demo.it_serverdrift()
    demo.loneadministration()
    demo.digital_transformation()
    demo.agenda_2019_06_03()
    demo.money()
    # The committee's record (issue #11): cases, documents, decisions in points, minutes.
    seed_record(committee=committee, users=users, meetings=meetings, replay=replay)
    if stdout:
        stdout.write(f"GNS portfolio: {committee.projects.count()} projects")


def _users() -> dict:
    users = {}
    for username, first, last, superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_superuser": superuser,
                      "is_staff": superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    owners, _ = Group.objects.get_or_create(name="Projektägare")
    owners.permissions.add(Permission.objects.get(codename="add_project",
                                                  content_type__app_label="portfolio"))
    users["demo-owner"].groups.add(owners)
    return users


def _parties() -> dict:
    parties = {}
    for code, name, kind in gns.PARTIES:
        party, _ = Party.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})
        parties[code] = party
    with POPULATIONS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            PopulationFigure.objects.update_or_create(
                party=parties[row["party_code"]],
                as_of=datetime.date.fromisoformat(row["as_of"]),
                defaults={"population": int(row["population"]), "source": row["source"]},
            )
    return parties


def _committee(parties, users) -> Committee:
    committee, _ = Committee.objects.update_or_create(
        code=gns.COMMITTEE["code"],
        defaults={"name": gns.COMMITTEE["name"], "host_party": parties[gns.COMMITTEE["host"]]},
    )
    for code, party in parties.items():
        CommitteeMembership.objects.get_or_create(
            committee=committee, party=party, joined_on=gns.JOINED.get(code, gns.JOINED_DEFAULT))
    for username, role in [("demo-secretary", "secretary"), ("demo-chair", "chair"),
                           ("demo-auditor", "auditor"), ("demo-estrateg", "preparer"),
                           ("demo-registrar", "registrar"),
                           # Project owners open cases only where they belong.
                           ("demo-owner", "member")]:
        CommitteeRole.objects.get_or_create(user=users[username], committee=committee, role=role)
    return committee


def _meetings(committee) -> dict:
    meetings = {}
    for date, start, end, place in gns.MEETINGS:
        meeting, _ = Meeting.objects.update_or_create(
            committee=committee, date=date,
            defaults={"start_time": start, "end_time": end, "place": place})
        meetings[date] = meeting
    return meetings


def _directive_from(project, members) -> dict:
    """A short directive for demo projects whose directive is not in the seeds."""
    return {
        "basic": project.name + ". " + (project.effect_goals or ""),
        "goals": [{"goal": project.effect_goals or project.name, "measures": ""}],
        "timeline": {"start": project.start_date.isoformat(),
                     "end": project.planned_end_date.isoformat()},
        "budget": [{"activity": project.name,
                    "total": str(project.cost_cap) if project.cost_cap else "",
                    "note": "Enligt nämndens beslut"}],
        "risks": [{"risk": project.risks or "Inga kända risker vid start", "consequence": "",
                   "action": ""}],
        "steering_group": [{"name": responsibility or username, "responsibility": role}
                           for username, role, responsibility in members],
    }


class _Demo:
    def __init__(self, committee, parties, users, meetings, replay=False):
        self.replay = replay
        self.committee = committee
        self.parties = parties
        self.users = users
        self.meetings = meetings
        self.owner = users["demo-owner"]
        self.secretary = users["demo-secretary"]
        self.chair = users["demo-steering"]

    # -- helpers ---------------------------------------------------------------------------

    def _existing(self, year, seq):
        return Project.objects.filter(committee=self.committee, case_year=year,
                                      case_seq=seq).first()

    def _create(self, *, year, seq, name, kind, parties, steering=None, directive=None,
                template=None, drafts=None, **fields):
        project = projects.create_project(
            committee=self.committee, name=name, kind=kind, by=self.owner, case_year=year,
            case_seq=seq, parties=[self.parties[p] for p in parties], **fields)
        if template:
            # The directive is written on the template whose gates the committee decides.
            documents.use_template(project=project, by=self.owner, template_version=Template
                                   .objects.get(key=template).current_version)
            project.refresh_from_db()
        members = steering or [("demo-steering", "chair", "Ordförande")]
        projects.staff_project(
            project=project, by=self.owner, manager=self.users["demo-manager"],
            steering_group=[{"user": self.users[u], "role": r, "responsibility": resp}
                            for u, r, resp in members])
        sections = directive or _directive_from(project, members)
        base = None
        for dated, keys in drafts or [(None, tuple(sections))]:
            base = documents.save_document(
                project=project, by=self.owner, base_version=base, dated=dated,
                sections={k: sections[k] for k in keys}).label
        lifecycle.submit_project(project=project, by=self.owner)
        return project

    def _confirm(self, project):
        """The committee confirms the steering group before it decides a gate (separation of
        duties); a project that starts at BP0 has its group confirmed by that decision."""
        steering.confirm_steering_group(project=project, by=self.secretary)

    def _pass(self, project, gate, date, comment, *, meeting=None, paragraph=None, by=None):
        """Answer the gate's checklist yes and decide start, as the deciding body would: a
        gate the template has the committee decide at a meeting is decided on the agenda."""
        decider = project_decider(project, gate)
        by = by or (self.secretary if decider.body == Body.COMMITTEE else self.chair)
        rows = lifecycle.checklist(project, gate)
        lifecycle.answer_checklist(project=project, gate=gate, by=by, answers=[
            {"id": r["id"], "answer": "yes", "comment": ""} for r in rows])
        if decider.meeting_required:
            return self._decide_on_agenda(project, gate, self.meetings[meeting], comment, by)
        return lifecycle.decide_gate(
            project=project, gate=gate, outcome=Outcome.START, by=by, decided_on=date,
            meeting=self.meetings.get(meeting) if meeting else None, paragraph=paragraph,
            comment=comment)

    def _decide_on_agenda(self, project, gate, meeting, comment, by):
        entry = next(e for e in meeting_services.pending_for(meeting)
                     if e["project"] == project and e.get("gate") == gate)
        position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting, position=position, kind=entry["kind"], project=project, gate=gate,
            heading=entry["heading"], case_number=project.case_number,
            proposed_decision=entry["proposed_decision"])
        item = meeting_services.decide_item(item=item, outcome=Outcome.START, by=by,
                                            comment=comment)
        # The secretary confirms the decision, which carries it out in the register.
        minutes.confirm_decision(item=item, by=self.secretary)
        return project.decisions.get(gate=gate, meeting=meeting)

    # -- the portfolio ---------------------------------------------------------------------

    def serverdrift_are(self):
        if self._existing(2018, 1):
            return
        p = self._create(
            year=2018, seq=1, name="Serverdrift Åre", kind=Project.Kind.SERVICE,
            parties=["rjh", "are"], owner_party=self.parties["are"], cost_object="6663",
            start_date=datetime.date(2018, 1, 1), planned_end_date=datetime.date(2020, 12, 31),
            recipient="Åre kommun",
            risks="Driftstörningar hos leverantören (Tieto) påverkar Åre kommuns verksamhet.",
            effect_goals="Säker och stabil serverdrift för Åre kommun enligt driftavtalet.")
        self._confirm(p)
        self._pass(p, Gate.BP1, datetime.date(2018, 1, 1),
                   "Befintligt driftavtal mellan regionen och Åre kommun förs över till nämnden.")
        self._pass(p, Gate.BP2, datetime.date(2018, 1, 1), "Driften pågår enligt avtal.")

    def link2(self):
        if self._existing(2018, 8):
            return
        p = self._create(
            year=2018, seq=8, name="Införande av Cosmic LINK2 – nytt IT-stöd för samordnad "
                                  "planering",
            kind=Project.Kind.PROJECT, parties=gns.ALL_PARTIES, owner_party=self.parties["rjh"],
            cost_object="6674", start_date=datetime.date(2018, 9, 1),
            planned_end_date=datetime.date(2019, 6, 30),
            recipient="Cosmic-förvaltningen, i samverkan med kommunerna",
            project_group="Projektledare Region JH; projektledare för kommunerna; "
                          "förvaltningsledare IT och verksamhet Cosmic; kommunikator",
            reference_groups="MAS-gruppen från kommunerna; användare i nuvarande IT-stöd; "
                             "Cosmic förvaltning; IT-chefsnätverket; e-Hälsostyrgruppen",
            risks=gns.LINK2_RISKS, effect_goals=gns.LINK2_EFFECT_GOALS,
            steering=LINK2_STEERING_GROUP, directive=gns.LINK2_DIRECTIVE,
            template=COMMITTEE_DIRECTIVE_TEMPLATE_KEY, drafts=gns.LINK2_DRAFTS)
        self._budget(p)
        self._confirm(p)
        self._pass(p, Gate.BP1, datetime.date(2018, 8, 24),
                   "Projektdirektivet (version 0.5) godkänt av nämnden 2018-08-24.",
                   meeting=datetime.date(2018, 8, 24))
        self._pass(p, Gate.BP2, datetime.date(2018, 9, 1), "Projekttiden 2018-09-01–2019-06-30.")
        if self.replay:
            return
        request = extensions.request_extension(
            project=p, by=self.owner, requested_end_date=datetime.date(2019, 10, 31),
            reason=gns.LINK2_EXTENSION_REASON, keeps_resources=True,
            proposed_decision=gns.LINK2_EXTENSION_DECISION,
            proposed_requirements=[gns.LINK2_FINAL_REPORT_REQUIREMENT],
            today=datetime.date(2019, 5, 24))
        extensions.submit_extension(request=request, by=self.owner)
        extensions.recommend_extension(request=request, by=self.chair)
        extensions.decide_extension(request=request, by=self.secretary, approve=True,
                                    decided_on=datetime.date(2019, 6, 3),
                                    meeting=self.meetings[datetime.date(2019, 6, 3)], paragraph=17)

    def _budget(self, project):
        region = Financier.objects.create(project=project, code="region", name="Region JH",
                                          allocation_key=Financier.Key.SINGLE, position=1)
        region.parties.set([self.parties["rjh"]])
        municipalities = Financier.objects.create(
            project=project, code="kommunerna", name="Kommunerna",
            allocation_key=Financier.Key.POPULATION, position=2)
        municipalities.parties.set([self.parties[c] for c in gns.MUNICIPALITIES])
        for position, (activity, total, by_region, by_municipalities, note) in enumerate(
                gns.LINK2_BUDGET, start=1):
            line = BudgetLine.objects.create(project=project, position=position, activity=activity,
                                             total=Decimal(total), note=note)
            BudgetShare.objects.bulk_create([
                BudgetShare(line=line, financier=region, amount=Decimal(by_region)),
                BudgetShare(line=line, financier=municipalities, amount=Decimal(by_municipalities)),
            ])

    def dataskyddsombud(self):
        if self._existing(2018, 11):
            return
        p = self._create(
            year=2018, seq=11, name="Gemensamt dataskyddsombud med inriktning tillsyn",
            kind=Project.Kind.SERVICE, parties=gns.ALL_PARTIES, owner_party=self.parties["rjh"],
            start_date=datetime.date(2019, 4, 5), planned_end_date=datetime.date(2021, 12, 31),
            recipient="De parter som ingår samverkansavtalet",
            risks="Rekrytering av rätt kompetens; oberoende gentemot parterna.",
            effect_goals="Tillsyn enligt dataskyddsförordningen hos de deltagande parterna.",
            template=COMMITTEE_DIRECTIVE_TEMPLATE_KEY)
        self._confirm(p)
        self._pass(p, Gate.BP1, datetime.date(2019, 4, 5),
                   "Nämnden beslutade 2019-04-05 att anställa ett gemensamt dataskyddsombud; "
                   "solidarisk fördelning genom separat samarbetsavtal.",
                   meeting=datetime.date(2019, 4, 5))

    def it_serverdrift(self):
        if self._existing(2019, 3):
            return
        p = self._create(
            year=2019, seq=3, name="Förstudie gemensam IT-serverdrift",
            kind=Project.Kind.PRESTUDY, parties=gns.ALL_PARTIES, owner_party=self.parties["krokom"],
            cost_object="6676", start_date=datetime.date(2019, 2, 8),
            planned_end_date=datetime.date(2019, 12, 31), cost_cap=Decimal("360000"),
            estimated_hours=Decimal("360"),
            recipient="IT-chefsgruppen",
            risks="Parternas olika tekniska förutsättningar.",
            effect_goals="Underlag för gemensamma, standardiserade och kostnadseffektiva lösningar "
                         "för redundant och säker IT-serverdrift.")
        self._pass(p, Gate.BP0, datetime.date(2019, 2, 8),
                   "Förstudiens totala kostnad ska inte överskrida 360 000 kr; kostnaden tas av "
                   "nämndens återstående medel från 2018.", meeting=datetime.date(2019, 2, 8))

    def loneadministration(self):
        if self._existing(2019, 4):
            return
        p = self._create(
            year=2019, seq=4, name="Förstudie outsourcing löneadministration Åre–regionen",
            kind=Project.Kind.PRESTUDY, parties=["are", "rjh"], owner_party=self.parties["are"],
            start_date=datetime.date(2019, 4, 5), planned_end_date=datetime.date(2019, 12, 31),
            risks="", effect_goals="")
        self._pass(p, Gate.BP0, datetime.date(2019, 4, 5),
                   "Respektive part står för sin egen arbetstid; Åre kommun står för kostnaden "
                   "för konsulten som leder förstudien.", meeting=datetime.date(2019, 4, 5))

    def money(self):
        """Cost objects, monthly budgets and forecasts, and outcomes imported as the
        accounting system's export, so the T1 and T2 2019 reports give the seed figures."""
        if CostObject.objects.filter(committee=self.committee).exists():
            return
        objects = {}
        for code, name, case in gns.COST_OBJECTS:
            project = self._existing(*case) if case else None
            objects[code] = CostObject.objects.create(committee=self.committee, code=code,
                                                      name=name, project=project)
        lines = ["cost_object;period;category;amount"]
        for year in (2018, 2019):
            for month in range(1, 13):
                period = datetime.date(year, month, 1)
                for code, (income, dev_t1, dev_t2) in gns.MONEY_2019.items():
                    budget = gns.monthly_budget(code, month)
                    MonthlyBudget.objects.create(cost_object=objects[code], period=period,
                                                 amount=Decimal(budget))
                    if year == 2019 and month > 8:
                        continue  # the demo stands at the August interim report
                    if year == 2018:
                        net = (gns.MONEY_2018[code][0] if month <= 4 else
                               gns.MONEY_2018[code][1] if month <= 8 else budget)
                    else:
                        net = budget + (dev_t1 if month <= 4 else dev_t2)
                    lines.append(f"{code};{year}-{month:02d};Intäkter;{income}")
                    lines.append(f"{code};{year}-{month:02d};Kostnader;{net - income}")
        for code in gns.MONEY_2019:
            Forecast.objects.create(
                cost_object=objects[code], year=2019, made_at=datetime.date(2019, 4, 30),
                amount=Decimal(sum(gns.monthly_budget(code, m) for m in range(1, 13))))
        import_outcomes(filename="utfall-2018-01--2019-08.csv", data="\n".join(lines).encode(),
                        by=self.users["demo-admin"], committee=self.committee)
        # The budgets above were written straight to the table: their months' sums too.
        refresh_all_sums(committee_ids=[self.committee.pk])
        self.committee_money(objects)

    def committee_money(self, objects):
        """The base fee per year, the 745 tkr carried over from 2018 and what the T1 and
        August reports say per object."""
        for year, amount, reference in gns.BASE_FEES:
            committee_money.set_base_fee(committee=self.committee, year=year, amount=amount,
                                         decision_reference=reference, by=self.secretary)
        for first, then, amount, reference, note in gns.CARRY_OVERS:
            committee_money.record_carry_over(committee=self.committee, from_year=first,
                                              to_year=then, amount=amount, note=note,
                                              decision_reference=reference, by=self.secretary)
        for (year, period), texts in gns.NARRATIVES.items():
            for code, text in texts.items():
                committee_money.save_narrative(cost_object=objects[code], year=year,
                                               period=period, text=text, by=self.secretary)

    def agenda_2019_06_03(self):
        meeting = self.meetings[datetime.date(2019, 6, 3)]
        if meeting.items.exists() or self.replay:
            return
        link2 = self._existing(2018, 8)
        transformation = self._existing(2019, 8)
        for number, heading, case, presenter, time, paragraph in gns.AGENDA_2019_06_03:
            item = AgendaItem(
                meeting=meeting, position=number, heading=heading, case_number=case,
                presenter=presenter, time_slot=datetime.time.fromisoformat(time) if time else None,
                kind=AgendaItem.Kind.STANDING if number <= 2 else AgendaItem.Kind.OTHER,
                decided_paragraph=paragraph)
            if case == "GNS/8/2018":
                item.kind, item.project = AgendaItem.Kind.EXTENSION, link2
                item.extension_request = link2.extension_requests.first()
                item.proposed_decision = gns.LINK2_EXTENSION_DECISION
                item.decision_text, item.outcome = "Beviljad", AgendaItem.Outcome.APPROVE
                item.carried_out = True  # the extension is decided in the register above
            elif case == "GNS/8/2019":
                item.kind, item.project, item.gate = AgendaItem.Kind.GATE, transformation, "BP0"
                item.decision_text, item.outcome = "BP0: Start", AgendaItem.Outcome.START
                item.carried_out = True  # the gate is passed in the register (_pass)
            item.save()

    def digital_transformation(self):
        if self._existing(2019, 8):
            return
        p = self._create(
            year=2019, seq=8, name="Projekt Digital transformation", kind=Project.Kind.PROJECT,
            parties=gns.ALL_PARTIES, owner_party=self.parties["rjh"],
            start_date=datetime.date(2019, 6, 3), planned_end_date=datetime.date(2021, 12, 31),
            effect_goals="Hög digital mognad, eFörvaltning och eTjänster hos parterna.")
        self._pass(p, Gate.BP0, datetime.date(2019, 6, 3),
                   "E-strategen får i uppdrag att skriva fram en projektansökan samt säkerställa "
                   "medfinansiering från nämndens parter.", meeting=datetime.date(2019, 6, 3),
                   paragraph=19)
        lifecycle.cancel_project(project=p, by=self.secretary,
                                 reason=gns.DIGITAL_TRANSFORMATION_CANCEL_REASON,
                                 decided_on=datetime.date(2019, 9, 6),
                                 meeting=self.meetings[datetime.date(2019, 9, 6)])
