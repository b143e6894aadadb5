"""Forms for the committee's record (issue #11): cases, documents, decision points, minutes."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portfolio.forms import SensibleDateField
from portfolio.models import Case, CaseDocument, Committee


class CaseForm(forms.Form):
    committee = forms.ModelChoiceField(Committee.objects.none(), label=_("Committee"),
                                       to_field_name="code")
    kind = forms.ChoiceField(label=_("Kind of case"),
                             choices=[c for c in Case.Kind.choices if c[0] != Case.Kind.PROJECT])
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    external_reference = forms.CharField(label=_("External reference"), max_length=60,
                                         required=False)

    def __init__(self, data=None, *, committees):
        super().__init__(data)
        committee_field = self.fields["committee"]
        assert isinstance(committee_field, forms.ModelChoiceField)
        committee_field.queryset = committees


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document kind"), choices=CaseDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    dated = SensibleDateField(label=_("Dated"))
    file = forms.FileField(label=_("File (PDF or DOCX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CASE_DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {
                "mb": round(settings.CASE_DOCUMENT_MAX_BYTES / 1024 / 1024, 1)})
        return upload


class PointsForm(forms.Form):
    points = forms.CharField(label=_("Points"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=150_000, required=False,
                             help_text=_("One numbered point per line: 1. … 2. …"))
    outcome = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)


class MinutesHeadForm(forms.Form):
    chair = forms.CharField(label=_("Chair"), max_length=200, required=False)
    secretary = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    adjusters = forms.CharField(label=_("Adjusters"), max_length=400, required=False)
    adjusted_on = SensibleDateField(label=_("Adjustment date"), required=False)
    kept_at = forms.CharField(label=_("Where the minutes are kept"), max_length=300,
                              required=False)
