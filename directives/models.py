from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.lifecycle import Gate


class Template(models.Model):
    """A document template (project directive, final report, committee case)."""

    class Kind(models.TextChoices):
        DIRECTIVE = "directive", _("Project directive")
        FINAL_REPORT = "final_report", _("Final report")
        COMMITTEE_CASE = "committee_case", _("Committee case (tjänsteskrivelse)")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("template")
        verbose_name_plural = _("templates")

    def __str__(self):
        return self.name

    @property
    def current_version(self) -> "TemplateVersion | None":
        return self.versions.order_by("-number").first()


class TemplateVersion(models.Model):
    """An immutable version of a template; editing a template makes a new version."""

    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(
        _("sections"), default=list,
        help_text=_("Ordered sections: key, title, guidance, required, content kind."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_once"),
        ]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")

    def __str__(self):
        return f"{self.template.name} v{self.number}"


class GateChecklistItem(models.Model):
    """One question of a gate's checklist, as written in a template version."""

    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT,
                                         related_name="checklist_items")
    gate = models.CharField(_("gate"), max_length=3, choices=Gate.choices)
    position = models.PositiveIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=60)
    text = models.CharField(_("text"), max_length=500)
    mandatory = models.BooleanField(_("mandatory"), default=True)

    class Meta:
        ordering = ["template_version", "gate", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template_version", "gate", "key"],
                                    name="checklist_item_key_once"),
        ]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return f"{self.gate}: {self.text}"
