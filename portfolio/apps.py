from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        from django.db.models.signals import post_migrate

        from portfolio import deployment

        post_migrate.connect(deployment.create_cache_table, sender=self)
