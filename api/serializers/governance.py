"""Governance: extension requests, meetings and their agendas (API.md)."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from api.fields import ClockTimeField, DecimalCommaField
from api.serializers.base import StrictFieldsMixin
from portfolio.models import AgendaItem, Case, Committee, ExtensionRequest, Meeting, Project
from portfolio.services import meetings


class BudgetChangeSerializer(serializers.Serializer):
    amount = DecimalCommaField(max_digits=14, decimal_places=2)
    split = serializers.DictField(child=DecimalCommaField(max_digits=14, decimal_places=2),
                                  required=False, default=dict,
                                  help_text="Financier code → amount; adds up to the amount.")


class ExtensionRequestSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True)
    case_number = serializers.CharField(source="project.case_number", read_only=True)
    state = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    budget_change = BudgetChangeSerializer(required=False, allow_null=True, write_only=True)
    budget = serializers.SerializerMethodField()
    proposed_requirements = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list, max_length=50)
    reason = serializers.CharField(max_length=20_000)
    proposed_decision = serializers.CharField(max_length=20_000, required=False, allow_blank=True,
                                              default="")
    dated = serializers.DateField(required=False, allow_null=True,
                                  help_text="Date of the request (registering an earlier case); "
                                            "default today. The requested end date is after it. "
                                            "The committee case (tjänsteskrivelse) is dated by "
                                            "it.")

    class Meta:
        model = ExtensionRequest
        fields = ["id", "project", "case_number", "state", "state_label", "dated", "requested_end_date",
                  "previous_end_date", "reason", "keeps_resources", "budget_change", "budget",
                  "proposed_decision", "proposed_requirements", "decided_on", "meeting",
                  "paragraph", "tabled_at", "created_at", "updated_at"]
        read_only_fields = ["previous_end_date", "decided_on", "meeting", "paragraph",
                            "tabled_at", "created_at", "updated_at"]

    def get_budget(self, request) -> dict | None:
        if request.budget_change is None:
            return None
        return {"amount": str(request.budget_change), "split": request.budget_change_split}


class DecisionBodySerializer(StrictFieldsMixin, serializers.Serializer):
    decided_on = serializers.DateField(required=False)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False,
                                                 allow_null=True)
    paragraph = serializers.IntegerField(min_value=1, max_value=100000, required=False,
                                         allow_null=True)


class StrictEmpty(StrictFieldsMixin, serializers.Serializer):
    pass


class AgendaItemSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    time_slot = ClockTimeField(read_only=True, allow_null=True)
    # Empty until the committee has decided the item.
    outcome = serializers.ChoiceField(choices=AgendaItem.Outcome.choices, allow_blank=True,
                                      read_only=True)
    confirmed = serializers.SerializerMethodField(
        help_text="The secretary has confirmed the recorded decision.")
    confirmed_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                                allow_null=True)
    carried_out = serializers.BooleanField(
        read_only=True, help_text="The decision has been carried out in the project's register "
                                  "(done when the secretary confirms it).")
    corrected_at = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text="When the decision's outcome was last corrected, before the minutes were "
                  "adjusted.")

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "kind", "heading", "case_number", "project", "gate",
                  "extension_request", "presenter", "time_slot", "description",
                  "proposed_decision", "tabled_from", "decided_paragraph", "outcome",
                  "decision_text", "case", "is_information", "referred_to", "confirmed_at",
                  "confirmed", "confirmed_by", "carried_out", "corrected_at"]
        read_only_fields = fields

    def get_confirmed(self, item) -> bool:
        return item.confirmed_at is not None


class MeetingSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", queryset=Committee.objects.all())
    chair = serializers.SlugRelatedField(slug_field="username", required=False, allow_null=True,
                                         queryset=get_user_model().objects.all())
    items = AgendaItemSerializer(many=True, read_only=True)
    start_time = ClockTimeField(required=False, allow_null=True)
    end_time = ClockTimeField(required=False, allow_null=True)

    class Meta:
        model = Meeting
        fields = ["id", "committee", "date", "start_time", "end_time", "place", "chair", "items"]


class ItemDecisionSerializer(StrictFieldsMixin, serializers.Serializer):
    outcome = serializers.ChoiceField(choices=meetings.ITEM_OUTCOMES)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class NewItemSerializer(StrictFieldsMixin, serializers.Serializer):
    heading = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=["other", "cancellation", "standing", "follow_up"],
                                   default="other")
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False,
                                                 allow_null=True)
    presenter = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    time_slot = ClockTimeField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="",
                                        max_length=20_000)
    proposed_decision = serializers.CharField(required=False, allow_blank=True, default="",
                                              max_length=20_000)
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all(), required=False,
                                              allow_null=True,
                                              help_text="A case of the committee's register.")
    is_information = serializers.BooleanField(required=False, default=False)
    referred_to = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                        default="", help_text="The body the case is sent on to.")
