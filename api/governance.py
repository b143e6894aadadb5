"""Extension requests, meetings and agendas, internal control (API.md)."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import (
    action,
    api_view,
    content_negotiation_class,
    permission_classes,
    throttle_scope,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.negotiation import PdfNegotiation
from api.serializers.governance import (
    AgendaItemSerializer,
    DecisionBodySerializer,
    ExtensionRequestSerializer,
    ItemDecisionSerializer,
    MeetingSerializer,
    NewItemSerializer,
    StrictEmpty,
)
from directives.http import pdf_response
from portfolio import permissions
from portfolio.models import AgendaItem, ExtensionRequest, Meeting, Project
from portfolio.reports import control
from portfolio.reports.meeting_documents import agenda_html
from portfolio.services import extensions, meetings
from portfolio.validators import parse_date

ERRORS = {400: OpenApiResponse(description="Bad input"),
          403: OpenApiResponse(description="Role does not allow it"),
          409: OpenApiResponse(description="Not allowed in the current state")}


@extend_schema(methods=["POST"], request=ExtensionRequestSerializer,
               responses={201: ExtensionRequestSerializer, **ERRORS})
@extend_schema(methods=["GET"], responses={200: ExtensionRequestSerializer(many=True)})
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def project_extension_requests(request, pk):
    try:
        project = permissions.projects_visible_to(request.user).get(pk=pk)
    except Project.DoesNotExist as exc:
        raise NotFound("No such project.") from exc
    permissions.require_read(request.user, project)
    if request.method == "GET":
        rows = project.extension_requests.select_related("project__committee").order_by("-created_at")
        return Response(ExtensionRequestSerializer(rows, many=True).data)
    body = ExtensionRequestSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    budget = data.get("budget_change") or {}
    created = extensions.request_extension(
        project=project, by=request.user, requested_end_date=data["requested_end_date"],
        reason=data["reason"], keeps_resources=data.get("keeps_resources", True),
        budget_change=budget.get("amount"), budget_change_split=budget.get("split"),
        proposed_decision=data.get("proposed_decision", ""),
        proposed_requirements=data.get("proposed_requirements", []), today=data.get("dated"))
    return Response(ExtensionRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class ExtensionRequestViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin,
                              viewsets.GenericViewSet):
    serializer_class = ExtensionRequestSerializer
    queryset = ExtensionRequest.objects.select_related("project__committee").order_by("-created_at")

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            return self.queryset.filter(project__committee__in=permissions.committees_readable_by(
                user))
        return self.queryset.filter(project__in=permissions.projects_visible_to(user).values("pk"))

    def get_object(self):
        extension = super().get_object()
        permissions.require_read(self.request.user, extension.project)
        return extension

    @extend_schema(request=DecisionBodySerializer,
                   responses={200: ExtensionRequestSerializer, **ERRORS},
                   description="`submit` (owner), `recommend` (steering group), `approve`, "
                               "`reject`, `table` (committee; optional `decided_on`, `meeting`, "
                               "`paragraph`).")
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z]+)")
    def transitions(self, request, pk=None, name=None):
        extension = self.get_object()
        if name in ("submit", "recommend"):
            serializers_ok = StrictEmpty(data=request.data)
            serializers_ok.is_valid(raise_exception=True)
            service = extensions.submit_extension if name == "submit" else \
                extensions.recommend_extension
            service(request=extension, by=request.user)
        elif name in ("approve", "reject", "table"):
            body = DecisionBodySerializer(data=request.data)
            body.is_valid(raise_exception=True)
            if name == "table":
                extensions.table_extension(request=extension, by=request.user, **body.validated_data)
            else:
                extensions.decide_extension(request=extension, by=request.user,
                                            approve=name == "approve", **body.validated_data)
        else:
            raise NotFound("Unknown transition; use submit, recommend, approve, reject or table.")
        extension.refresh_from_db()
        return Response(ExtensionRequestSerializer(extension).data)


class MeetingViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                     viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.select_related("committee", "chair").prefetch_related("items")

    def get_queryset(self):
        queryset = super().get_queryset().order_by("-date").filter(
            committee__in=permissions.committees_readable_by(self.request.user))
        code = self.request.query_params.get("committee")
        return queryset.filter(committee__code__iexact=code) if code else queryset

    @extend_schema(responses={201: MeetingSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        meeting = meetings.create_meeting(by=request.user, **body.validated_data)
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MeetingSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="build-agenda")
    def build_agenda(self, request, pk=None):
        meeting = self.get_object()
        meetings.build_agenda(meeting=meeting, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data)

    @extend_schema(request=NewItemSerializer, responses={201: AgendaItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="items")
    def items(self, request, pk=None):
        meeting = self.get_object()
        body = NewItemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = meetings.add_item(meeting=meeting, by=request.user, **body.validated_data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ItemDecisionSerializer, responses={200: AgendaItemSerializer, **ERRORS},
                   description="Record the committee's decision with the next §, unconfirmed: "
                               "nothing is carried out in the project's register until the "
                               "secretary confirms it (`POST …/items/{item_id}/confirm/`). An "
                               "outcome the item's kind cannot have is a 400, one the register "
                               "could not take now a 409.")
    @action(detail=True, methods=["post"], url_path=r"items/(?P<item_id>[0-9]+)/decide")
    def decide(self, request, pk=None, item_id=None):
        meeting = self.get_object()
        try:
            item = meeting.items.get(pk=item_id)
        except AgendaItem.DoesNotExist as exc:
            raise NotFound("No such item on this meeting's agenda.") from exc
        body = ItemDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            item = meetings.decide_item(item=item, by=request.user, **body.validated_data)
        return Response(AgendaItemSerializer(item).data)


@extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@content_negotiation_class(PdfNegotiation)
@throttle_scope("pdf")
def agenda_pdf(request, pk):
    try:
        meeting = Meeting.objects.select_related("committee").get(
            pk=pk, committee__in=permissions.committees_readable_by(request.user))
    except Meeting.DoesNotExist as exc:
        raise NotFound("No such meeting.") from exc
    return pdf_response(agenda_html(meeting), f"kallelse-{meeting.committee.code}-{meeting.date}.pdf")


@extend_schema(responses={200: OpenApiTypes.OBJECT, 400: ERRORS[400]},
               parameters=[OpenApiParameter("committee", str), OpenApiParameter("as_of", OpenApiTypes.DATE)])
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def internal_control(request):
    committee = None
    code = request.query_params.get("committee")
    if code:
        committee = permissions.committees_readable_by(request.user).filter(
            code__iexact=code).first()
        if committee is None:
            raise NotFound("No such committee.")
    as_of = parse_date(request.query_params.get("as_of"), field="as_of")
    return Response(control.findings(committee=committee, today=as_of or None,
                                     committees=permissions.committees_readable_by(request.user)))
