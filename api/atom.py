"""Atom feed of decisions for the intranet's news list: gate decisions, extension decisions
and cancellations of public projects, newest first, with Swedish titles. What an entry may
show is the public projection's (portfolio.public.decision_news); this module writes XML."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from api.feed import FeedReadable
from api.negotiation import AtomNegotiation
from api.throttles import FEED_THROTTLES
from api.tokens import FeedTokenAuthentication
from portfolio import public, record


class PlainTextAtomFeed(Atom1Feed):
    """Descriptions go out as ``type="text"``: Django's Atom feed marks them ``type="html"``,
    so a feed reader rendered whatever a name held (stored XSS)."""

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
        return public.decision_news()

    def item_title(self, item):
        return public.text(item.title)

    def item_description(self, item):
        return public.text(item.summary)

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


class AnnouncementsFeed(Feed):
    """The committees' digital notice board (Kommunallagen 8 kap. 12 §): one entry per
    adjusted set of minutes, with the date of adjustment, where the minutes are kept and the
    last day to appeal (13 kap. 5 §: three weeks from the notice)."""

    feed_type = PlainTextAtomFeed
    title = "Anslagstavla – de gemensamma nämndernas protokoll"
    subtitle = "Justerade protokoll, senaste anslag först"
    language = "sv"

    def link(self):
        return reverse("announcements")

    def items(self):
        return record.announcements()[:100]

    def item_title(self, item):
        return public.text(f"Protokoll {item.meeting.committee.name} "
                           f"{item.meeting.date:%Y-%m-%d} justerat")

    def item_description(self, item):
        return public.text(
            f"Sammanträdesdatum: {item.meeting.date:%Y-%m-%d}. "
            f"Paragrafer: {record.paragraph_span(item) or '–'}. "
            f"Datum för justering: {item.adjusted_on:%Y-%m-%d}. "
            f"Anslaget sätts upp: {item.notice_posted_on:%Y-%m-%d}. "
            f"Sista dag för överklagande: {item.appeal_deadline:%Y-%m-%d}. "
            f"Förvaringsplats för protokollet: {item.kept_at}.")

    def item_link(self, item):
        return reverse("minutes-pdf", args=[item.meeting_id])

    def item_guid(self, item):
        return f"urn:portfolio:minutes:{item.meeting_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.notice_posted_on,
                                                             datetime.time(8)))

    def item_updateddate(self, item):
        return item.approved_at

    def item_categories(self, item):
        return [public.text(item.meeting.committee.code)]


class AnnouncementsAtomView(APIView):
    """The notice board as Atom. Public like the notice board itself."""

    permission_classes = [AllowAny]
    throttle_scope = "feed"
    throttle_classes = FEED_THROTTLES
    content_negotiation_class = AtomNegotiation

    @extend_schema(responses={(200, "application/atom+xml"): OpenApiTypes.STR},
                   description="Atom 1.0 feed of the notice board: adjusted minutes with the "
                               "date of adjustment, where they are kept and the appeal deadline.")
    def get(self, request):
        return AnnouncementsFeed()(request._request)
