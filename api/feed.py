"""The intranet's feed of the portfolio: public fields only, cheap to poll.

ETag and Last-Modified come from the page's project ids and update times (one small query),
so a client that already has the page gets 304 before anything else is read.

Near the floor: every service that changes a project bumps its ``updated_at`` (the project's
version, portfolio/services/versions.py), and projects are never deleted, so while the newest
``updated_at`` and the highest id stay the same (``signature``: one query on two indexes), no
page of the feed can have changed. Each process remembers the pages
it answered (their ETag, Last-Modified and body) with the signature they were built under and
answers from memory while it still holds — a 304 or a 200 without building the page. A
memory is never older than ``FEED_PAGE_CACHE_SECONDS`` (default 30), the bound for a change
made behind the services' back.

On PostgreSQL the signature is read in the throttle counters' statement (a CTE around their
UPSERT, ``check_throttles``), which PostgreSQL keeps prepared: an unchanged poll is one round
trip to the database. SQLite, in-process, runs the two statements one after the other.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.http import HttpResponse
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import ProjectFilter
from api.throttles import FEED_THROTTLES
from api.tokens import FeedTokenAuthentication
from portfolio import public
from portfolio.models import Project
from portfolio.public import PAGE_FIELDS, details, feed_item, labels
from portfolio.throttling import check_throttles_at_once
from portfolio.validators import parse_whole_number

CENT = Decimal("0.01")
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


class FeedReadable(BasePermission):
    """Anyone when PUBLIC_FEED is on; otherwise a signed-in user or a feed token."""

    def has_permission(self, request, view):
        return settings.PUBLIC_FEED or IsAuthenticated().has_permission(request, view)


class FeedFinancierSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    amount = serializers.CharField()


class FeedDecisionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["gate", "extension", "cancellation"])
    gate = serializers.CharField(allow_null=True)
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    decided_on = serializers.DateField()


class FeedItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    committee = serializers.CharField()
    owner_party = serializers.CharField(allow_null=True, required=False)
    start_date = serializers.DateField(allow_null=True, required=False)
    planned_end_date = serializers.DateField(allow_null=True, required=False)
    end_date = serializers.DateField(allow_null=True, required=False)
    budget = serializers.DictField(required=False, help_text="total and by_financier")
    latest_decision = FeedDecisionSerializer(allow_null=True, required=False)
    updated_at = serializers.DateTimeField()


class FeedPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FeedItemSerializer(many=True)


def feed_queryset(params):
    queryset = public.public_projects()
    filters = ProjectFilter(params, queryset=queryset)
    if not filters.is_valid():
        raise ValidationError(filters.errors)
    return filters.qs.order_by("committee__code", "-case_year", "-case_seq", "id")


class FeedView(APIView):
    authentication_classes = [FeedTokenAuthentication, SessionAuthentication, TokenAuthentication]
    permission_classes = [FeedReadable]
    throttle_scope = "feed"
    throttle_classes = FEED_THROTTLES  # one bucket per feed token

    # The projects' signature as read with the throttle counters (None: read it on its own).
    counted_signature: tuple | None = None

    def check_throttles(self, request):
        # On PostgreSQL the signature rides in the counters' statement: a 304 then costs one
        # round trip to the database instead of two.
        row = check_throttles_at_once(self, request, alongside=signature_sql(),
                                      using=connection.alias)
        if row is not None:
            self.counted_signature = (connection.alias, *row)

    @extend_schema(
        parameters=[OpenApiParameter("committee", str), OpenApiParameter("state", str),
                    OpenApiParameter("kind", str), OpenApiParameter("party", str),
                    OpenApiParameter("updated_since", str, description="ISO 8601 timestamp"),
                    OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: FeedPageSerializer, 304: OpenApiResponse(description="Not modified"),
                   400: OpenApiResponse(description="Bad filter or page size"),
                   404: OpenApiResponse(description="No such page")},
        description="The public portfolio feed. Send If-None-Match (preferred) or "
                    "If-Modified-Since to get 304 when nothing in the page changed. The ETag also "
                    "changes when a project leaves the page; Last-Modified is the newest update "
                    "time among the projects in it.")
    def get(self, request):
        size = min(parse_whole_number(request.query_params.get("page_size"), field="page_size",
                                      minimum=1, default=DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
        number = parse_whole_number(request.query_params.get("page"), field="page", minimum=1,
                                    default=1)
        # The signature is read before the page: a change landing in between leaves a page
        # remembered under the older signature, which the next request no longer matches.
        now, stamp = time.monotonic(), self.counted_signature or signature()
        memo_key = request.build_absolute_uri()
        page_memo = _pages.get(memo_key)
        if (page_memo is None or page_memo.signature != stamp or page_memo.until <= now
                or (page_memo.body is None
                    and not _not_modified(request, page_memo.etag, page_memo.last_modified))):
            page_memo = self._build(request, size, number, stamp, now)
            with _lock:
                _pages[memo_key] = page_memo
                _pages.move_to_end(memo_key)
                while len(_pages) > settings.FEED_PAGE_CACHE_ENTRIES:
                    _pages.popitem(last=False)
        if _not_modified(request, page_memo.etag, page_memo.last_modified):
            response = Response(status=304)
        elif request.accepted_renderer.format == "json":
            response = self._json(request, page_memo)
        else:
            response = Response(page_memo.body)
        response["ETag"] = page_memo.etag
        if page_memo.last_modified:
            response["Last-Modified"] = http_date(page_memo.last_modified.timestamp())
        response["Cache-Control"] = "no-cache"
        response["Vary"] = "Accept, Authorization, Cookie"
        return response

    def _json(self, request, page_memo: "PageMemo") -> HttpResponse:
        """The page as JSON, rendered once per page and media type (rendering a hundred items
        costs more than everything else in an unchanged page's answer)."""
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        content = page_memo.rendered.get(media_type)
        if content is None:
            content = renderer.render(page_memo.body, media_type,
                                      {"request": request, "view": self, "response": None})
            page_memo.rendered[media_type] = content
        content_type = (f"{renderer.media_type}; charset={renderer.charset}" if renderer.charset
                        else renderer.media_type)
        return HttpResponse(content, content_type=content_type)

    def _build(self, request, size, number, stamp, now) -> "PageMemo":
        queryset = feed_queryset(request.query_params)
        paginator = Paginator(queryset.values(*PAGE_FIELDS), size)
        # Count the plain rows: the joins of the page's columns are not needed to count them.
        paginator.count = queryset.order_by().count()
        try:
            page = paginator.page(number)
        except EmptyPage as exc:
            if number == 1:
                page = None
            else:
                raise NotFound("No such page.") from exc
        rows = list(page.object_list) if page else []
        fingerprint = hashlib.sha256(repr((
            request.get_full_path(), paginator.count,
            [(row["id"], row["updated_at"].isoformat()) for row in rows],
        )).encode()).hexdigest()[:32]
        etag = quote_etag(fingerprint)
        last_modified = max((row["updated_at"] for row in rows), default=None)
        memo = PageMemo(signature=stamp, until=now + settings.FEED_PAGE_CACHE_SECONDS,
                        etag=etag, last_modified=last_modified, body=None)
        if _not_modified(request, etag, last_modified):
            return memo  # the body is built when a client without this ETag asks
        names = labels()
        gates, extensions, budgets = details([row["id"] for row in rows])
        results = [feed_item(row, gates.get(row["id"]), extensions.get(row["id"]),
                             budgets.get(row["id"], []), names) for row in rows]
        memo.body = {
            "count": paginator.count,
            "next": _page_url(request, number + 1) if page and page.has_next() else None,
            "previous": _page_url(request, number - 1) if number > 1 else None,
            # Plain dicts: a field kept out of the feed must be absent, not null.
            "results": results,
        }
        return memo


@dataclass
class PageMemo:
    signature: tuple
    until: float
    etag: str
    last_modified: datetime | None
    body: dict | None
    rendered: dict[str, bytes] = field(default_factory=dict)  # media type -> content


_lock = threading.Lock()
_pages: "OrderedDict[str, PageMemo]" = OrderedDict()  # absolute URL -> the page answered


def signature() -> tuple:
    """Newest update and highest id of all projects: unchanged, no page changed. (No count:
    PostgreSQL counts by reading every row, and the application never deletes a project; a
    deletion by hand shows within FEED_PAGE_CACHE_SECONDS.)"""
    with connection.cursor() as cursor:
        cursor.execute(signature_sql())
        return (connection.alias, *cursor.fetchone())


def signature_sql() -> str:
    table = connection.ops.quote_name(Project._meta.db_table)
    # Two subqueries, each one end of an index; one SELECT of both aggregates would scan the
    # table. Named columns: the statement may be a derived table (check_throttles).
    return (f"SELECT (SELECT MAX(updated_at) FROM {table}) AS newest, "
            f"(SELECT MAX(id) FROM {table}) AS highest")


def _not_modified(request, etag, last_modified) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since and last_modified and int(last_modified.timestamp()) <= since)


def _page_url(request, number):
    params = request.query_params.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
