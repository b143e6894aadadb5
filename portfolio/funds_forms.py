"""Forms of the committee's own money: the base fee per year and carried-over funds
(issue #11 point 6). The services check everything again; the forms turn typed text
("150 000,50", "2019") into values and name a bad field by its label."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.forms import NumberField
from portfolio.services.committee_money import FIRST_YEAR, LAST_YEAR


def _year_field(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=FIRST_YEAR, max_value=LAST_YEAR,
                              widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                            "autocomplete": "off"}))


class BaseFeeForm(forms.Form):
    prefix = "fee"

    year = _year_field(_("Year"))
    amount = NumberField(label=_("Base fee (kr)"), max_digits=14, decimal_places=2)
    decision_reference = forms.CharField(label=_("Decision"), required=False, max_length=100,
                                         help_text=_("e.g. GNS § 25/2018"))


class CarryOverForm(forms.Form):
    prefix = "carry"

    from_year = _year_field(_("From year"))
    to_year = _year_field(_("To year"))
    amount = NumberField(label=_("Amount (kr)"), max_digits=14, decimal_places=2)
    decision_reference = forms.CharField(label=_("Decision"), max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
