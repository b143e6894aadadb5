"""Atom feed of decisions for the intranet's news list: gate decisions, extension decisions
and cancellations of public projects, newest first, with Swedish titles."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.views import APIView

from api.feed import FeedReadable
from api.negotiation import AtomNegotiation
from api.throttles import FEED_THROTTLES
from api.tokens import FeedTokenAuthentication
from portfolio import public
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import ExtensionRequest, GateDecision

ITEMS = 50


class DecisionEntry:
    def __init__(self, *, key, project, title, description, on, updated):
        self.key, self.project, self.title = key, project, title
        self.description, self.on, self.updated = description, on, updated


def decision_entries(limit: int = ITEMS) -> list[DecisionEntry]:
    """The newest decisions of public projects, as the public projection allows: a project
    that keeps ``latest_decision`` out has no entries, one that keeps a date out gets titles
    without dates, one that keeps the budget out gets no description of a budget change."""
    entries = []
    # Fetch more than the limit: projects that keep their decisions out are skipped in Python
    # (a JSON containment query is not portable to SQLite).
    fetch = limit * 4
    with override("sv"):
        for d in (GateDecision.objects.filter(project__in=public.public_projects())
                  .select_related("project__committee", "meeting")
                  .order_by("-decided_on", "-id")[:fetch]):
            hidden = public.hidden(d.project)
            if not public.shows_decisions(hidden):
                continue
            outcome = {Outcome.START: "beslut att starta", Outcome.NOT_START: "beslut att inte starta",
                       Outcome.TABLE: "bordlagt"}[d.outcome]
            title = f"{d.project.name}: {d.gate} {outcome}"
            if d.gate == Gate.BP4 and d.outcome == Outcome.START:
                title = f"{d.project.name}: projektet avslutat (BP4)"
            text = f"{Gate(d.gate).label}. {d.comment}".strip()
            if d.meeting and d.paragraph:
                text += f" ({d.meeting.date:%Y-%m-%d} § {d.paragraph})"
            entries.append(DecisionEntry(key=f"gate-{d.pk}", project=d.project, title=title,
                                         description=text, on=d.decided_on, updated=d.created_at))
        for e in (ExtensionRequest.objects.filter(project__in=public.public_projects(),
                                                  decided_on__isnull=False)
                  .select_related("project__committee").order_by("-decided_on", "-id")[:fetch]):
            hidden = public.hidden(e.project)
            if not public.shows_decisions(hidden):
                continue
            approved = e.state == ExtensionRequest.State.APPROVED
            if approved and public.shows_dates(hidden):
                title = f"{e.project.name}: förlängning beviljad till {e.requested_end_date:%Y-%m-%d}"
            elif approved:
                title = f"{e.project.name}: förlängning beviljad"
            else:
                title = f"{e.project.name}: förlängning avslagen"
            description = e.proposed_decision or e.reason
            if e.budget_change is not None and not public.shows_budget(hidden):
                description = ""
            entries.append(DecisionEntry(key=f"extension-{e.pk}", project=e.project, title=title,
                                         description=description, on=e.decided_on,
                                         updated=e.updated_at))
        for p in (public.public_projects().filter(state=State.CANCELLED, cancelled_on__isnull=False)
                  .select_related("committee").order_by("-cancelled_on", "-id")[:fetch]):
            if not public.shows_decisions(public.hidden(p)):
                continue
            entries.append(DecisionEntry(key=f"cancelled-{p.pk}", project=p,
                                         title=f"{p.name}: projektet avbrutet",
                                         description=p.cancel_reason, on=p.cancelled_on,
                                         updated=p.updated_at))
    entries.sort(key=lambda entry: (entry.on, entry.updated), reverse=True)
    return entries[:limit]


class PlainTextAtomFeed(Atom1Feed):
    """Descriptions go out as ``type="text"``: Django's Atom feed marks them ``type="html"``,
    so a feed reader rendered whatever a name, reason or comment held (stored XSS)."""

    def add_item_elements(self, handler, item):
        description = item.get("description")
        item["description"] = None
        super().add_item_elements(handler, item)
        if description:
            handler.addQuickElement("summary", description, {"type": "text"})


class DecisionsFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = "Beslut i de gemensamma nämndernas projekt"
    subtitle = "Beslutspunkter, förlängningar och avslut, senaste först"
    language = "sv"

    def link(self):
        return reverse("feed")

    def items(self):
        return decision_entries()

    def item_title(self, item):
        return public.text(item.title)

    def item_description(self, item):
        return public.text(item.description)

    def item_link(self, item):
        return f"{reverse('feed')}?search={item.project.case_number}"

    def item_guid(self, item):
        return f"urn:portfolio:decision:{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.on, datetime.time(12)))

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [public.text(item.project.committee.code), public.text(item.project.case_number)]


class DecisionsAtomView(APIView):
    """The Atom feed behind the same authentication as the JSON feed (feed tokens too)."""

    authentication_classes = [FeedTokenAuthentication, SessionAuthentication, TokenAuthentication]
    permission_classes = [FeedReadable]
    throttle_scope = "feed"
    throttle_classes = FEED_THROTTLES  # one bucket per feed token
    # Feed readers ask for application/atom+xml, which no DRF renderer offers.
    content_negotiation_class = AtomNegotiation

    @extend_schema(responses={(200, "application/atom+xml"): OpenApiTypes.STR},
                   description="Atom 1.0 feed of decisions (gate decisions, extension decisions, "
                               "cancellations), newest first, Swedish titles.")
    def get(self, request):
        return DecisionsFeed()(request._request)
