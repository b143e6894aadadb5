"""Follow-up reports and the outcome import (API.md, Money)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import (
    api_view,
    content_negotiation_class,
    parser_classes,
    permission_classes,
    throttle_scope,
)
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.pagination import PortfolioPagination
from api.serializers.money import (
    NarrativeInputSerializer,
    NarrativePageSerializer,
    NarrativeSerializer,
)
from directives.http import pdf_response
from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import Committee, CostObject, FollowUpNarrative, OutcomeImport, Project
from portfolio.reports import exports, followup
from portfolio.services import committee_money, outcomes
from portfolio.services.outcomes import ImportRefused, import_outcomes
from portfolio.validators import parse_year

FORMATS = ("json", "xlsx", "csv", "pdf")


class ReportNegotiation(DefaultContentNegotiation):
    """``?format=`` picks the report's file format here (API.md), not DRF's renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def report_from_params(params, user=None) -> tuple[dict, str]:
    errors = {}
    try:
        year = parse_year(params.get("year"))
    except DjangoValidationError as exc:
        errors.update(exc.message_dict)
        year = None
    if year is None and "year" not in errors:
        errors["year"] = ["A year like 2019."]
    period = params.get("period", "")
    if period not in followup.PERIODS:
        errors["period"] = ["T1 (Jan–Apr), T2 (Jan–Aug) or Y (the year)."]
    committee = project = None
    if params.get("project"):
        project = Project.objects.filter(pk=params["project"]).select_related("committee").first() \
            if params["project"].isascii() and params["project"].isdigit() \
            and len(params["project"]) < 19 else None
        if project is None:
            errors["project"] = ["No such project."]
    else:
        committee = Committee.objects.filter(code__iexact=params.get("committee", "")).first()
        if committee is None:
            errors["committee"] = ["Give a committee code (e.g. GNS) or a project id."]
    if errors or year is None:
        raise ValidationError(errors)
    if user is not None and project is not None:
        permissions.require_read(user, project)
    if user is not None:
        permissions.require_committee_read(user, committee)
    report = followup.build(year=year, period=period, committee=committee, project=project)
    if project is not None:
        return report, f"{project.case_number} {project.name}"
    # Without a project the committee was required above (an error otherwise).
    assert committee is not None
    return report, committee.name


@extend_schema(
    parameters=[OpenApiParameter("committee", str), OpenApiParameter("project", int),
                OpenApiParameter("year", int, required=True),
                OpenApiParameter("period", str, enum=list(followup.PERIODS), required=True),
                OpenApiParameter("format", str, enum=list(FORMATS))],
    responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(description="Bad parameter")})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@content_negotiation_class(ReportNegotiation)
@throttle_scope("reports")
def follow_up(request):
    fmt = request.query_params.get("format", "json")
    if fmt not in FORMATS:
        raise ValidationError({"format": [f"One of {', '.join(FORMATS)}."]})
    report, heading = report_from_params(request.query_params, request.user)
    name = f"uppfoljning-{report['scope']['committee'] or report['scope']['project']}-" \
           f"{report['year']}-{report['period']}"
    if fmt == "json":
        return Response(report)
    if fmt == "pdf":
        return pdf_response(exports.html(report, heading), f"{name}.pdf")
    if fmt == "xlsx":
        response = HttpResponse(exports.xlsx(report), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    else:
        response = HttpResponse(exports.csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
    "file": {"type": "string", "format": "binary"}, "committee": {"type": "string"}}}},
    responses={201: OpenApiTypes.OBJECT,
               202: OpenApiResponse(description="A large file: queued for the background "
                                                "import; follow status_url"),
               400: OpenApiResponse(description="Every bad row, nothing stored; or a size, "
                                                "row or unpacked-size limit, named"),
               403: OpenApiResponse(description="Not the committee's secretary or chair")},
    description="Small files are imported at once (201 with the counts). Files over "
                "OUTCOME_IMPORT_BACKGROUND_ROWS rows are imported in the background: 202 with "
                "the import's id and status_url. The same file sent again returns the earlier "
                "import instead of importing it twice.")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([MultiPartParser, FormParser])
def outcomes_import(request):
    upload = request.FILES.get("file")
    committee = Committee.objects.filter(code__iexact=request.data.get("committee", "")).first()
    if request.data.get("committee") and committee is None:
        raise ValidationError({"committee": ["No such committee."]})
    # Asked before the file is looked at, so a stranger learns nothing about its checks.
    if not permissions.can_import_outcomes(request.user, committee):
        raise NotAllowed("Outcomes are imported by the committee's secretary or chair "
                         "(name the committee).")
    if upload is None:
        raise ValidationError({"file": ["Attach the export as 'file' (CSV or XLSX)."]})
    if upload.size > outcomes.MAX_BYTES:
        raise ValidationError({"file": [f"The file is {upload.size // 1024 // 1024} MB; at most "
                                        f"{outcomes.MAX_BYTES // 1024 // 1024} MB can be imported."]})
    data = upload.read()
    try:
        if outcomes.wants_background(upload.name, data):
            batch = outcomes.queue_import(filename=upload.name, data=data, by=request.user,
                                          committee=committee)
        else:
            batch = import_outcomes(filename=upload.name, data=data, by=request.user,
                                    committee=committee)
    except ImportRefused as exc:
        return Response({"file": exc.messages, "rows": exc.rows}, status=status.HTTP_400_BAD_REQUEST)
    if batch.state != OutcomeImport.State.DONE:
        url = reverse("outcomes-import-status", kwargs={"pk": batch.pk})
        response = Response({**outcomes.status(batch), "status_url": request.build_absolute_uri(url)},
                            status=status.HTTP_202_ACCEPTED)
        response["Location"] = url
        return response
    return Response({"id": batch.pk, "rows": batch.rows, "periods": batch.periods},
                    status=status.HTTP_201_CREATED)


@extend_schema(responses={200: OpenApiTypes.OBJECT,
                          403: OpenApiResponse(description="Not the importer nor the "
                                                           "committee's secretary or chair"),
                          404: OpenApiResponse(description="No such import")},
               description="An outcome import: state (queued, running, done, failed), "
                           "progress {done, total}; when done the counts (rows, periods), when "
                           "failed every bad row (file, rows) as the 400 of a small import.")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def outcomes_import_status(request, pk):
    batch = OutcomeImport.objects.select_related("committee").filter(pk=pk).first()
    if batch is None:
        raise NotFound("No such import.")
    if batch.imported_by_id != request.user.pk and not permissions.can_import_outcomes(
            request.user, batch.committee):
        raise NotAllowed("Imports are followed by who started them and the committee's "
                         "secretary or chair.")
    return Response(outcomes.status(batch))


def _narrative_body(cost_object: CostObject, narrative, year: int, period: str) -> dict:
    return {"cost_object": cost_object.code, "name": cost_object.name, "year": year,
            "period": period, "text": narrative.text if narrative else "",
            "updated_by": narrative.updated_by.username if narrative else None,
            "updated_at": narrative.updated_at if narrative else None}


@extend_schema(methods=["GET"],
               parameters=[OpenApiParameter("committee", str, required=True),
                           OpenApiParameter("year", int, required=True),
                           OpenApiParameter("period", str, enum=list(followup.PERIODS),
                                            required=True)],
               responses={200: NarrativePageSerializer,
                          400: OpenApiResponse(description="Bad parameter"),
                          403: OpenApiResponse(description="Not a reader of the committee")},
               description="The narrative of each of the committee's cost objects in one "
                           "follow-up report (empty text where none is written), paginated.")
@extend_schema(methods=["PUT"], request=NarrativeInputSerializer,
               responses={200: NarrativeSerializer,
                          400: OpenApiResponse(description="Bad input, naming the field"),
                          403: OpenApiResponse(description="Not the committee's chair or "
                                                           "secretary")},
               description="Write one cost object's narrative for a report; empty text "
                           "removes it.")
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated])
def follow_up_narratives(request):
    if request.method == "PUT":
        body = NarrativeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        committee = _committee_for(request, data["committee"])
        cost_object = CostObject.objects.filter(committee=committee,
                                                code=data["cost_object"]).first()
        if cost_object is None:
            raise ValidationError({"cost_object": ["No such cost object in the committee."]})
        narrative = committee_money.save_narrative(cost_object=cost_object, year=data["year"],
                                                   period=data["period"], text=data["text"],
                                                   by=request.user)
        return Response(_narrative_body(cost_object, narrative, data["year"], data["period"]))
    params = request.query_params
    errors = {}
    try:
        year = parse_year(params.get("year"))
    except DjangoValidationError as exc:
        errors.update(exc.message_dict)
        year = None
    if year is None and "year" not in errors:
        errors["year"] = ["A year like 2019."]
    period = params.get("period", "")
    if period not in followup.PERIODS:
        errors["period"] = ["T1 (Jan–Apr), T2 (Jan–Aug) or Y (the year)."]
    if not Committee.objects.filter(code__iexact=params.get("committee", "")).exists():
        errors["committee"] = ["Give a committee code, e.g. GNS."]
    if errors or year is None:
        raise ValidationError(errors)
    committee = _committee_for(request, params["committee"])
    written = {n.cost_object_id: n for n in FollowUpNarrative.objects.filter(
        cost_object__committee=committee, year=year, period=period).select_related("updated_by")}
    paginator = PortfolioPagination()
    page = paginator.paginate_queryset(CostObject.objects.filter(committee=committee)
                                       .order_by("code"), request)
    return paginator.get_paginated_response(
        [_narrative_body(o, written.get(o.pk), year, period) for o in page or []])


def _committee_for(request, code: str) -> Committee:
    committee = Committee.objects.filter(code__iexact=code).first()
    if committee is None:
        raise ValidationError({"committee": ["No such committee."]})
    permissions.require_committee_read(request.user, committee)
    return committee
