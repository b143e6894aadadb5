"""Projects, their checklists, decisions and audit trail (API.md, Projects)."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import DecimalCommaField
from api.serializers.base import StrictFieldsMixin
from portfolio import selectors
from portfolio.lifecycle import Gate, Outcome
from portfolio.models import (
    AuditEvent,
    Committee,
    GateDecision,
    Meeting,
    Party,
    Project,
    SteeringGroupMember,
)

User = get_user_model()


class SteeringGroupMemberSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    role = serializers.ChoiceField(choices=SteeringGroupMember.Role.choices,
                                   default=SteeringGroupMember.Role.MEMBER)
    responsibility = serializers.CharField(max_length=300, allow_blank=True, required=False,
                                           default="")

    class Meta:
        model = SteeringGroupMember
        fields = ["user", "role", "responsibility"]




class ProjectSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    case_number = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    committee = serializers.SlugRelatedField(slug_field="code", queryset=Committee.objects.all())
    parties = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Party.objects.all(),
                                           required=False)
    owner_party = serializers.SlugRelatedField(slug_field="code", queryset=Party.objects.all(),
                                               required=False, allow_null=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    manager = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all(),
                                           required=False, allow_null=True)
    steering_group = SteeringGroupMemberSerializer(many=True, required=False)
    end_date = serializers.DateField(read_only=True, allow_null=True,
                                     help_text="Current end date (after extensions).")
    planned_end_date = serializers.DateField(required=False, allow_null=True,
                                             help_text="Originally planned end date.")
    cost_cap = DecimalCommaField(max_digits=14, decimal_places=2, required=False,
                                        allow_null=True, min_value=0)
    estimated_hours = DecimalCommaField(max_digits=10, decimal_places=1, required=False,
                                               allow_null=True, min_value=0)
    available_transitions = serializers.SerializerMethodField()
    feed_hidden_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=[
            "owner_party", "start_date", "planned_end_date", "end_date", "budget",
            "latest_decision"]), required=False, max_length=6,
        help_text="Fields of this project kept out of the public feed.")

    class Meta:
        model = Project
        fields = [
            "id", "case_number", "name", "kind", "kind_label", "state", "state_label", "committee",
            "parties", "owner", "owner_party", "manager", "steering_group", "recipient",
            "project_group", "reference_groups", "cost_object", "start_date", "planned_end_date",
            "end_date", "cost_cap", "estimated_hours", "risks", "effect_goals", "is_public",
            "feed_hidden_fields", "cancel_reason", "cancelled_on", "available_transitions",
            "created_at", "updated_at", "steering_group_confirmed_at",
        ]
        read_only_fields = ["cancel_reason", "cancelled_on", "created_at", "updated_at",
                            "steering_group_confirmed_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_transitions(self, project) -> list[str]:
        request = self.context.get("request")
        return selectors.available_actions(request.user, project) if request else []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            # The committee (and so the case number) is fixed once the project exists.
            fields["committee"].read_only = True
        return fields


class CancelSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=5000)
    decided_on = serializers.DateField(required=False)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False,
                                                 allow_null=True)
    paragraph = serializers.IntegerField(min_value=1, max_value=100000, required=False,
                                         allow_null=True)


class EmptySerializer(StrictFieldsMixin, serializers.Serializer):
    pass


class ChecklistItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    mandatory = serializers.BooleanField(read_only=True)
    answer = serializers.ChoiceField(choices=["yes", "no"], allow_null=True)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)


class ChecklistSerializer(serializers.Serializer):
    gate = serializers.CharField(read_only=True)
    items = ChecklistItemSerializer(many=True)
    failing_items = serializers.ListField(child=serializers.DictField(), read_only=True)


class ChecklistAnswerItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    answer = serializers.ChoiceField(choices=["yes", "no"], allow_null=True)
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)


class ChecklistAnswersSerializer(StrictFieldsMixin, serializers.Serializer):
    items = ChecklistAnswerItemSerializer(many=True)


class GateDecisionSerializer(serializers.ModelSerializer):
    directive_version = serializers.CharField(source="directive_version.label", read_only=True,
                                              default=None, allow_null=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    deciding_body = serializers.CharField(source="decided_by_body", read_only=True)

    class Meta:
        model = GateDecision
        fields = ["id", "gate", "outcome", "outcome_label", "decided_on", "deciding_body",
                  "recorded_by", "meeting", "paragraph", "comment", "from_state", "to_state",
                  "checklist_snapshot", "directive_version", "created_at"]
        read_only_fields = fields


class DecisionRequestSerializer(StrictFieldsMixin, serializers.Serializer):
    gate = serializers.ChoiceField(choices=Gate.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    decided_on = serializers.DateField(required=False)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False,
                                                 allow_null=True)
    paragraph = serializers.IntegerField(min_value=1, max_value=100000, required=False,
                                         allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")


class DecisionResultSerializer(GateDecisionSerializer):
    state = serializers.CharField(source="project.state", read_only=True)
    state_label = serializers.CharField(source="project.get_state_display", read_only=True)

    class Meta(GateDecisionSerializer.Meta):
        fields = GateDecisionSerializer.Meta.fields + ["state", "state_label"]
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name", read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "object_type", "object_id", "summary", "changes"]
        read_only_fields = fields
