from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portfolio.models import Committee, Party, Project

User = get_user_model()


class NewProjectForm(forms.Form):
    """A new assignment (projektansökan): the registry fields; the directive is written next."""

    committee = forms.ModelChoiceField(Committee.objects.all(), label=_("Committee"))
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(choices=Project.Kind.choices, label=_("Kind"))
    parties = forms.ModelMultipleChoiceField(Party.objects.all(), label=_("Requesting parties"),
                                             widget=forms.CheckboxSelectMultiple, required=False)
    owner_party = forms.ModelChoiceField(Party.objects.all(), label=_("Owning party"),
                                         required=False)
    start_date = forms.DateField(label=_("Start date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    planned_end_date = forms.DateField(label=_("Planned end date"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    cost_cap = forms.DecimalField(label=_("Cost cap (kr)"), required=False, min_value=0,
                                  max_digits=14, decimal_places=2)
    estimated_hours = forms.DecimalField(label=_("Estimated hours"), required=False, min_value=0,
                                         max_digits=10, decimal_places=1)
    manager = forms.ModelChoiceField(User.objects.filter(is_active=True).order_by("username"),
                                     label=_("Project manager"), required=False)
    steering_chair = forms.ModelChoiceField(
        User.objects.filter(is_active=True).order_by("username"),
        label=_("Chair of the steering group"), required=False)
