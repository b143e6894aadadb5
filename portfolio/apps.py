from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        # Signal wiring needs the app registry loaded, so these imports wait for ready().
        from django.apps import apps  # noqa: PLC0415
        from django.contrib.auth.signals import user_logged_in, user_login_failed  # noqa: PLC0415
        from django.db.models.signals import post_migrate, pre_save  # noqa: PLC0415

        from portfolio import deployment  # noqa: PLC0415
        from portfolio.validators import check_before_save, with_input_checks  # noqa: PLC0415

        post_migrate.connect(deployment.create_cache_table, sender=self)
        user_logged_in.connect(deployment.on_login, dispatch_uid="portfolio-audit-login")
        user_login_failed.connect(deployment.on_login_failed,
                                  dispatch_uid="portfolio-audit-login-failed")
        # The audit trail keeps what was (including a bad value being corrected); the rest
        # is what people enter.
        for label in ("portfolio", "directives"):
            for model in apps.get_app_config(label).get_models():
                if model.__name__ != "AuditEvent":
                    pre_save.connect(check_before_save, sender=model,
                                     dispatch_uid=f"input-checks-{model._meta.label}")
                    with_input_checks(model)
