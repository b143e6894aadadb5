"""The intranet's feed of the portfolio: public fields only, cheap to poll.

ETag and Last-Modified come from the page's project ids and update times (one small query),
so a client that already has the page gets 304 before anything else is read.
"""

import hashlib

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import override
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import ProjectFilter
from api.tokens import FeedTokenAuthentication
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import ExtensionRequest, Financier, GateDecision, Project

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
    queryset = Project.objects.filter(is_public=True).exclude(state=State.DRAFT)
    filters = ProjectFilter(params, queryset=queryset)
    if not filters.is_valid():
        raise ValidationError(filters.errors)
    return filters.qs.order_by("committee__code", "-case_year", "-case_seq", "id")


def _with_details(queryset):
    gate = GateDecision.objects.filter(project=OuterRef("pk")).order_by("-decided_on", "-id")
    extension = ExtensionRequest.objects.filter(
        project=OuterRef("pk"), decided_on__isnull=False).order_by("-decided_on", "-id")
    amount = Coalesce(Sum("shares__amount"), 0, output_field=DecimalField(max_digits=14,
                                                                          decimal_places=2))
    return queryset.select_related("committee", "owner_party").annotate(
        gate_gate=Subquery(gate.values("gate")[:1]),
        gate_outcome=Subquery(gate.values("outcome")[:1]),
        gate_on=Subquery(gate.values("decided_on")[:1]),
        extension_state=Subquery(extension.values("state")[:1]),
        extension_on=Subquery(extension.values("decided_on")[:1]),
        extension_end=Subquery(extension.values("requested_end_date")[:1]),
    ).prefetch_related(Prefetch("financiers", Financier.objects.annotate(amount=amount)
                                .order_by("position", "id")))


def latest_decision(project) -> dict | None:
    candidates = []
    if project.gate_on:
        candidates.append((project.gate_on, 0, {
            "kind": "gate", "gate": project.gate_gate, "outcome": project.gate_outcome,
            "outcome_label": f"{Gate(project.gate_gate).label}: "
                             f"{Outcome(project.gate_outcome).label}",
            "decided_on": project.gate_on}))
    if project.extension_on:
        approved = project.extension_state == ExtensionRequest.State.APPROVED
        candidates.append((project.extension_on, 1, {
            "kind": "extension", "gate": None,
            "outcome": "approved" if approved else "rejected",
            "outcome_label": (f"förlängning beviljad till {project.extension_end}" if approved
                              else "förlängning avslagen"),
            "decided_on": project.extension_on}))
    if project.state == State.CANCELLED and project.cancelled_on:
        candidates.append((project.cancelled_on, 2, {
            "kind": "cancellation", "gate": None, "outcome": "cancelled",
            "outcome_label": "projektet avbrutet", "decided_on": project.cancelled_on}))
    return max(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def feed_item(project) -> dict:
    hidden = set(project.feed_hidden_fields or [])
    item = {
        "id": project.pk, "case_number": project.case_number, "name": project.name,
        "kind": project.kind, "kind_label": project.get_kind_display(),
        "state": project.state, "state_label": project.get_state_display(),
        "committee": project.committee.code,
        "owner_party": project.owner_party.code if project.owner_party else None,
        "start_date": project.start_date, "planned_end_date": project.planned_end_date,
        "end_date": project.end_date,
        "budget": {
            "total": f"{sum((f.amount for f in project.financiers.all()), 0):.2f}",
            "by_financier": [{"code": f.code, "name": f.name, "amount": f"{f.amount:.2f}"}
                             for f in project.financiers.all()]},
        "latest_decision": latest_decision(project),
        "updated_at": project.updated_at,
    }
    for field in hidden:
        item.pop(field, None)
    return item


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
        description="The public portfolio feed. Send If-None-Match / If-Modified-Since to get "
                    "304 when nothing in the page changed.")
    def get(self, request):
        size = request.query_params.get("page_size", str(DEFAULT_PAGE_SIZE))
        number = request.query_params.get("page", "1")
        if not (size.isdigit() and 1 <= int(size)) or not (number.isdigit() and int(number) >= 1):
            raise ValidationError({"page_size" if not size.isdigit() or int(size) < 1 else "page":
                                   ["A whole number from 1."]})
        size = min(int(size), MAX_PAGE_SIZE)
        queryset = feed_queryset(request.query_params)
        paginator = Paginator(queryset.values_list("id", "updated_at"), size)
        try:
            page = paginator.page(int(number))
        except EmptyPage as exc:
            if int(number) == 1:
                page = None
            else:
                raise NotFound("No such page.") from exc
        stamps = list(page.object_list) if page else []
        fingerprint = hashlib.sha256(repr((
            request.get_full_path(), paginator.count,
            [(pk, updated.isoformat()) for pk, updated in stamps],
        )).encode()).hexdigest()[:32]
        etag = quote_etag(fingerprint)
        last_modified = max((updated for _, updated in stamps), default=None)
        if _not_modified(request, etag, last_modified):
            response = Response(status=304)
        else:
            with override("sv"):
                projects = {p.pk: p for p in _with_details(Project.objects.filter(
                    pk__in=[pk for pk, _ in stamps]))}
                results = [feed_item(projects[pk]) for pk, _ in stamps]
            response = Response({
                "count": paginator.count,
                "next": _page_url(request, int(number) + 1) if page and page.has_next() else None,
                "previous": _page_url(request, int(number) - 1) if int(number) > 1 else None,
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
