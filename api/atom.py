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
from rest_framework.views import APIView

from api.feed import FeedReadable
from api.negotiation import AtomNegotiation
from api.throttles import FEED_THROTTLES
from api.tokens import FeedTokenAuthentication
from portfolio import public


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
