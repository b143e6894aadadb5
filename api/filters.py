import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField

from portfolio import listing
from portfolio.lifecycle import State
from portfolio.models import Committee, Project, SteeringGroupMember
from portfolio.search import MAX_QUERY, search_projects
from portfolio.validators import FILTER_MAX, FILTER_MIN, YEAR_MAX, YEAR_MIN


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


class WholeNumberFilter(django_filters.Filter):
    """Digits 0–9 within a range; anything else is a 400 naming the parameter."""

    field_class = listing.WholeNumberField


class ProjectListFilter(ProjectFilter):
    """``GET /api/v1/projects/``: the feed's filters, and the portfolio page's search, owner,
    "mine", year and sort (portfolio.listing). Its queryset comes from
    ``permissions.projects_visible_to`` (``internals_visible``): internal fields match only
    projects the caller reads in full. The feed keeps ProjectFilter: it has no such reader."""

    search = django_filters.CharFilter(
        method="filter_search", max_length=MAX_QUERY,
        help_text="Part of the name, the case number (GNS/8/2018) or words of the directive "
                  "(the directive only in projects the caller reads in full; on PostgreSQL "
                  "full-text search in Swedish).")
    owner = django_filters.CharFilter(
        method="filter_owner", max_length=150,
        help_text="The owner's username; matches only projects the caller reads in full.")
    mine = django_filters.BooleanFilter(
        method="filter_mine", help_text="true: projects the caller owns, manages or is in the "
                                        "steering group of.")
    year = WholeNumberFilter(field_name="case_year", min_value=YEAR_MIN, max_value=YEAR_MAX,
                             help_text="The case year (the year in the case number).")
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering",
        choices=[(f"{sign}{key}", f"{sign}{key}") for key in listing.SORTS for sign in ("", "-")],
        help_text="Sort key, '-' for descending; ties in case-number order.")

    class Meta:
        model = Project
        fields = ["committee", "state", "kind", "party", "search", "updated_since", "owner",
                  "mine", "year", "ordering"]

    def filter_search(self, queryset, name, value):
        return search_projects(queryset, value)

    def filter_owner(self, queryset, name, value):
        return queryset.filter(internals_visible=True, owner__username=value.strip())

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(
            Q(owner=user) | Q(manager=user)
            | Exists(SteeringGroupMember.objects.filter(project=OuterRef("pk"), user=user)))

    def filter_ordering(self, queryset, name, value):
        return listing.sort(queryset, value)
