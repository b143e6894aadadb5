import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portfolio.errors import describe
from portfolio.lifecycle import PLAN_OPEN_STATES, Outcome
from portfolio.models import (
    AgendaItem,
    Case,
    Committee,
    CommitteeRole,
    Financier,
    Meeting,
    Party,
    Project,
    SteeringGroupMember,
)
from portfolio.numbers import NotANumber, parse_decimal
from portfolio.validators import YEAR_MAX, YEAR_MIN, validate_sensible_date

User = get_user_model()


class NumberField(forms.DecimalField):
    """A number as Swedish people type it: "2,5", "150 000,50", "−3" (portfolio.numbers).
    A text input, not type=number: browsers refuse or silently drop a decimal comma there."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(str(value))
        except NotANumber as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class SensibleDateField(forms.DateField):
    """A date a person enters: within the product's sensible range (portfolio.validators),
    so 0001-01-01 or 9999-12-31 is named as a field error, never a 500 further on."""

    default_validators = [validate_sensible_date]

def person_roles(committees) -> dict[int, list[str]]:
    """``{user id: [role, …]}``: committee roles in ``committees`` and the parts people play
    in their projects, in the current language (for "Name (role)")."""
    roles: dict[int, list[str]] = {}

    def note(user_id, label) -> None:
        labels = roles.setdefault(user_id, [])
        if str(label) not in labels:
            labels.append(str(label))

    for user_id, role in CommitteeRole.objects.filter(committee__in=committees).values_list(
            "user_id", "role"):
        note(user_id, CommitteeRole.Role(role).label.lower())
    projects_ = Project.objects.filter(committee__in=committees)
    for owner_id, manager_id in projects_.values_list("owner_id", "manager_id"):
        note(owner_id, _("project owner"))
        if manager_id:
            note(manager_id, _("project manager"))
    for user_id in SteeringGroupMember.objects.filter(project__in=projects_).values_list(
            "user_id", flat=True):
        note(user_id, _("steering group member"))
    return roles


class PersonChoiceField(forms.ModelChoiceField):
    """A person as "Name (role)", not a bare username (see NewProjectForm.offer_people)."""

    roles: dict[int, list[str]] = {}

    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name() or obj.get_username()
        held = self.roles.get(obj.pk)
        return f"{name} ({', '.join(held)})" if held else str(name)


class NewProjectForm(forms.Form):
    """A new assignment (projektansökan): the registry fields; the directive is written next."""

    committee = forms.ModelChoiceField(Committee.objects.all(), label=_("Committee"))
    name = forms.CharField(label=_("Name"), max_length=300)

    def limit_committees(self, committees) -> None:
        """Offer only the committees the person may open a case in (the service still asks)."""
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = committees
    kind = forms.ChoiceField(choices=Project.Kind.choices, label=_("Kind"))
    parties = forms.ModelMultipleChoiceField(Party.objects.all(), label=_("Requesting parties"),
                                             widget=forms.CheckboxSelectMultiple, required=False)
    owner_party = forms.ModelChoiceField(Party.objects.all(), label=_("Owning party"),
                                         required=False)
    start_date = SensibleDateField(label=_("Start date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    planned_end_date = SensibleDateField(label=_("Planned end date"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    cost_cap = NumberField(label=_("Cost cap (kr)"), required=False, min_value=0,
                           max_digits=14, decimal_places=2)
    estimated_hours = NumberField(label=_("Estimated hours"), required=False, min_value=0,
                                  max_digits=10, decimal_places=1)
    manager = PersonChoiceField(User.objects.filter(is_active=True).order_by("username"),
                                label=_("Project manager"), required=False)
    steering_chair = PersonChoiceField(
        User.objects.filter(is_active=True).order_by("username"),
        label=_("Chair of the steering group"), required=False)

    def offer_people(self, committees) -> None:
        """The people pickers show each person as "Name (role)", the roles those held in
        ``committees``, so the one opening the case can tell who is who."""
        roles = person_roles(committees)
        for name in ("manager", "steering_chair"):
            field = self.fields[name]
            assert isinstance(field, PersonChoiceField)
            field.roles = roles


def error_lines(form: forms.Form) -> list[str]:
    """The form's errors as lines a person can act on, each naming the field by its label."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            lines.append(f"{label}: {error}" if label else str(error))
    return lines


def add_service_errors(form: forms.Form, exc) -> None:
    """Put a service's ValidationError on the form's fields it names (the rest on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, list(exc.messages))


ANSWERS = [("yes", _("Yes")), ("no", _("No"))]


class GateDecisionForm(forms.Form):
    """A gate's checklist answers and, when an outcome button was pressed, its decision."""

    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", "–"), *Outcome.choices])
    decided_on = SensibleDateField(label=_("Decided on"), required=False)
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label=_("Meeting"), required=False)
    paragraph = forms.IntegerField(label=_("Paragraph (§)"), required=False, min_value=1,
                                   max_value=100_000)
    comment = forms.CharField(label=_("Comment on the decision"), required=False,
                              max_length=5000)

    def __init__(self, data, *, project, rows):
        super().__init__(data)
        self.rows = rows
        self.fields["meeting"].queryset = Meeting.objects.filter(committee=project.committee_id)
        for row in rows:
            self.fields[f"answer-{row['id']}"] = forms.ChoiceField(
                label=row["text"][:80], choices=ANSWERS, required=False)
            self.fields[f"comment-{row['id']}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("meeting") and not data.get("decided_on"):
            data["decided_on"] = data["meeting"].date
        return data

    def answers(self) -> list[dict]:
        """Every item of the checklist; one not posted (a disabled row) keeps its answer."""
        rows = []
        for row in self.rows:
            key, comment = f"answer-{row['id']}", f"comment-{row['id']}"
            rows.append({
                "id": row["id"],
                "answer": (self.cleaned_data[key] or None) if key in self.data else row["answer"],
                "comment": self.cleaned_data[comment] if comment in self.data else row["comment"],
            })
        return rows

    def typed(self) -> dict:
        """What was typed, for the page shown again after a refusal."""
        answers, comments = {}, {}
        for row in self.rows:
            value = self.data.get(f"answer-{row['id']}")
            if value is not None:
                answers[row["id"]] = value if value in ("yes", "no") else None
            if f"comment-{row['id']}" in self.data:
                comments[row["id"]] = self.data[f"comment-{row['id']}"]
        return {"answers": answers, "comments": comments,
                **{f: self.data.get(f, "") for f in ("decided_on", "meeting", "paragraph",
                                                     "comment")}}


class ExtensionRequestForm(forms.Form):
    requested_end_date = SensibleDateField(label=_("Requested end date"))
    dated = SensibleDateField(label=_("Dated"), required=False)
    keeps_resources = forms.BooleanField(label=_("Keeps current resources and cost split"),
                                         required=False)
    reason = forms.CharField(label=_("What happened"), max_length=10_000)
    proposed_decision = forms.CharField(label=_("Proposed decision"), required=False,
                                        max_length=10_000)
    requirements = forms.CharField(label=_("Requirements on the final report (one per line)"),
                                   required=False, max_length=10_000)

    def clean_requirements(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["requirements"].splitlines()
                if line.strip()]

    def typed(self) -> dict:
        return {**{k: self.data.get(k, "") for k in ("requested_end_date", "reason",
                                                     "proposed_decision", "requirements",
                                                     "dated")},
                "keeps_resources": bool(self.data.get("keeps_resources"))}


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(Committee.objects.all(), label=_("Committee"),
                                       to_field_name="code")
    date = SensibleDateField(label=_("Date"))
    start_time = forms.TimeField(label=_("Start time"), required=False)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)


class AgendaItemForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices, required=False)
    project = forms.ModelChoiceField(Project.objects.none(), label=_("Project"), required=False)
    presenter = forms.CharField(label=_("Presenter"), required=False, max_length=200)
    proposed_decision = forms.CharField(label=_("Proposed decision"), required=False,
                                        max_length=10_000)
    # Issue #11: any case of the committee goes on the agenda, with its description.
    case = forms.ModelChoiceField(Case.objects.none(), label=_("Case"), required=False)
    description = forms.CharField(label=_("Case description"), required=False, max_length=20_000)
    is_information = forms.BooleanField(label=_("Information item"), required=False)
    referred_to = forms.CharField(label=_("Sent on to"), required=False, max_length=200)

    def __init__(self, data, *, meeting):
        super().__init__(data)
        self.fields["project"].queryset = Project.objects.filter(committee=meeting.committee_id)
        self.fields["case"].queryset = Case.objects.filter(committee=meeting.committee_id)

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or AgendaItem.Kind.OTHER


class TimeEntryForm(forms.Form):
    party = forms.ModelChoiceField(Party.objects.all(), label=_("Party"), to_field_name="code")
    resource = forms.CharField(label=_("Resource"), max_length=100)
    hours = NumberField(label=_("Hours"), max_digits=8, decimal_places=2)
    date = SensibleDateField(label=_("Date"))
    project = forms.ModelChoiceField(Project.objects.all(), label=_("Project"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def limit_projects(self, projects) -> None:
        field = self.fields["project"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = projects


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000)


class ItemDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=AgendaItem.Outcome.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class ControlFilterForm(forms.Form):
    committee = forms.ModelChoiceField(Committee.objects.all(), label=_("Committee"),
                                       to_field_name="code", required=False)
    as_of = SensibleDateField(label=_("As of"), required=False)

    def __init__(self, data, *, committees=None):
        super().__init__(data)
        if committees is not None:
            self.fields["committee"].queryset = committees


class RequirementAnswersForm(forms.Form):
    """One answer per final-report requirement of the project (``requirement-<id>``)."""

    def __init__(self, data, *, requirements):
        super().__init__(data)
        for requirement in requirements:
            self.fields[f"requirement-{requirement.pk}"] = forms.CharField(
                label=requirement.text[:80], required=False, max_length=50_000, strip=False)

    def answers(self) -> list[dict]:
        return [{"id": int(name.removeprefix("requirement-")), "answer": value}
                for name, value in self.cleaned_data.items() if name in self.data]


class AmountField(NumberField):
    """Kronor as people type them: "1 234,50", with spaces (also no-break) and a decimal comma."""


class BudgetLineForm(forms.Form):
    """One budget row of the budget page; its inputs are named ``activity-<n>``,
    ``total-<n>``, ``note-<n>`` and ``share-<n>-<financier code>``."""

    activity = forms.CharField(label=_("Activity"), required=False, max_length=300)
    total = AmountField(label=_("Total"), required=False, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, data, *, index: int, financiers):
        self.index = index
        self.codes = [f.code for f in financiers]
        super().__init__(data, prefix=str(index))
        for financier in financiers:
            self.fields[f"share-{financier.code}"] = AmountField(
                label=financier.name, required=False, max_digits=14, decimal_places=2)

    def add_prefix(self, field_name):
        if field_name.startswith("share-"):
            return f"share-{self.prefix}-{field_name.removeprefix('share-')}"
        return f"{field_name}-{self.prefix}"

    def is_blank(self) -> bool:
        return not (self.data.get(self.add_prefix("activity"), "").strip()
                    or self.data.get(self.add_prefix("total"), "").strip())

    def line(self) -> dict:
        data = self.cleaned_data
        return {"activity": data["activity"], "total": data["total"], "note": data["note"],
                "shares": {code: data[f"share-{code}"] or 0 for code in self.codes}}

    def typed(self) -> dict:
        return {"activity": self.data.get(self.add_prefix("activity"), ""),
                "total": self.data.get(self.add_prefix("total"), ""),
                "note": self.data.get(self.add_prefix("note"), ""),
                "shares": {code: self.data.get(self.add_prefix(f"share-{code}"), "")
                           for code in self.codes}}


def budget_forms(data, financiers) -> list[BudgetLineForm]:
    forms_ = []
    while f"activity-{len(forms_)}" in data:
        forms_.append(BudgetLineForm(data, index=len(forms_), financiers=financiers))
    return forms_


class PeriodFilterForm(forms.Form):
    """``?from=…&to=…`` of the time page; a bad date is named and the default used."""

    def __init__(self, data, *, default_start, default_end):
        super().__init__(data)
        self.defaults = {"from": default_start, "to": default_end}
        self.fields["from"] = SensibleDateField(label=_("From"), required=False)
        self.fields["to"] = SensibleDateField(label=_("To"), required=False)

    def period(self):
        data = self.cleaned_data if self.is_valid() else {
            k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return (data.get("from") or self.defaults["from"], data.get("to") or self.defaults["to"])


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=YEAR_MIN,
                              max_value=YEAR_MAX)


class ReportFilterForm(forms.Form):
    """``?committee=…&year=…&period=…`` of the follow-up report (page and exports)."""

    committee = forms.ModelChoiceField(Committee.objects.all(), label=_("Committee"),
                                       to_field_name="code", required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=YEAR_MIN,
                              max_value=YEAR_MAX)
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, data, *, periods, committees=None):
        super().__init__(data)
        if committees is not None:
            self.fields["committee"].queryset = committees
        self.fields["period"].choices = [("", "–"), *((key, key) for key in periods)]


# -- Issue #12: editing a project's details after creation, and financiers on a new case.

class ProjectDetailsForm(forms.Form):
    """The project's own details, as the API's PATCH edits them (services.projects
    .update_project); the manager and steering group are staffed elsewhere."""

    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(choices=Project.Kind.choices, label=_("Kind"))
    parties = forms.ModelMultipleChoiceField(Party.objects.all(), label=_("Requesting parties"),
                                             widget=forms.CheckboxSelectMultiple, required=False)
    owner_party = forms.ModelChoiceField(Party.objects.all(), label=_("Owning party"),
                                         required=False)
    recipient = forms.CharField(label=_("Recipient"), max_length=300, required=False)
    project_group = forms.CharField(label=_("Project group"), required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    reference_groups = forms.CharField(label=_("Reference groups"), required=False,
                                       max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    cost_object = forms.CharField(label=_("Cost object"), max_length=20, required=False)
    start_date = SensibleDateField(label=_("Start date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    planned_end_date = SensibleDateField(label=_("Planned end date"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}))
    cost_cap = NumberField(label=_("Cost cap (kr)"), required=False, min_value=0,
                           max_digits=14, decimal_places=2)
    estimated_hours = NumberField(label=_("Estimated hours"), required=False, min_value=0,
                                  max_digits=10, decimal_places=1)
    effect_goals = forms.CharField(label=_("Effect goals with measures"), required=False,
                                   max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))
    risks = forms.CharField(label=_("Risks"), required=False, max_length=20000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    is_public = forms.BooleanField(label=_("Public (shown in the intranet feed)"),
                                   required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    FIELDS = ("name", "kind", "parties", "owner_party", "recipient", "project_group",
              "reference_groups", "cost_object", "start_date", "planned_end_date", "cost_cap",
              "estimated_hours", "effect_goals", "risks", "is_public")

    def __init__(self, data=None, *, project: Project, version: str):
        initial = {name: getattr(project, name) for name in self.FIELDS if name != "parties"}
        initial["parties"] = list(project.parties.all())
        initial["version"] = version
        super().__init__(data, initial=initial)
        self.project = project
        if project.state not in PLAN_OPEN_STATES:
            # Dates move only by extension once the establishment phase has started.
            for name in ("start_date", "planned_end_date"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the establishment phase has "
                                                "started; request an extension.")

    def changes(self) -> dict:
        """Only what differs from the project, so the audit trail names real changes."""
        data = self.cleaned_data
        changed = {}
        for name in self.FIELDS:
            if name == "parties":
                if {p.pk for p in data["parties"]} != {p.pk for p in self.project.parties.all()}:
                    changed["parties"] = list(data["parties"])
                continue
            value = data[name]
            if name in ("recipient", "project_group", "reference_groups", "cost_object",
                        "effect_goals", "risks") and value is None:
                value = ""
            if value != getattr(self.project, name):
                changed[name] = value
        return changed


class NewProjectFinanciersForm(forms.Form):
    """Financiers of a new case (up to ROWS; more, and fixed percentages, on the budget page):
    each a name, the parties it stands for and how they split its part."""

    ROWS = 3
    KEYS = [(k, label) for k, label in Financier.Key.choices if k != Financier.Key.PERCENT]

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="financier", **kwargs)
        for i in range(self.ROWS):
            n = i + 1
            self.fields[f"{i}-name"] = forms.CharField(
                label=_("Financier %(n)s: name") % {"n": n}, max_length=200, required=False)
            self.fields[f"{i}-parties"] = forms.ModelMultipleChoiceField(
                Party.objects.all(), label=_("Financier %(n)s: parties") % {"n": n},
                required=False, widget=forms.CheckboxSelectMultiple)
            self.fields[f"{i}-allocation_key"] = forms.ChoiceField(
                label=_("Financier %(n)s: allocation key") % {"n": n}, choices=self.KEYS,
                initial=Financier.Key.SINGLE, required=False)

    def clean(self):
        data = super().clean()
        codes = set()
        for i in range(self.ROWS):
            name = (data.get(f"{i}-name") or "").strip()
            parties = data.get(f"{i}-parties") or []
            if not name and not parties:
                continue
            if not name:
                self.add_error(f"{i}-name", _("Name the financier."))
            if not parties:
                self.add_error(f"{i}-parties", _("A financier has at least one party."))
            key = data.get(f"{i}-allocation_key") or Financier.Key.SINGLE
            if key == Financier.Key.SINGLE and len(parties) > 1:
                self.add_error(f"{i}-allocation_key",
                               _("One party carries it alone; choose a key to split it "
                                 "between several parties."))
            code = slugify(name)[:40]
            if name and (not code or code in codes):
                self.add_error(f"{i}-name", _("Give each financier a different name."))
            codes.add(code)
        return data

    def financiers(self) -> list[dict]:
        """The rows filled in, as services.budgets.set_budget takes them."""
        rows = []
        for i in range(self.ROWS):
            name = (self.cleaned_data.get(f"{i}-name") or "").strip()
            if not name:
                continue
            rows.append({"code": slugify(name)[:40], "name": name,
                         "parties": [p.code for p in self.cleaned_data[f"{i}-parties"]],
                         "allocation_key": self.cleaned_data[f"{i}-allocation_key"]
                         or Financier.Key.SINGLE})
        return rows

    def add_service_errors(self, exc) -> None:
        """Put set_budget's ``financiers[i].field`` errors beside the row's field."""
        for key, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
            match = re.fullmatch(r"financiers\[(\d+)\]\.(\w+)", key)
            field = None
            if match:
                name = {"code": "name", "percentages": "allocation_key"}.get(match[2], match[2])
                candidate = f"{self._filled()[int(match[1])]}-{name}"
                field = candidate if candidate in self.fields else None
            self.add_error(field, errors)

    def _filled(self) -> list[int]:
        return [i for i in range(self.ROWS)
                if (self.cleaned_data.get(f"{i}-name") or "").strip()]


class ErrorSummary:
    """A refused form's errors for the page: a summary at the top linking to each field
    (``templates/_form_errors.html``) and each message beside its field
    (``{% field_attrs %}``/``{% field_error %}`` of ``form_help``).

    A field is known by its *key*: the input's name, prefixed with ``scope`` when one page
    holds several forms (the gate forms are scoped by their gate); its input's id is
    ``id_<key>``. Every text names the field by its label in the current language, never by
    an internal name."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.fields: dict[str, dict] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, message, *, key: str | None = None, label=None, beside: bool = True) -> None:
        """One message; with ``key``, beside that field and linked from the summary.
        ``beside=False`` only links: the details of one field's refusal (every bad line of
        an imported file) belong in the summary, the field keeps its one headline."""
        text = f"{label}: {message}" if label else str(message)
        field_id = f"id_{key}" if key else None
        self.items.append({"id": field_id, "text": text})
        if key and beside:
            entry = self.fields.setdefault(key, {"id": field_id, "messages": []})
            entry["messages"].append(str(message))

    def add_form(self, form: forms.Form, *, scope: str = "", context=None) -> "ErrorSummary":
        """Every error of ``form``; ``context`` (a row, a section) goes before the label."""
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            label = field.label if field is not None else None
            if context and label and str(label) != str(context):
                label = f"{context} – {label}"
            elif context:
                label = context
            for error in errors:
                if field is None:
                    self.add(error, label=label)
                else:
                    self.add(error, key=scope + form.add_prefix(name), label=label)
        return self

    def add_service_error(self, exc, *, form: forms.Form | None = None, scope: str = "",
                          keys: dict | None = None, labels: dict | None = None,
                          ) -> "ErrorSummary":
        """A service's refusal. A field the service names is put beside the form's field of
        that name (or the input ``keys`` maps it to, labelled by ``labels``); one the page
        does not know is shown without a name, so no internal name reaches the page."""
        keys, labels = dict(keys or {}), dict(labels or {})
        if form is not None:
            for name, field in form.fields.items():
                keys.setdefault(name, scope + form.add_prefix(name))
                labels.setdefault(name, field.label)
        if isinstance(exc, forms.ValidationError) and hasattr(exc, "error_dict"):
            for name, messages_ in exc.message_dict.items():
                for message in messages_:
                    self.add(message, key=keys.get(name), label=labels.get(name))
        elif isinstance(exc, forms.ValidationError):
            for message in exc.messages:
                self.add(message)
        else:
            self.add(describe(exc))
        return self


def mark_invalid(form: forms.Form, summary: ErrorSummary) -> None:
    """Point each refused input a form renders itself at its message (aria-describedby)."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if key in summary.fields:
            # Django points at the help text only when the widget names nothing itself.
            described = f"id_{key}-error"
            if field.help_text:
                described += f" {form[name].auto_id}_helptext"
            field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": described})
