"""The portfolio list at scale (issue #12, "Find"): the filter form, the filtered and sorted
rows, pagination and the Excel export — one definition shared by the page and the export, so
the export holds exactly the rows the page lists.

What a reader outside the committee sees of a row is the public projection: owner, budget
and outcome are blank, and so is a date the project keeps out of the feeds. Filters and sort
keys on internal fields (owner, "mine", directive text) only ever match or order the rows the
reader reads in full, so nothing internal can be inferred from what is found.
"""

import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from portfolio import permissions
from portfolio.lifecycle import State
from portfolio.models import (
    Committee,
    MonthlyBudget,
    Outcome,
    Party,
    Project,
    SteeringGroupMember,
)
from portfolio.search import MAX_QUERY, search_projects
from portfolio.validators import ASCII_DIGITS, YEAR_MAX, YEAR_MIN, xml_safe

User = get_user_model()
PAGE_SIZE = 50
# Page numbers beyond this are a typo or a probe, never a real page of a portfolio.
MAX_PAGE = 100_000

# Sort keys a person may choose: the column's key -> the ordering (ascending). Case number
# first by default; every ordering ends in the case number so pages never overlap.
CASE_ORDER = ("committee__code", "case_year", "case_seq")
SORTS = {
    "case_number": CASE_ORDER,
    "name": ("name",),
    "kind": ("kind",),
    "state": ("state",),
    "start_date": ("sort_start",),
    "end_date": ("sort_end",),
    "owner": ("sort_owner",),
}
DEFAULT_SORT = "-case_number"
MONEY = DecimalField(max_digits=16, decimal_places=2)


class WholeNumberField(forms.CharField):
    """Digits 0–9 only: int() also reads other scripts' digits and refuses "²" with an error
    no form expects."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(max_length=12, **kwargs)

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        if text in (None, ""):
            return None
        if not ASCII_DIGITS.match(text) or not self.min_value <= int(text) <= self.max_value:
            raise forms.ValidationError(
                _("Enter a whole number from %(min)s to %(max)s.")
                % {"min": self.min_value, "max": self.max_value}, code="invalid")
        return int(text)


class PortfolioFilterForm(forms.Form):
    """``GET /portfolio/?q=…&committee=…&state=…&kind=…&party=…&owner=…&mine=1&year=…&sort=…&page=…``"""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY,
                        help_text=_("Name, case number or directive text"))
    committee = forms.ModelChoiceField(Committee.objects.order_by("code"), label=_("Committee"),
                                       to_field_name="code", required=False, empty_label=_("All"))
    state = forms.ChoiceField(label=_("State"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    party = forms.ModelChoiceField(Party.objects.order_by("name"), label=_("Party"),
                                   to_field_name="code", required=False, empty_label=_("All"))
    owner = forms.ChoiceField(label=_("Project owner"), required=False)
    mine = forms.BooleanField(label=_("My projects"), required=False)
    year = WholeNumberField(label=_("Case year"), required=False, min_value=YEAR_MIN,
                            max_value=YEAR_MAX)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    page = WholeNumberField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        self.user = user
        fields = self.fields
        fields["state"].choices = [("", _("All")), *State.choices]  # type: ignore[attr-defined]
        fields["kind"].choices = [("", _("All")), *Project.Kind.choices]  # type: ignore[attr-defined]
        fields["sort"].choices = [  # type: ignore[attr-defined]
            (f"{sign}{key}", f"{sign}{key}") for key in SORTS for sign in ("", "-")]
        # Only owners of projects the reader reads in full: the owner is internal.
        # Per user "owns a project read in full" (EXISTS on the owner index): a handful of
        # owners, not an IN over every visible project's owner (20 ms at 10 000 projects).
        owns = (permissions.projects_visible_to(user)
                .filter(internals_visible=True, owner=OuterRef("pk")))
        owner_choices = list(User.objects.filter(Exists(owns)).order_by("username")
                             .values_list("username", "first_name", "last_name"))
        if owner_choices:
            fields["owner"].choices = [  # type: ignore[attr-defined]
                ("", _("All")), *((username, f"{first} {last}".strip() or username)
                                  for username, first, last in owner_choices)]
        else:
            # Nobody's internals to read (a reader outside every committee): no owner to
            # filter or sort by, not even the word.
            del fields["owner"]
            fields["sort"].choices = [  # type: ignore[attr-defined]
                c for c in fields["sort"].choices  # type: ignore[attr-defined]
                if c[0].lstrip("-") != "owner"]

    def valid_filters(self) -> dict[str, Any]:
        """The filters that are valid; a bad one is left out (and named by the form)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors}


@dataclass
class Row:
    pk: int
    case_number: str
    name: str
    kind: str
    state: str
    state_value: str
    internal: bool
    start_date: datetime.date | None
    planned_end_date: datetime.date | None
    end_date: datetime.date | None
    owner: str
    budget: Decimal | None
    outcome: Decimal | None

    @property
    def deviation(self) -> Decimal | None:
        if self.budget is None and self.outcome is None:
            return None
        return (self.outcome or Decimal(0)) - (self.budget or Decimal(0))

    @property
    def extended(self) -> bool:
        return bool(self.end_date and self.planned_end_date
                    and self.end_date != self.planned_end_date)


def _accounting_sum(model: type[MonthlyBudget] | type[Outcome], through: datetime.date) -> Subquery:
    rows = (model.objects.filter(cost_object__project=OuterRef("pk"), period__lte=through)
            .order_by().values("cost_object__project").annotate(total=Sum("amount"))
            .values("total"))
    return Subquery(rows, output_field=MONEY)


def filtered(user: Any, filters: dict[str, Any]) -> QuerySet:
    """The projects the user may know of that match ``filters`` (PortfolioFilterForm's
    cleaned data), sorted; budget and outcome to date annotated."""
    projects = permissions.projects_visible_to(user)
    if filters.get("committee"):
        projects = projects.filter(committee=filters["committee"])
    if filters.get("state"):
        projects = projects.filter(state=filters["state"])
    if filters.get("kind"):
        projects = projects.filter(kind=filters["kind"])
    if filters.get("year"):
        projects = projects.filter(case_year=filters["year"])
    if filters.get("party"):
        party = filters["party"]
        # The requesting parties are public; the owning party only to those who read it all.
        projects = projects.filter(
            Exists(Project.parties.through.objects.filter(project=OuterRef("pk"), party=party))
            | Q(internals_visible=True, owner_party=party))
    if filters.get("owner"):
        projects = projects.filter(internals_visible=True, owner__username=filters["owner"])
    if filters.get("mine"):
        projects = projects.filter(
            Q(owner=user) | Q(manager=user)
            | Exists(SteeringGroupMember.objects.filter(project=OuterRef("pk"), user=user)))
    if filters.get("q"):
        projects = search_projects(projects, filters["q"])
    return sort(projects, filters.get("sort") or DEFAULT_SORT)


def sort(projects: QuerySet, key: str) -> QuerySet:
    descending = key.startswith("-")
    columns = SORTS.get(key.lstrip("-"), SORTS["case_number"])
    # Internal values order only the rows the reader reads in full (others sort last); only
    # the key asked for is computed, each one costs a pass over every matching project.
    internal = {"sort_start": "start_date", "sort_end": "end_date", "sort_owner": "owner__username"}
    projects = projects.annotate(**{
        name: Case(When(Q(internals_visible=True), then=F(internal[name])), default=Value(None))
        for name in columns if name in internal})
    ordering = [F(c).desc(nulls_last=True) if descending else F(c).asc(nulls_last=True)
                for c in columns]
    if columns != CASE_ORDER:
        ordering += [F(c).desc() if descending else F(c).asc() for c in CASE_ORDER]
    return projects.order_by(*ordering)


def with_money(projects: QuerySet, today: datetime.date | None = None) -> QuerySet:
    through = (today or timezone.localdate()).replace(day=1)
    return projects.annotate(
        budget_to_date=_accounting_sum(MonthlyBudget, through),
        outcome_to_date=_accounting_sum(Outcome, through))


def page_rows(projects: QuerySet, ids: list[int]) -> list[Project]:
    """The page's projects with their money, in the page's order. The page's ids come first
    (a sort over the ids only): SQLite computes a query's columns before it sorts, so the
    money sums asked for in the sorting query would be summed for every matching project."""
    by_id = {p.pk: p for p in with_money(projects.filter(pk__in=ids)
                                         .select_related("committee", "owner").order_by())}
    return [by_id[pk] for pk in ids if pk in by_id]


def rows(projects: Iterable[Project]) -> Iterator[Row]:
    for p in projects:
        internal = bool(getattr(p, "internals_visible", False))
        hidden = set() if internal else set(p.feed_hidden_fields or ())
        yield Row(
            pk=p.pk, case_number=p.case_number, name=p.name, kind=p.get_kind_display(),
            state=p.get_state_display(), state_value=p.state, internal=internal,
            start_date=None if "start_date" in hidden else p.start_date,
            planned_end_date=None if "planned_end_date" in hidden else p.planned_end_date,
            end_date=None if "end_date" in hidden else p.end_date,
            owner=(p.owner.get_full_name() or p.owner.username) if internal else "",
            budget=getattr(p, "budget_to_date", None) if internal else None,
            outcome=getattr(p, "outcome_to_date", None) if internal else None)


def page_of(projects: Any, number: int | None, per_page: int = PAGE_SIZE) -> Page:
    """The page asked for, or the last one when the number is past the end."""
    paginator = Paginator(projects, per_page)
    wanted = number or 1
    if wanted > 1 and wanted > paginator.num_pages:
        wanted = paginator.num_pages
    return paginator.page(wanted)


def page_from_param(items: Any, raw: str | None, label: str,
                    per_page: int = PAGE_SIZE) -> tuple[Page, str | None]:
    """A page of ``items`` (a queryset or a list) for a ``?…page=`` value, and the error that
    names the parameter by ``label`` when the value is not a page number (then page 1)."""
    try:
        number = WholeNumberField(min_value=1, max_value=MAX_PAGE, required=False).clean(raw)
    except forms.ValidationError as exc:
        return page_of(items, 1, per_page), f"{label}: {exc.messages[0]}"
    return page_of(items, number, per_page), None


COLUMNS = [
    ("case_number", _("Case number")), ("name", _("Name")), ("kind", _("Kind")),
    ("state", _("State")), ("start_date", _("Start")), ("planned_end_date", _("Planned end")),
    ("end_date", _("Current end")), ("owner", _("Project owner")),
    ("budget", _("Budget to date (kr)")), ("outcome", _("Outcome to date (kr)")),
    ("deviation", _("Deviation (kr)")),
]


def xlsx(projects: QuerySet) -> bytes:
    """Every filtered row, in the page's order. openpyxl's write-only mode streams rows into
    the file instead of holding a cell object per value: 10 000 rows in about a second."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Portfolio")))
    sheet.append([str(label) for _key, label in COLUMNS])
    queryset = with_money(projects.select_related("committee", "owner"))
    for row in rows(queryset.iterator(chunk_size=2000)):
        values = []
        for key, _label in COLUMNS:
            value = getattr(row, key)
            values.append(xml_safe(value) if isinstance(value, str) else value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
