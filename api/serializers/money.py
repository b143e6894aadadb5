"""Money: budgets, the price list, time and invoicing (API.md)."""

from rest_framework import serializers

from api.fields import DecimalCommaField
from api.serializers.base import StrictFieldsMixin
from portfolio import permissions
from portfolio.models import Committee, Party, PriceListRate, Project, TimeEntry
from portfolio.services import budgets


class FinancierInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=200, required=False)
    allocation_key = serializers.ChoiceField(
        choices=["single", "equal", "population", "percent", "solidary"], default="single")
    parties = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1)
    percentages = serializers.DictField(child=DecimalCommaField(max_digits=6,
                                                                       decimal_places=3),
                                        required=False, default=dict)


class BudgetLineInputSerializer(serializers.Serializer):
    activity = serializers.CharField(max_length=300)
    total = DecimalCommaField(max_digits=14, decimal_places=2, min_value=0)
    shares = serializers.DictField(child=DecimalCommaField(max_digits=14, decimal_places=2,
                                                                  min_value=0))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BudgetInputSerializer(StrictFieldsMixin, serializers.Serializer):
    lines = BudgetLineInputSerializer(many=True, max_length=budgets.MAX_LINES)
    financiers = FinancierInputSerializer(many=True, required=False)


class BudgetSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    lines = serializers.ListField(child=serializers.DictField())
    financiers = serializers.ListField(child=serializers.DictField())
    total = DecimalCommaField(max_digits=14, decimal_places=2)
    by_financier = serializers.DictField(child=DecimalCommaField(max_digits=14,
                                                                        decimal_places=2))
    allocation = serializers.ListField(child=serializers.DictField())
    problems = serializers.ListField(child=serializers.CharField())


class PriceListRateSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PriceListRate
        fields = ["committee", "resource", "hourly_rate", "valid_from", "decision_reference"]


class TimeEntrySerializer(StrictFieldsMixin, serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", queryset=Committee.objects.all(),
                                             required=False)
    party = serializers.SlugRelatedField(slug_field="code", queryset=Party.objects.all())
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False,
                                                 allow_null=True)
    hours = DecimalCommaField(max_digits=8, decimal_places=2)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class Meta:
        model = TimeEntry
        fields = ["id", "committee", "project", "party", "resource", "hours", "date", "rate",
                  "cost", "note", "created_at"]
        read_only_fields = ["rate", "cost", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is not None:
            # A project the user may not know of answers like one that does not exist.
            self.fields["project"].queryset = permissions.projects_visible_to(user)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not attrs.get("committee"):
            if attrs.get("project") is None:
                raise serializers.ValidationError(
                    {"committee": ["Give the committee when the time is not for a project."]})
            attrs["committee"] = attrs["project"].committee
        return attrs


class InvoicingResourceSerializer(serializers.Serializer):
    resource = serializers.CharField()
    hours = serializers.CharField()
    cost = serializers.CharField()


class InvoicingRowSerializer(serializers.Serializer):
    party = serializers.CharField()
    party_name = serializers.CharField()
    hours = serializers.CharField()
    cost = serializers.CharField()
    by_resource = InvoicingResourceSerializer(many=True)


class AllocationRowSerializer(serializers.Serializer):
    party = serializers.CharField()
    party_name = serializers.CharField()
    amount = serializers.CharField()


class BaseFeeRowSerializer(AllocationRowSerializer):
    year = serializers.IntegerField(help_text="The year whose base fee is split.")
    base_fee = serializers.CharField(help_text="The whole base fee of the year (decimal string).")


class BaseFeeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.CharField(help_text="Decimal string, kronor.")
    decision_reference = serializers.CharField(allow_blank=True)


class BaseFeeInputSerializer(StrictFieldsMixin, serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    decision_reference = serializers.CharField(max_length=100, allow_blank=True, required=False,
                                               default="")


class CarryOverSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    from_year = serializers.IntegerField(min_value=1990, max_value=2100)
    to_year = serializers.IntegerField(min_value=1990, max_value=2100)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2,
                                      help_text="Decimal string, kronor.")
    decision_reference = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class CarryOverInputSerializer(StrictFieldsMixin, CarryOverSerializer):
    pass


class NarrativeSerializer(serializers.Serializer):
    cost_object = serializers.CharField(help_text="The cost object's code, e.g. 6663.")
    name = serializers.CharField(read_only=True)
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    period = serializers.ChoiceField(choices=["T1", "T2", "Y"])
    text = serializers.CharField(allow_blank=True, max_length=4000)
    updated_by = serializers.CharField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class NarrativeInputSerializer(StrictFieldsMixin, NarrativeSerializer):
    committee = serializers.CharField(help_text="The committee's code, e.g. GNS.")


def _paginated(child: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The page envelope of the lists (count, next, previous, results), for the schema of
    function views that paginate by hand."""
    return type(name, (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.CharField(allow_null=True),
        "previous": serializers.CharField(allow_null=True),
        "results": child(many=True),
    })


BaseFeePageSerializer = _paginated(BaseFeeSerializer, "BaseFeePageSerializer")
CarryOverPageSerializer = _paginated(CarryOverSerializer, "CarryOverPageSerializer")
NarrativePageSerializer = _paginated(NarrativeSerializer, "NarrativePageSerializer")
