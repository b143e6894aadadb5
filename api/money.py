"""Budgets, the price list and time (API.md, Money)."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api import preconditions
from api.pagination import PortfolioPagination
from api.serializers.money import (
    AllocationRowSerializer,
    BaseFeeInputSerializer,
    BaseFeePageSerializer,
    BaseFeeRowSerializer,
    BaseFeeSerializer,
    BudgetInputSerializer,
    BudgetSerializer,
    CarryOverInputSerializer,
    CarryOverPageSerializer,
    CarryOverSerializer,
    InvoicingRowSerializer,
    PriceListRateSerializer,
    TimeEntrySerializer,
)
from portfolio import permissions
from portfolio.models import (
    BaseFee,
    CarryOver,
    Committee,
    Party,
    PriceListRate,
    Project,
    TimeEntry,
)
from portfolio.services import budgets, committee_money, time
from portfolio.services.allocation import allocate, base_fee_split
from portfolio.validators import parse_date, parse_decimal, parse_whole_number, parse_year

ERRORS = {400: OpenApiResponse(description="Bad input, naming the field or line"),
          403: OpenApiResponse(description="Role does not allow it")}


def _budget_body(summary) -> dict:
    money = lambda value: f"{value:.2f}"  # noqa: E731 - decimal strings, never floats
    return {
        "year": summary["year"],
        "lines": [{"activity": line.activity, "total": money(line.total), "note": line.note,
                   "shares": {s.financier.code: money(s.amount) for s in line.shares.all()}}
                  for line in summary["lines"]],
        "financiers": [{"code": f.code, "name": f.name, "allocation_key": f.allocation_key,
                        "parties": [p.code for p in f.parties.all()],
                        "percentages": f.percentages} for f in summary["financiers"]],
        "total": money(summary["total"]),
        "by_financier": {code: money(v) for code, v in summary["by_financier"].items()},
        "allocation": [{**row, "amount": money(row["amount"])} for row in summary["allocation"]],
        "per_party": {code: money(v) for code, v in summary["per_party"].items()},
        "problems": summary["problems"],
    }


@extend_schema(methods=["GET"], responses={200: BudgetSerializer},
               parameters=[OpenApiParameter("year", int, description="Cost year for the "
                                            "population key (default: the start year)"),
                           preconditions.ETAG])
@extend_schema(methods=["PUT"], request=BudgetInputSerializer,
               parameters=[preconditions.IF_MATCH, preconditions.ETAG],
               responses={200: BudgetSerializer, **ERRORS, **preconditions.PRECONDITION_FAILED})
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated])
def project_budget(request, pk):
    try:
        project = permissions.projects_visible_to(request.user).select_related(
            "committee").get(pk=pk)
    except Project.DoesNotExist as exc:
        raise NotFound("No such project.") from exc
    permissions.require_read(request.user, project)
    year = parse_year(request.query_params.get("year"))
    if request.method == "PUT":
        body = BudgetInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        budgets.set_budget(project=project, by=request.user, lines=body.validated_data["lines"],
                           financiers=body.validated_data.get("financiers"),
                           expected_version=preconditions.expected_version(request))
        project.refresh_from_db(fields=["updated_at"])
    response = Response(_budget_body(budgets.budget_summary(project, year)))
    response["ETag"] = preconditions.etag(project)
    return response


@extend_schema(responses={200: PriceListRateSerializer(many=True)},
               parameters=[OpenApiParameter("committee", str)])
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def price_list(request):
    rates = PriceListRate.objects.select_related("committee").order_by("committee__code",
                                                                        "resource", "-valid_from")
    code = request.query_params.get("committee")
    if code:
        rates = rates.filter(committee__code__iexact=code)
    return Response(PriceListRateSerializer(rates, many=True).data)


@extend_schema(methods=["POST"], request=TimeEntrySerializer,
               responses={201: TimeEntrySerializer, **ERRORS})
@extend_schema(methods=["GET"], responses={200: TimeEntrySerializer(many=True)})
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def time_entries(request):
    if request.method == "GET":
        own = permissions.projects_visible_to(request.user).filter(internals_visible=True)
        entries = TimeEntry.objects.select_related("committee", "party").order_by(
            "-date", "-id").filter(
            # A draft's owner reads the time on it without being a member of its committee.
            Q(committee__in=permissions.committees_readable_by(request.user))
            | Q(project__in=own.values("pk")))
        project = request.query_params.get("project")
        if project:
            entries = entries.filter(project_id=parse_whole_number(project, field="project"))
        return Response(TimeEntrySerializer(entries[:500], many=True).data)
    body = TimeEntrySerializer(data=request.data, context={"user": request.user})
    body.is_valid(raise_exception=True)
    entry = time.record_time(by=request.user, **body.validated_data)
    return Response(TimeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


def _date_param(request, name, default):
    value = request.query_params.get(name)
    if not value:
        return default
    return parse_date(value, field=name)


@extend_schema(responses={200: InvoicingRowSerializer(many=True), **ERRORS},
               parameters=[OpenApiParameter("committee", str, required=True),
                           OpenApiParameter("from", str), OpenApiParameter("to", str)])
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def invoicing(request):
    committee = Committee.objects.filter(code__iexact=request.query_params.get("committee", "")).first()
    if committee is None:
        raise ValidationError({"committee": ["Give a committee code, e.g. GNS."]})
    permissions.require_committee_read(request.user, committee)
    today = datetime.date.today()
    start = _date_param(request, "from", datetime.date(today.year, 1, 1))
    end = _date_param(request, "to", today)
    if end < start:
        raise ValidationError({"to": ["Before from."]})
    rows = time.invoicing_summary(committee, start, end)
    # Two decimals always: SQLite sums to Decimal("8.5") where PostgreSQL gives "8.50".
    return Response([{**row, "hours": f"{row['hours']:.2f}", "cost": f"{row['cost']:.2f}",
                      "by_resource": [{**r, "hours": f"{r['hours']:.2f}", "cost": f"{r['cost']:.2f}"}
                                      for r in row["by_resource"]]} for row in rows])


@extend_schema(
    parameters=[OpenApiParameter("amount", str, required=True, description="Whole kronor"),
                OpenApiParameter("key", str, required=True,
                                 enum=["equal", "population", "percent", "solidary"]),
                OpenApiParameter("parties", str, required=True,
                                 description="Comma-separated party codes"),
                OpenApiParameter("year", int, description="Cost year (population key)"),
                OpenApiParameter("percentages", str,
                                 description="Comma-separated percents in the parties' order")],
    responses={200: AllocationRowSerializer(many=True), **ERRORS},
    description="Split any amount by an allocation key, in whole kronor that add up exactly.")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def allocation_preview(request):
    params = request.query_params
    errors = {}
    try:
        amount = parse_decimal(params.get("amount", ""), field="amount")
    except DjangoValidationError as exc:
        errors.update(exc.message_dict)
    codes = [c.strip() for c in params.get("parties", "").split(",") if c.strip()]
    parties = {p.code: p for p in Party.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in parties]
    if unknown or not codes:
        errors["parties"] = [f"Unknown or missing parties: {', '.join(unknown) or '–'}"]
    try:
        year = parse_year(params.get("year"))
    except DjangoValidationError as exc:
        errors.update(exc.message_dict)
    percentages = {}
    if params.get("percentages"):
        values = params["percentages"].split(",")
        try:
            percentages = {parties[c]: parse_decimal(v, field="percentages")
                           for c, v in zip(codes, values, strict=True)}
        except (DjangoValidationError, ValueError, KeyError):
            errors["percentages"] = ["One percent per party, in the parties' order."]
    if errors:
        raise ValidationError(errors)
    parts = allocate(key=params.get("key", ""), total=amount,
                     parties=[parties[c] for c in codes],
                     year=year, percentages=percentages)
    return Response([{"party": p.code, "party_name": p.name, "amount": f"{v:.2f}"}
                     for p, v in parts.items()])


@extend_schema(parameters=[OpenApiParameter("year", int, required=True)],
               responses={200: BaseFeeRowSerializer(many=True), **ERRORS},
               description="The committee's base fee (basarvode) for a year, split equally among "
                           "the parties that are members that year. The year's own base fee "
                           "(base-fees/{year}/) is used; a year without one uses the "
                           "committee's standing base fee.")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def base_fee(request, code):
    committee = _readable_committee(request, code)
    year = parse_year(request.query_params.get("year"))
    if year is None:
        raise ValidationError({"year": ["A year like 2019."]})
    parts = base_fee_split(committee, year)
    whole = f"{committee_money.base_fee_for(committee, year):.2f}"
    return Response([{"party": p.code, "party_name": p.name, "amount": f"{v:.2f}",
                      "year": year, "base_fee": whole} for p, v in parts.items()])


def _readable_committee(request, code) -> Committee:
    committee = Committee.objects.filter(code__iexact=code).first()
    if committee is None:
        raise NotFound("No such committee.")
    permissions.require_committee_read(request.user, committee)
    return committee


def _base_fee_body(fee: BaseFee) -> dict:
    return {"year": fee.year, "amount": f"{fee.amount:.2f}",
            "decision_reference": fee.decision_reference}


@extend_schema(responses={200: BaseFeePageSerializer, **ERRORS},
               description="The committee's base fee per year, newest year first (paginated).")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def base_fees(request, code):
    committee = _readable_committee(request, code)
    paginator = PortfolioPagination()
    page = paginator.paginate_queryset(BaseFee.objects.filter(committee=committee)
                                       .order_by("-year"), request)
    return paginator.get_paginated_response([_base_fee_body(f) for f in page or []])


@extend_schema(methods=["GET"], operation_id="v1_committees_base_fees_year_retrieve",
               responses={200: BaseFeeSerializer, **ERRORS,
                                           404: OpenApiResponse(description="No base fee set "
                                                                            "for the year")})
@extend_schema(methods=["PUT"], operation_id="v1_committees_base_fees_year_update",
               request=BaseFeeInputSerializer,
               responses={200: BaseFeeSerializer, **ERRORS},
               description="Set the year's base fee (the committee's chair or secretary).")
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated])
def base_fee_year(request, code, year):
    committee = _readable_committee(request, code)
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": ["A year between 1990 and 2100."]})
    if request.method == "PUT":
        body = BaseFeeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fee = committee_money.set_base_fee(committee=committee, year=year, by=request.user,
                                           **body.validated_data)
        return Response(_base_fee_body(fee))
    fee = BaseFee.objects.filter(committee=committee, year=year).first()
    if fee is None:
        raise NotFound("No base fee is set for that year.")
    return Response(_base_fee_body(fee))


def _carry_over_body(row: CarryOver) -> dict:
    return {"id": row.pk, "from_year": row.from_year, "to_year": row.to_year,
            "amount": f"{row.amount:.2f}", "decision_reference": row.decision_reference,
            "note": row.note}


@extend_schema(methods=["GET"], responses={200: CarryOverPageSerializer, **ERRORS},
               description="Remaining funds carried over between years (paginated).")
@extend_schema(methods=["POST"], request=CarryOverInputSerializer,
               responses={201: CarryOverSerializer, **ERRORS},
               description="Record a carry-over decided by the committee (its chair or "
                           "secretary).")
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def carry_overs(request, code):
    committee = _readable_committee(request, code)
    if request.method == "POST":
        body = CarryOverInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = committee_money.record_carry_over(committee=committee, by=request.user,
                                                **body.validated_data)
        return Response(_carry_over_body(row), status=status.HTTP_201_CREATED)
    paginator = PortfolioPagination()
    page = paginator.paginate_queryset(CarryOver.objects.filter(committee=committee)
                                       .order_by("-from_year", "id"), request)
    return paginator.get_paginated_response([_carry_over_body(r) for r in page or []])
