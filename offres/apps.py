from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "offres de service et entreprises"
