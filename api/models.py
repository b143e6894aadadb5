import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_hex(20)


class FeedToken(models.Model):
    """A read-only token for an intranet system: it opens the feeds and nothing else."""

    name = models.CharField(_("system"), max_length=200,
                            help_text=_("Which intranet or system uses the token."))
    key = models.CharField(_("key"), max_length=40, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")

    def __str__(self):
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None
