from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.Model):
    """A region, municipality or association that takes part in joint committees."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")
        ASSOCIATION = "association", _("Association")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.name


class PopulationFigure(models.Model):
    """Population of a party as of a date; cost keys use 1 November of the previous year."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="populations",
                              verbose_name=_("party"))
    as_of = models.DateField(_("as of"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["party__name", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["party", "as_of"], name="population_once_per_date"),
        ]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")

    def __str__(self):
        return f"{self.party} {self.as_of}: {self.population}"


class Committee(models.Model):
    """A joint committee (gemensam nämnd) hosted by one party and shared by its members."""

    code = models.CharField(
        _("code"), max_length=12, unique=True,
        help_text=_("Short code used in case numbers, e.g. GNS."),
    )
    name = models.CharField(_("name"), max_length=300)
    host_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="hosted_committees",
                                   verbose_name=_("host party"))
    base_fee = models.DecimalField(
        _("base fee"), max_digits=14, decimal_places=2, default=0,
        help_text=_("Yearly base fee (basarvode), shared equally by the member parties."),
    )
    member_parties = models.ManyToManyField(Party, through="CommitteeMembership",
                                            related_name="committees", verbose_name=_("member parties"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return f"{self.code} – {self.name}"


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="memberships")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "party", "joined_on"],
                                    name="membership_once_per_date"),
        ]
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")

    def __str__(self):
        return f"{self.party} i {self.committee.code} från {self.joined_on}"


class CommitteeRole(models.Model):
    """A person's role on a committee; every committee permission is scoped through this."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SUBSTITUTE = "substitute", _("Substitute")
        SECRETARY = "secretary", _("Secretary")
        PREPARER = "preparer", _("Preparing officer")
        REGISTRAR = "registrar", _("Registrar")
        AUDITOR = "auditor", _("Auditor")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="committee_roles", verbose_name=_("user"))
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="roles",
                                  verbose_name=_("committee"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["committee", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "committee", "role"], name="committee_role_once"),
        ]
        verbose_name = _("committee role")
        verbose_name_plural = _("committee roles")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.committee.code})"
