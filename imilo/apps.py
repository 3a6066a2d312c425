from django.apps import AppConfig


class ImiloConfig(AppConfig):
    name = "imilo"
    verbose_name = "socle imilo"
