"""The Celery application. Configuration comes from the CELERY_* settings."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imilo.settings")

app = Celery("imilo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def journaux_comme_django(**kwargs):
    """Workers and beat log like the web processes: Django's LOGGING (LOG_FORMAT, LOG_LEVEL).

    A receiver on this signal stops Celery from configuring logging at all (celery/app/log.py).
    worker_hijack_root_logger=False alone is not enough: Celery would still give its task
    logger a text handler of its own and set the root level from `-l`.
    """
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
