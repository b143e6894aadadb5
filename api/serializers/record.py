"""The committee's record (issue #11): cases, their documents, decision points, minutes and
the notice board."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.base import StrictFieldsMixin
from portfolio import record
from portfolio.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseDocument,
    Committee,
    DecisionPoint,
    Minutes,
    Party,
)
from portfolio.services import meetings
from portfolio.services.minutes import MAX_POINT_CHARS, MAX_POINTS
from portfolio.validators import validate_sensible_date

OUTCOME_HELP = ("Empty until decided; then one of: "
                + ", ".join(AgendaItem.Outcome.values) + ".")


class CaseDocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = ["id", "kind", "kind_label", "title", "dated", "content_type", "size",
                  "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, document) -> str:
        return reverse("case-document-file", args=[document.case_id, document.pk])


class NewDocumentSerializer(StrictFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseDocument.Kind.choices,
                                   default=CaseDocument.Kind.DECISION_BASIS)
    title = serializers.CharField(max_length=300)
    dated = serializers.DateField(validators=[validate_sensible_date])
    file = serializers.FileField(help_text="PDF or DOCX; the size cap is the setting "
                                           "CASE_DOCUMENT_MAX_BYTES.")


class CaseDecisionSerializer(serializers.ModelSerializer):
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)
    outcome = serializers.CharField(read_only=True, help_text=OUTCOME_HELP)
    decision_points = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "meeting_date", "heading", "decided_paragraph", "outcome",
                  "decision_points"]
        read_only_fields = fields

    def get_decision_points(self, item) -> list[str]:
        return [p.text for p in item.points.all() if p.stage == DecisionPoint.Stage.DECISION]


class CaseSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    committee = serializers.SlugRelatedField(slug_field="code", queryset=Committee.objects.all())
    kind = serializers.ChoiceField(choices=Case.Kind.choices,
                                   help_text="A project's case is opened with the project.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    seq = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False,
                                   help_text="Only to register a case that already has a number.")
    project = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    documents = CaseDocumentSerializer(many=True, read_only=True)
    decisions = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "number", "committee", "year", "seq", "kind", "kind_label", "title",
                  "external_reference", "project", "documents", "decisions", "created_at"]
        read_only_fields = ["created_at"]
        # The number comes from the committee's sequence (services.cases), not the client.
        validators: list = []

    @extend_schema_field(CaseDecisionSerializer(many=True))
    def get_decisions(self, case):
        return CaseDecisionSerializer(record.decisions_of(case), many=True).data


class PointsSerializer(StrictFieldsMixin, serializers.Serializer):
    points = serializers.ListField(
        child=serializers.CharField(max_length=MAX_POINT_CHARS), max_length=MAX_POINTS,
        help_text="The numbered points in order, without their numbers.")


class DecisionWordsSerializer(PointsSerializer):
    outcome = serializers.ChoiceField(
        choices=meetings.ITEM_OUTCOMES, required=False,
        help_text="A corrected outcome, for items whose decision changed nothing outside the "
                  "minutes (standing, other and follow-up items).")


class RecordItemSerializer(serializers.ModelSerializer):
    """An agenda item as the minutes and the kallelse show it."""

    outcome = serializers.CharField(read_only=True, help_text=OUTCOME_HELP)
    case = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    proposal_points = serializers.SerializerMethodField()
    decision_points = serializers.SerializerMethodField()
    confirmed = serializers.SerializerMethodField()
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    confirmed_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                                allow_null=True)
    carried_out = serializers.BooleanField(
        read_only=True, help_text="The decision has been carried out in the project's register "
                                  "(done when the secretary confirms it).")
    corrected_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "kind", "heading", "case", "case_number", "description",
                  "is_information", "referred_to", "proposal_points", "decided_paragraph",
                  "outcome", "decision_points", "confirmed", "confirmed_at", "confirmed_by",
                  "carried_out", "corrected_at"]
        read_only_fields = fields

    def get_proposal_points(self, item) -> list[str]:
        return [p.text for p in item.points.all() if p.stage == DecisionPoint.Stage.PROPOSAL]

    def get_decision_points(self, item) -> list[str]:
        return [p.text for p in item.points.all() if p.stage == DecisionPoint.Stage.DECISION]

    def get_confirmed(self, item) -> bool:
        return item.confirmed_at is not None


class AttendanceSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="code", queryset=Party.objects.all(),
                                         required=False, allow_null=True)
    name = serializers.CharField(max_length=200)
    replaces = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="")

    class Meta:
        model = Attendance
        fields = ["party", "name", "role", "present", "replaces"]


class AttendanceListSerializer(StrictFieldsMixin, serializers.Serializer):
    attendance = AttendanceSerializer(many=True)

    def validate_attendance(self, rows):
        if len(rows) > 200:
            raise serializers.ValidationError("At most 200 people.")
        return rows


class MinutesSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    committee = serializers.CharField(source="meeting.committee.code", read_only=True)
    date = serializers.DateField(source="meeting.date", read_only=True)
    chair = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    secretary = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                      default="")
    adjusters = serializers.CharField(max_length=400, required=False, allow_blank=True,
                                      default="")
    kept_at = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    adjusted_on = serializers.DateField(required=False, allow_null=True, default=None,
                                        validators=[validate_sensible_date])
    state = serializers.ChoiceField(choices=Minutes.State.choices, read_only=True)
    appeal_deadline = serializers.DateField(read_only=True, allow_null=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = ["meeting", "committee", "date", "state", "chair", "secretary", "adjusters",
                  "adjusted_on", "kept_at", "notice_posted_on", "appeal_deadline", "attendance",
                  "items"]
        read_only_fields = ["notice_posted_on"]

    @extend_schema_field(RecordItemSerializer(many=True))
    def get_items(self, minutes):
        return RecordItemSerializer(record.items_with_points(minutes.meeting), many=True).data


class ApproveSerializer(StrictFieldsMixin, serializers.Serializer):
    notice_posted_on = serializers.DateField(
        required=False, allow_null=True, validators=[validate_sensible_date],
        help_text="The day the notice goes up; default the adjustment date.")


class AnnouncementSerializer(serializers.ModelSerializer):
    """A notice on the committee's notice board (anslagstavla, Kommunallagen 8 kap. 12 §)."""

    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    committee = serializers.CharField(source="meeting.committee.code", read_only=True)
    committee_name = serializers.CharField(source="meeting.committee.name", read_only=True)
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)
    appeal_deadline = serializers.DateField(read_only=True)
    paragraphs = serializers.SerializerMethodField()
    minutes_pdf = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = ["meeting", "committee", "committee_name", "meeting_date", "paragraphs",
                  "adjusted_on", "notice_posted_on", "appeal_deadline", "kept_at", "minutes_pdf"]
        read_only_fields = fields

    def get_paragraphs(self, minutes) -> str:
        return record.paragraph_span(minutes)

    def get_minutes_pdf(self, minutes) -> str:
        return reverse("minutes-pdf", args=[minutes.meeting_id])
