from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import pre_save

        from portfolio.validators import check_before_save, with_input_checks

        # The audit trail keeps what was (including a bad value being corrected); the rest
        # is what people enter.
        for label in ("portfolio", "directives"):
            for model in apps.get_app_config(label).get_models():
                if model.__name__ != "AuditEvent":
                    pre_save.connect(check_before_save, sender=model,
                                     dispatch_uid=f"input-checks-{model._meta.label}")
                    with_input_checks(model)
