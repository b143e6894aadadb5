from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Party
from .projects import Project


class Financier(models.Model):
    """Who carries part of a project's budget: one party, or several splitting by a key."""

    class Key(models.TextChoices):
        SINGLE = "single", _("One party")
        EQUAL = "equal", _("Equal shares")
        POPULATION = "population", _("By population 1 November the previous year")
        PERCENT = "percent", _("Fixed percentages")
        SOLIDARY = "solidary", _("Solidarisk (equal among the parties of the agreement)")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="financiers")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    parties = models.ManyToManyField(Party, related_name="+", verbose_name=_("parties"))
    allocation_key = models.CharField(_("allocation key"), max_length=20, choices=Key.choices,
                                      default=Key.SINGLE)
    percentages = models.JSONField(_("percentages"), default=dict, blank=True,
                                   help_text=_("Party code → percent, for the fixed key."))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="financier_code_per_project"),
        ]
        verbose_name = _("financier")
        verbose_name_plural = _("financiers")

    def __str__(self):
        return self.name


class BudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveIntegerField(default=0)
    activity = models.CharField(_("activity"), max_length=300)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.activity}: {self.total}"


class BudgetShare(models.Model):
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="shares")
    financier = models.ForeignKey(Financier, on_delete=models.CASCADE, related_name="shares")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "financier"], name="one_share_per_financier"),
        ]
        verbose_name = _("budget share")
        verbose_name_plural = _("budget shares")

    def __str__(self):
        return f"{self.financier}: {self.amount}"


class PriceListRate(models.Model):
    """An hourly rate of the committee's common price list (gemensam prislista)."""

    committee = models.ForeignKey("portfolio.Committee", on_delete=models.PROTECT,
                                  related_name="price_list", verbose_name=_("committee"))
    resource = models.CharField(_("resource"), max_length=100)
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    decision_reference = models.CharField(_("decision"), max_length=100, blank=True,
                                          help_text=_("Case number of the decision, e.g. GNS/7/2019."))

    class Meta:
        ordering = ["committee", "resource", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "resource", "valid_from"],
                                    name="one_rate_per_resource_and_date"),
            models.CheckConstraint(condition=models.Q(hourly_rate__gt=0), name="rate_positive"),
        ]
        verbose_name = _("price-list rate")
        verbose_name_plural = _("price list")

    def __str__(self):
        return f"{self.resource}: {self.hourly_rate} kr/h från {self.valid_from}"


class TimeEntry(models.Model):
    """Hours a party puts into a project (or the committee as a whole), costed at the common
    price list's rate in force on the date (GNS/7/2019)."""

    committee = models.ForeignKey("portfolio.Committee", on_delete=models.PROTECT,
                                  related_name="time_entries", verbose_name=_("committee"))
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="time_entries", verbose_name=_("project"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="time_entries",
                              verbose_name=_("party"))
    resource = models.CharField(_("resource"), max_length=100)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    date = models.DateField(_("date"))
    rate = models.DecimalField(_("hourly rate"), max_digits=10, decimal_places=2)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="time_entry_hours_positive"),
        ]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")

    def __str__(self):
        return f"{self.party} {self.resource} {self.hours} h {self.date}"


class BaseFee(models.Model):
    """The committee's base fee (basarvode) for one year, as its plan for the year decides
    it; years differ (2019 and 2020). A year without a row uses the committee's base_fee."""

    committee = models.ForeignKey("portfolio.Committee", on_delete=models.PROTECT,
                                  related_name="base_fees", verbose_name=_("committee"))
    year = models.PositiveIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    decision_reference = models.CharField(_("decision"), max_length=100, blank=True)

    class Meta:
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="one_base_fee_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0),
                                   name="base_fee_not_negative"),
        ]
        verbose_name = _("yearly base fee")
        verbose_name_plural = _("yearly base fees")

    def __str__(self):
        return f"{self.committee_id} {self.year}: {self.amount}"


class CarryOver(models.Model):
    """Remaining funds of one year reserved for a later one by the committee's decision
    (2018: 745 tkr "reserveras till nästkommande år")."""

    committee = models.ForeignKey("portfolio.Committee", on_delete=models.PROTECT,
                                  related_name="carry_overs", verbose_name=_("committee"))
    from_year = models.PositiveIntegerField(_("from year"))
    to_year = models.PositiveIntegerField(_("to year"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    decision_reference = models.CharField(_("decision"), max_length=100)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "-from_year", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(to_year__gt=models.F("from_year")),
                                   name="carry_over_to_a_later_year"),
        ]
        verbose_name = _("carry-over")
        verbose_name_plural = _("carry-overs")

    def __str__(self):
        return f"{self.from_year} → {self.to_year}: {self.amount}"


class FollowUpNarrative(models.Model):
    """What the committee writes about one cost object in a follow-up report ("Objekt 6663:
    Serverdrift Åre −69 tkr, ska vid årets slut gå ±0")."""

    class Period(models.TextChoices):
        T1 = "T1", _("T1 (January–April)")
        T2 = "T2", _("T2 (January–August)")
        Y = "Y", _("Year")

    cost_object = models.ForeignKey("portfolio.CostObject", on_delete=models.PROTECT,
                                    related_name="narratives", verbose_name=_("cost object"))
    year = models.PositiveIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=2, choices=Period.choices)
    text = models.TextField(_("text"), max_length=4000)
    updated_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cost_object", "year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["cost_object", "year", "period"],
                                    name="one_narrative_per_object_and_period"),
        ]
        verbose_name = _("follow-up narrative")
        verbose_name_plural = _("follow-up narratives")

    def __str__(self):
        return f"{self.cost_object_id} {self.year} {self.period}"
