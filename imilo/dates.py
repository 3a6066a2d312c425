"""Dates as the ML lives them: in Paris time (settings.TIME_ZONE)."""

from datetime import date, datetime, time

from django.utils import timezone


def debut_du_jour(jour: date) -> datetime:
    """Midnight at the start of `jour`, local time: the bound of a period of whole days."""
    return timezone.make_aware(datetime.combine(jour, time.min))
