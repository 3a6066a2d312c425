from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "dispositifs d'accompagnement"
