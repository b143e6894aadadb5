import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField

from portfolio.lifecycle import State
from portfolio.models import Committee, Project
from portfolio.validators import FILTER_MAX, FILTER_MIN


class SensibleIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 timestamp far enough from year 1 and 9999 to survive the moves between time
    zones: 0001-01-01T00:00 moved to UTC overflowed (500). Not the range for entered dates: a
    poll "since 1970" or "since 2999" is a fair question with a plain answer."""

    def to_python(self, value):
        try:
            value = super().to_python(value)
        except (OverflowError, ValueError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if value is not None and not FILTER_MIN <= value.date() <= FILTER_MAX:
            raise forms.ValidationError(
                _("Enter a time between %(min)s and %(max)s.")
                % {"min": FILTER_MIN.isoformat(), "max": FILTER_MAX.isoformat()}, code="range")
        return value


class SensibleIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = SensibleIsoDateTimeField


class ProjectFilter(django_filters.FilterSet):
    committee = django_filters.CharFilter(method="filter_committee",
                                          help_text="Committee code, e.g. GNS.")
    state = django_filters.ChoiceFilter(choices=State.choices)
    kind = django_filters.ChoiceFilter(choices=Project.Kind.choices)
    party = django_filters.CharFilter(method="filter_party", help_text="Party code, e.g. are.")
    search = django_filters.CharFilter(method="filter_search",
                                       help_text="Part of the name or the case number (GNS/8/2018).")
    updated_since = SensibleIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Project
        fields = ["committee", "state", "kind", "party", "search", "updated_since"]

    def filter_committee(self, queryset, name, value):
        # Resolved to the id first: an equality on committee_id lets the database walk the
        # case-number index in order (a case-insensitive match on the joined code cannot).
        committee_id = (Committee.objects.filter(code__iexact=value.strip())
                        .values_list("id", flat=True).first())
        return queryset.filter(committee_id=committee_id) if committee_id else queryset.none()

    def filter_party(self, queryset, name, value):
        return queryset.filter(Q(parties__code=value) | Q(owner_party__code=value)).distinct()

    def filter_search(self, queryset, name, value):
        value = value.strip()
        condition = Q(name__icontains=value)
        parts = value.split("/")
        if len(parts) == 3 and parts[1].isascii() and parts[1].isdigit() \
                and parts[2].isascii() and parts[2].isdigit() and len(parts[1] + parts[2]) < 12:
            condition |= Q(committee__code__iexact=parts[0], case_seq=int(parts[1]),
                           case_year=int(parts[2]))
        return queryset.filter(condition)
