"""The committee's record (issue #11): cases and their documents, decision points, minutes
and the notice board (API.md, "Cases and minutes")."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.negotiation import FileNegotiation, PdfNegotiation
from api.serializers.record import (
    AnnouncementSerializer,
    ApproveSerializer,
    AttendanceListSerializer,
    CaseDocumentSerializer,
    CaseSerializer,
    DecisionWordsSerializer,
    MinutesSerializer,
    NewDocumentSerializer,
    PointsSerializer,
    RecordItemSerializer,
)
from directives.http import pdf_response
from portfolio import permissions, record
from portfolio.models import AgendaItem, CaseDocument
from portfolio.reports.meeting_documents import minutes_html
from portfolio.services import cases, minutes
from portfolio.validators import parse_year

ERRORS = {400: OpenApiResponse(description="Bad input, naming the field"),
          403: OpenApiResponse(description="Role does not allow it"),
          404: OpenApiResponse(description="Not found or not readable"),
          409: OpenApiResponse(description="Not allowed in the current state")}


class DocumentNegotiation(FileNegotiation):
    produces = ("application/pdf",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@extend_schema(parameters=[OpenApiParameter("committee", str, description="Committee code"),
                           OpenApiParameter("year", int), OpenApiParameter("kind", str)])
class CaseViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                  viewsets.GenericViewSet):
    """The committee's cases (ärenden): projects and everything else on its agendas."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        queryset = record.cases_readable_by(self.request.user).prefetch_related("documents")
        params = self.request.query_params
        if params.get("committee"):
            queryset = queryset.filter(committee__code__iexact=params["committee"])
        year = parse_year(params.get("year"), field="year")
        if year is not None:
            queryset = queryset.filter(year=year)
        if params.get("kind"):
            queryset = queryset.filter(kind=params["kind"])
        return queryset.order_by("-year", "-seq")

    @extend_schema(responses={201: CaseSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if not permissions.can_read_committee(request.user, data["committee"].pk):
            raise NotFound("No such committee.")
        case = cases.open_case(committee=data["committee"], kind=data["kind"],
                               title=data["title"], by=request.user, year=data.get("year"),
                               number=data.get("seq"),
                               external_reference=data.get("external_reference", ""))
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses={200: CaseDocumentSerializer(many=True), 404: ERRORS[404]})
@extend_schema(methods=["POST"], request={"multipart/form-data": NewDocumentSerializer},
               responses={201: CaseDocumentSerializer, **ERRORS})
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
@parser_classes([MultiPartParser])
def case_documents(request, pk):
    case = record.case_for(request.user, pk)
    if request.method == "GET":
        return Response(CaseDocumentSerializer(record.documents_of(case), many=True).data)
    body = NewDocumentSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    document = cases.add_document(case=case, kind=data["kind"], title=data["title"],
                                  dated=data["dated"], content=_read_capped(data["file"]),
                                  by=request.user)
    return Response(CaseDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


def _read_capped(upload) -> bytes:
    """At most one byte more than the cap is read: enough for the service to refuse it."""
    return upload.read(settings.CASE_DOCUMENT_MAX_BYTES + 1)


class CaseDocumentFile(APIView):
    """A case document's file, for whoever reads the case."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = DocumentNegotiation

    @extend_schema(responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"):
            OpenApiTypes.BINARY,
        404: ERRORS[404]})
    def get(self, request, pk, document_id):
        case = record.case_for(request.user, pk)
        try:
            document = case.documents.get(pk=document_id)
        except CaseDocument.DoesNotExist as exc:
            raise NotFound("No such document.") from exc
        return record.document_response(document)


def _item(request, pk, item_id) -> AgendaItem:
    meeting = record.meeting_for_minutes(request.user, pk)
    try:
        return meeting.items.select_related("meeting__committee").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise NotFound("No such item on this meeting's agenda.") from exc


def _item_out(item: AgendaItem) -> Response:
    fresh = record.items_with_points(item.meeting).get(pk=item.pk)
    return Response(RecordItemSerializer(fresh).data)


@extend_schema(request=PointsSerializer, responses={200: RecordItemSerializer, **ERRORS},
               description="The proposed decision's numbered points; until the item is decided.")
@api_view(["PUT"])
@permission_classes([IsAuthenticated])
def item_proposal(request, pk, item_id):
    item = _item(request, pk, item_id)
    body = PointsSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    return _item_out(minutes.set_proposal(item=item, by=request.user,
                                          points=body.validated_data["points"]))


@extend_schema(request=DecisionWordsSerializer, responses={200: RecordItemSerializer, **ERRORS},
               description="The decision's numbered points and, until the minutes are "
                           "adjusted, a corrected `outcome` (any the item's kind allows). A "
                           "confirmed decision already carried out in the register is undone "
                           "first (gate decision voided, extension or cancellation reversed; "
                           "409 when a later decision depends on it); the corrected decision "
                           "is audited and needs a new confirmation.")
@api_view(["PUT"])
@permission_classes([IsAuthenticated])
def item_decision(request, pk, item_id):
    item = _item(request, pk, item_id)
    body = DecisionWordsSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    return _item_out(minutes.set_decision(item=item, by=request.user, points=data["points"],
                                          outcome=data.get("outcome")))


@extend_schema(request=None, responses={200: RecordItemSerializer, **ERRORS},
               description="The secretary confirms the recorded decision, which carries it "
                           "out in the project's register in the same transaction (409 naming "
                           "why when it cannot be, e.g. checklist incomplete; nothing changes).")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def item_confirm(request, pk, item_id):
    item = _item(request, pk, item_id)
    return _item_out(minutes.confirm_decision(item=item, by=request.user))


@extend_schema(methods=["GET"], responses={200: MinutesSerializer, 404: ERRORS[404]})
@extend_schema(methods=["PUT"], request=MinutesSerializer,
               responses={200: MinutesSerializer, **ERRORS})
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated])
def meeting_minutes(request, pk):
    meeting = record.meeting_for_minutes(request.user, pk)
    if request.method == "PUT":
        body = MinutesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        minutes.update_minutes(meeting=meeting, by=request.user, **body.validated_data)
    return Response(MinutesSerializer(minutes.minutes_of(meeting)).data)


@extend_schema(request=AttendanceListSerializer, responses={200: MinutesSerializer, **ERRORS},
               description="Replaces the attendance: members and substitutes per party.")
@api_view(["PUT"])
@permission_classes([IsAuthenticated])
def meeting_attendance(request, pk):
    meeting = record.meeting_for_minutes(request.user, pk)
    body = AttendanceListSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    minutes.set_attendance(meeting=meeting, by=request.user,
                           rows=list(body.validated_data["attendance"]))
    return Response(MinutesSerializer(minutes.minutes_of(meeting)).data)


@extend_schema(request=ApproveSerializer, responses={200: MinutesSerializer, **ERRORS},
               description="Adjust the minutes: § numbers in agenda order become final, the "
                           "meeting is locked and the notice is posted (409 with "
                           "`failing_items` while a decision is unconfirmed).")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def meeting_minutes_approve(request, pk):
    meeting = record.meeting_for_minutes(request.user, pk)
    body = ApproveSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    approved = minutes.approve_minutes(meeting=meeting, by=request.user,
                                       notice_posted_on=body.validated_data.get("notice_posted_on"))
    return Response(MinutesSerializer(approved).data)


class MinutesPdf(APIView):
    """The minutes (protokoll) as PDF: the committee's draft, or anyone's once adjusted."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = PdfNegotiation
    throttle_scope = "pdf"

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ERRORS[404]})
    def get(self, request, pk):
        meeting = record.meeting_for_minutes(request.user, pk)
        return pdf_response(minutes_html(minutes.minutes_of(meeting)),
                            f"protokoll-{meeting.committee.code}-{meeting.date}.pdf")


class AnnouncementList(ListAPIView):
    """The notice board: adjusted minutes with the date of adjustment, where they are kept
    and the last day to appeal. Public, like the notice board itself."""

    serializer_class = AnnouncementSerializer
    permission_classes = [AllowAny]
    throttle_scope = "feed"

    def get_queryset(self):
        return record.announcements()
