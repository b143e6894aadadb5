"""Documents: directive, final report and templates (API.md, Documents)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.base import StrictFieldsMixin
from directives.models import Template
from portfolio.lifecycle import GATE_RULES, Body, gate_decider


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(read_only=True)
    required = serializers.BooleanField(read_only=True)
    kind = serializers.CharField(read_only=True)
    guidance = serializers.CharField(read_only=True)
    content = serializers.JSONField(allow_null=True)


class DocumentSerializer(serializers.Serializer):
    version = serializers.CharField(allow_null=True)
    template_version = serializers.DictField()
    sections = SectionSerializer(many=True)
    missing_required = serializers.ListField(child=serializers.DictField())


class SectionInputSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=60)
    content = serializers.JSONField(allow_null=True)


class DocumentInputSerializer(StrictFieldsMixin, serializers.Serializer):
    version = serializers.CharField(allow_null=True, required=False, default=None,
                                    help_text="The version you edited (optimistic lock).")
    sections = SectionInputSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    def validate_sections(self, value):
        keys = [s["key"] for s in value]
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError("A section key appears twice.")
        return value


class RequirementAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    answer = serializers.CharField(allow_blank=True, max_length=50_000)


class FinalReportInputSerializer(DocumentInputSerializer):
    sections = SectionInputSerializer(many=True, required=False, default=list)
    requirements = RequirementAnswerSerializer(many=True, required=False, default=list)


class VersionSerializer(serializers.Serializer):
    version = serializers.CharField()
    written_by = serializers.CharField()
    saved_at = serializers.DateTimeField()
    note = serializers.CharField()
    decisions = serializers.ListField(child=serializers.CharField())


class RequirementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    source = serializers.CharField()
    answer = serializers.CharField()


class GateDeciderSerializer(serializers.Serializer):
    gate = serializers.CharField()
    decided_by = serializers.ChoiceField(choices=Body.choices)
    meeting_required = serializers.BooleanField()


class TemplateVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    gates = GateDeciderSerializer(many=True)
    created_at = serializers.DateTimeField()
    note = serializers.CharField()
    sections = serializers.JSONField()
    checklists = serializers.DictField()


class TemplateSerializer(serializers.ModelSerializer):
    versions = serializers.SerializerMethodField()

    class Meta:
        model = Template
        fields = ["key", "name", "kind", "versions"]

    @extend_schema_field(TemplateVersionSerializer(many=True))
    def get_versions(self, template):
        rows = []
        for version in template.versions.prefetch_related("checklist_items").order_by("-number"):
            checklists = {}
            for item in version.checklist_items.all():
                checklists.setdefault(item.gate, []).append(
                    {"id": item.id, "key": item.key, "text": item.text, "mandatory": item.mandatory})
            deciders = [gate_decider(gate, version) for gate in GATE_RULES]
            rows.append({"number": version.number, "created_at": version.created_at,
                         "gates": [{"gate": gate, "decided_by": d.body.value,
                                    "meeting_required": d.meeting_required}
                                   for gate, d in zip(GATE_RULES, deciders, strict=True)],
                         "note": version.note, "sections": version.sections,
                         "checklists": checklists})
        return rows
