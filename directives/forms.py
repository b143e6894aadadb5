"""Forms of the document pages: one per section kind, errors naming the field by its label."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives import content as kinds
from directives import defaults
from portfolio.forms import AmountField, ErrorSummary, SensibleDateField, error_lines

# Column labels of the table sections: the Swedish text is the directive template's own wording
# (hence a context of their own); English pages get English headers.
FIELD_LABELS = {
    "name": pgettext_lazy("directive column", "Name/role"),
    "responsibility": pgettext_lazy("directive column", "Responsibility"),
    "activity": pgettext_lazy("directive column", "Activity"),
    "total": pgettext_lazy("directive column", "Total kr"),
    "note": pgettext_lazy("directive column", "Note"),
    "resource": pgettext_lazy("directive column", "Resource (price list)"),
    "hours": pgettext_lazy("directive column", "Hours"),
    "risk": pgettext_lazy("directive column", "Risk"),
    "consequence": pgettext_lazy("directive column", "Consequence"),
    "action": pgettext_lazy("directive column", "Action"),
    "goal": pgettext_lazy("directive column", "Goal"),
    "measures": pgettext_lazy("directive column", "Measures"),
}


def section_errors(form, section) -> ErrorSummary:
    """A refused section form's errors, named by the section's title in the template."""
    summary = ErrorSummary()
    if isinstance(form, TableSectionForm):
        form.add_errors(summary, section["title"])
    else:
        summary.add_form(form, context=section["title"])
    return summary


def first_input(section) -> str:
    """The input a refusal of the whole section links to."""
    if section["kind"] == defaults.TEXT:
        return "text"
    if section["kind"] == defaults.DATE_RANGE:
        return "start"
    return f"{kinds.ROW_FIELDS[section['kind']][0]}-0"


class TextSectionForm(forms.Form):
    text = forms.CharField(required=False, strip=False, max_length=kinds.MAX_TEXT)

    def __init__(self, data, *, section):
        super().__init__(data)
        self.fields["text"].label = section["title"]

    def content(self):
        return self.cleaned_data["text"]

    def typed(self):
        return self.data.get("text", "")


class DateRangeSectionForm(forms.Form):
    start = SensibleDateField(label=_("Start"), required=False)
    end = SensibleDateField(label=_("End"), required=False)

    def __init__(self, data, *, section):
        super().__init__(data)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("the end date is before the start date."))
        return data

    def content(self):
        return {k: self.cleaned_data[k].isoformat() if self.cleaned_data[k] else None
                for k in ("start", "end")}

    def typed(self):
        return {"start": self.data.get("start", ""), "end": self.data.get("end", "")}


class RowForm(forms.Form):
    """One row of a table section; inputs are named ``<field>-<n>``."""

    def __init__(self, data, *, index: int, columns):
        super().__init__(data, prefix=str(index))
        self.index, self.columns = index, columns
        for column in columns:
            label = FIELD_LABELS.get(column, column)
            self.fields[column] = (
                AmountField(label=label, required=False, min_value=0)
                if column in kinds.NUMERIC_FIELDS
                else forms.CharField(label=label, required=False, strip=False,
                                     max_length=kinds.MAX_TEXT))

    def add_prefix(self, field_name):
        return f"{field_name}-{self.prefix}"

    def row(self) -> dict:
        return {c: "" if self.cleaned_data[c] is None else str(self.cleaned_data[c])
                for c in self.columns}

    def typed(self) -> dict:
        return {c: self.data.get(self.add_prefix(c), "") for c in self.columns}


class TableSectionForm:
    """The rows of a table section as one form-like object."""

    def __init__(self, data, *, section):
        columns = kinds.ROW_FIELDS[section["kind"]]
        self.rows = []
        while any(f"{c}-{len(self.rows)}" in data for c in columns):
            self.rows.append(RowForm(data, index=len(self.rows), columns=columns))

    def is_valid(self) -> bool:
        return all([row.is_valid() for row in self.rows])

    def error_lines(self) -> list[str]:
        return [_("Row %(n)s – %(error)s") % {"n": row.index + 1, "error": line}
                for row in self.rows if row.errors for line in error_lines(row)]

    def add_errors(self, summary: ErrorSummary, title) -> None:
        for row in self.rows:
            summary.add_form(row, context=f"{title} – {_('Row %(n)s') % {'n': row.index + 1}}")

    def content(self):
        return [row.row() for row in self.rows]

    def typed(self):
        return [row.typed() for row in self.rows]


def section_form(data, section):
    if section["kind"] == defaults.TEXT:
        return TextSectionForm(data, section=section)
    if section["kind"] == defaults.DATE_RANGE:
        return DateRangeSectionForm(data, section=section)
    return TableSectionForm(data, section=section)
