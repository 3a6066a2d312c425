from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _synchroniser(sender, **kwargs):
    from admin_ml.profils import profils_standard_synchroniser

    profils_standard_synchroniser()


class AdminMlConfig(AppConfig):
    name = "admin_ml"
    verbose_name = "administration des missions locales"

    def ready(self):
        post_migrate.connect(_synchroniser, sender=self, dispatch_uid="profils_standard")
