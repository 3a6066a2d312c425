"""The Celery application. Configuration comes from the CELERY_* settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imilo.settings")

app = Celery("imilo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
