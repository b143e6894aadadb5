from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CostObject(models.Model):
    """An object (kostnadsställe) in the accounting system, e.g. 6674 for LINK2."""

    committee = models.ForeignKey("portfolio.Committee", on_delete=models.PROTECT,
                                  related_name="cost_objects", verbose_name=_("committee"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="cost_objects", verbose_name=_("project"))

    class Meta:
        ordering = ["committee", "code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="cost_object_code_once")]
        verbose_name = _("cost object")
        verbose_name_plural = _("cost objects")

    def __str__(self):
        return f"{self.code} {self.name}"


class OutcomeImport(models.Model):
    """One imported file of the accounting system's monthly export.

    Small files are imported in the request (state ``done`` at once); large ones are stored
    here (``data``) and imported by a background task, which reports its progress on the row.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    filename = models.CharField(_("file"), max_length=300)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    periods = models.JSONField(default=list)
    committee = models.ForeignKey("portfolio.Committee", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="outcome_imports",
                                  verbose_name=_("committee"))
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True,
                                 db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DONE)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(_("rows replaced"), default=0)
    message = models.TextField(_("message"), blank=True)
    errors = models.JSONField(_("bad rows"), default=list, blank=True)
    # The uploaded file while it waits for the worker; emptied once the import is over.
    data = models.BinaryField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("outcome import")
        verbose_name_plural = _("outcome imports")

    def __str__(self):
        return f"{self.filename} ({self.rows})"


class OutcomeImportLock(models.Model):
    """One row per committee and period that imports lock (``select_for_update``) before
    they replace the period's outcomes, so concurrent re-imports of a period run one after
    the other and the later replaces the earlier instead of adding to it. Taking it is a
    write (an insert), which on SQLite also serialises the transactions from their start."""

    committee = models.ForeignKey("portfolio.Committee", on_delete=models.CASCADE,
                                  related_name="+")
    period = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "period"],
                                               name="one_import_lock_per_committee_period")]

    def __str__(self):
        return f"{self.committee_id} {self.period:%Y-%m}"


class Outcome(models.Model):
    """Actual amount (utfall) per cost object, month and category; income +, cost −."""

    cost_object = models.ForeignKey(CostObject, on_delete=models.PROTECT, related_name="outcomes")
    period = models.DateField(_("period"), help_text=_("First day of the month."))
    category = models.CharField(_("category"), max_length=100)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    source = models.ForeignKey(OutcomeImport, on_delete=models.PROTECT, related_name="outcomes")

    class Meta:
        indexes = [models.Index(fields=["cost_object", "period"])]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return f"{self.cost_object.code} {self.period:%Y-%m} {self.category}: {self.amount}"


class MonthlyBudget(models.Model):
    """The budget of a cost object per month (net, income + and cost −)."""

    cost_object = models.ForeignKey(CostObject, on_delete=models.PROTECT, related_name="budgets")
    period = models.DateField(_("period"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cost_object", "period"],
                                               name="one_budget_per_object_month")]
        verbose_name = _("monthly budget")
        verbose_name_plural = _("monthly budgets")

    def __str__(self):
        return f"{self.cost_object.code} {self.period:%Y-%m}: {self.amount}"


class Forecast(models.Model):
    """The annual forecast (årsprognos) of a cost object, made at a period."""

    cost_object = models.ForeignKey(CostObject, on_delete=models.PROTECT, related_name="forecasts")
    year = models.PositiveIntegerField(_("year"))
    made_at = models.DateField(_("made at"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["cost_object", "year", "-made_at"]
        constraints = [models.UniqueConstraint(fields=["cost_object", "year", "made_at"],
                                               name="one_forecast_per_date")]
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")

    def __str__(self):
        return f"{self.cost_object.code} {self.year} ({self.made_at}): {self.amount}"


class CommitteeMonth(models.Model):
    """The committee's outcome and budget summed per month, kept by every writer of outcomes
    and budgets in its own transaction (``portfolio.services.outcomes.refresh_sums``). The
    economy page's chart and total row read 24 of these instead of summing every outcome and
    budget of the committee (240 000 rows at 10 000 projects) on each request."""

    committee = models.ForeignKey("portfolio.Committee", on_delete=models.CASCADE,
                                  related_name="+")
    period = models.DateField()
    outcome = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    budget = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "period"],
                                               name="one_sum_per_committee_month")]

    def __str__(self):
        return f"{self.committee_id} {self.period:%Y-%m}: {self.outcome} / {self.budget}"


class CostObjectCosts(models.Model):
    """All costs (negative outcomes) booked on a cost object so far, kept like CommitteeMonth:
    the cost-cap flag compares a project's costs with its cap without summing every outcome
    of the committee. Keyed by the object, so a project's objects are summed when read."""

    cost_object = models.OneToOneField(CostObject, on_delete=models.CASCADE,
                                       primary_key=True, related_name="+")
    costs = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    def __str__(self):
        return f"{self.cost_object_id}: {self.costs}"
