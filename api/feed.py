"""The intranet's feed of the portfolio: public fields only, cheap to poll.

ETag and Last-Modified come from the page's project ids and update times (one small query),
so a client that already has the page gets 304 before anything else is read.
"""

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import override
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api import public
from api.filters import ProjectFilter
from api.tokens import FeedTokenAuthentication
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import BudgetShare, ExtensionRequest, Financier, GateDecision, Project
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


PAGE_FIELDS = ("id", "case_seq", "case_year", "name", "kind", "state", "committee__code",
               "owner_party__code", "start_date", "planned_end_date", "end_date", "updated_at",
               "feed_hidden_fields", "cancelled_on")


def _labels() -> dict:
    """Swedish labels, looked up once per page rather than once per item."""
    with override("sv"):
        return {"state": {v: str(label) for v, label in State.choices},
                "kind": {v: str(label) for v, label in Project.Kind.choices},
                "gate": {v: str(label) for v, label in Gate.choices},
                "outcome": {v: str(label) for v, label in Outcome.choices}}


def _details(ids) -> tuple[dict, dict, dict]:
    """Latest gate decision, latest extension decision and budget per financier for the page's
    projects: three queries, whatever the page size.

    Plain SQL on the hot path: the ORM spends more time preparing a 100-id IN list three times
    than the database spends answering (measured in bench/feed.py).
    """
    gates, extensions, budgets = {}, {}, {}
    if not ids:
        return gates, extensions, budgets
    marks = ", ".join(["%s"] * len(ids))
    decision = GateDecision._meta.db_table
    extension = ExtensionRequest._meta.db_table
    financier, share = Financier._meta.db_table, BudgetShare._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT project_id, gate, outcome, decided_on FROM {decision} "
            f"WHERE project_id IN ({marks}) ORDER BY project_id, decided_on DESC, id DESC", ids)
        for project_id, gate, outcome, decided_on in cursor.fetchall():
            gates.setdefault(project_id, {"gate": gate, "outcome": outcome,
                                          "decided_on": _as_date(decided_on)})
        cursor.execute(
            f"SELECT project_id, state, decided_on, requested_end_date FROM {extension} "
            f"WHERE project_id IN ({marks}) AND decided_on IS NOT NULL "
            f"ORDER BY project_id, decided_on DESC, id DESC", ids)
        for project_id, state, decided_on, end in cursor.fetchall():
            extensions.setdefault(project_id, {"state": state, "decided_on": _as_date(decided_on),
                                               "requested_end_date": _as_date(end)})
        cursor.execute(
            f"SELECT f.project_id, f.code, f.name, COALESCE(SUM(s.amount), 0) FROM {financier} f "
            f"LEFT JOIN {share} s ON s.financier_id = f.id WHERE f.project_id IN ({marks}) "
            f"GROUP BY f.project_id, f.id, f.code, f.name, f.position "
            f"ORDER BY f.project_id, f.position, f.id", ids)
        for project_id, code, name, amount in cursor.fetchall():
            budgets.setdefault(project_id, []).append(
                {"code": code, "name": name, "amount": Decimal(str(amount)).quantize(CENT)})
    return gates, extensions, budgets


def _as_date(value):
    # SQLite hands back ISO strings, PostgreSQL dates.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def latest_decision(row, gate, extension, labels) -> dict | None:
    candidates = []
    if gate:
        candidates.append((gate["decided_on"], 0, {
            "kind": "gate", "gate": gate["gate"], "outcome": gate["outcome"],
            "outcome_label": f"{labels['gate'][gate['gate']]}: {labels['outcome'][gate['outcome']]}",
            "decided_on": gate["decided_on"]}))
    if extension:
        approved = extension["state"] == ExtensionRequest.State.APPROVED
        candidates.append((extension["decided_on"], 1, {
            "kind": "extension", "gate": None,
            "outcome": "approved" if approved else "rejected",
            "outcome_label": (f"förlängning beviljad till {extension['requested_end_date']}"
                              if approved else "förlängning avslagen"),
            "decided_on": extension["decided_on"]}))
    if row["state"] == State.CANCELLED and row["cancelled_on"]:
        candidates.append((row["cancelled_on"], 2, {
            "kind": "cancellation", "gate": None, "outcome": "cancelled",
            "outcome_label": "projektet avbrutet", "decided_on": row["cancelled_on"]}))
    return max(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def feed_item(row, gate, extension, financiers, labels) -> dict:
    code = row["committee__code"]
    item = {
        "id": row["id"], "case_number": f"{code}/{row['case_seq']}/{row['case_year']}",
        "name": row["name"], "kind": row["kind"], "kind_label": labels["kind"][row["kind"]],
        "state": row["state"], "state_label": labels["state"][row["state"]],
        "committee": code, "owner_party": row["owner_party__code"],
        "start_date": row["start_date"], "planned_end_date": row["planned_end_date"],
        "end_date": row["end_date"],
        "budget": {
            "total": f"{sum((f['amount'] for f in financiers), 0):.2f}",
            "by_financier": [{"code": f["code"], "name": f["name"], "amount": f"{f['amount']:.2f}"}
                             for f in financiers]},
        "latest_decision": latest_decision(row, gate, extension, labels),
        "updated_at": row["updated_at"],
    }
    return public.project_item(item, public.hidden(row))


class FeedView(APIView):
    authentication_classes = [FeedTokenAuthentication, SessionAuthentication, TokenAuthentication]
    permission_classes = [FeedReadable]
    throttle_scope = "feed"

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
        if _not_modified(request, etag, last_modified):
            response = Response(status=304)
        else:
            labels = _labels()
            gates, extensions, budgets = _details([row["id"] for row in rows])
            results = [feed_item(row, gates.get(row["id"]), extensions.get(row["id"]),
                                 budgets.get(row["id"], []), labels) for row in rows]
            response = Response({
                "count": paginator.count,
                "next": _page_url(request, number + 1) if page and page.has_next() else None,
                "previous": _page_url(request, number - 1) if number > 1 else None,
                # Plain dicts: a field kept out of the feed must be absent, not null.
                "results": results,
            })
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = "no-cache"
        response["Vary"] = "Accept, Authorization, Cookie"
        return response


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
