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
