"""What waits for a person (``/api/v1/me/work/``) and a committee's overview
(``/api/v1/committees/{code}/overview/``). Read-only."""

from rest_framework import serializers

from portfolio import work
from portfolio.health import GREEN, RED, UNKNOWN

LEVELS = [GREEN, "amber", RED, UNKNOWN]


class WorkItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(work.KINDS))
    kind_label = serializers.SerializerMethodField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The page where it is done.")
    project = serializers.IntegerField(source="project_id", allow_null=True)
    case_number = serializers.CharField()
    project_name = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    object_id = serializers.IntegerField(allow_null=True,
                                         help_text="The extension request or agenda item; the meeting "
                                                   "for minutes to adjust.")
    gate = serializers.CharField(help_text="BP0…BP4 for checklists and decisions, else empty.")

    def get_kind_label(self, item) -> str:
        return work.kind_label(item.kind)


def _level(what: str) -> serializers.CharField:
    # Plain strings: four enum fields over one choice set would name the same enum four times.
    return serializers.CharField(help_text=f"{what}: {', '.join(LEVELS)} (portfolio/health.py).")


class HealthSerializer(serializers.Serializer):
    overall = _level("The worst of time, money and decisions")
    time = _level("Time")
    money = _level("Money")
    decisions = _level("Decisions waiting")
    decisions_waiting = serializers.ListField(child=serializers.CharField(), source="waiting")


class OverviewProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="project.pk")
    case_number = serializers.CharField(source="project.case_number")
    name = serializers.CharField(source="project.name")
    kind = serializers.CharField(source="project.kind")
    state = serializers.CharField(source="project.state")
    state_label = serializers.CharField(source="project.get_state_display")
    start_date = serializers.DateField(source="project.start_date", allow_null=True)
    planned_end_date = serializers.DateField(source="project.planned_end_date", allow_null=True)
    end_date = serializers.DateField(source="project.end_date", allow_null=True)
    budget = serializers.DecimalField(source="health.budget", max_digits=16, decimal_places=2,
                                      allow_null=True)
    outcome = serializers.DecimalField(source="health.spent", max_digits=16, decimal_places=2,
                                       help_text="Costs booked so far (kr).")
    cost_cap = serializers.DecimalField(source="project.cost_cap", max_digits=14,
                                        decimal_places=2, allow_null=True)
    health = HealthSerializer()


class PhaseCountSerializer(serializers.Serializer):
    state = serializers.CharField()
    state_label = serializers.CharField(source="label")
    count = serializers.IntegerField()


class OverviewSerializer(serializers.Serializer):
    committee = serializers.CharField(source="committee.code")
    as_of = serializers.DateField()
    counts = PhaseCountSerializer(many=True)
    projects = OverviewProjectSerializer(many=True, source="rows")
