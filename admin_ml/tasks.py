from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from imilo.celery import app
from imilo.taches import TacheImilo


@app.task(base=TacheImilo, name="admin_ml.purger_tentatives_de_connexion")
def purger_tentatives_de_connexion() -> int:
    """Delete sign-in logs past their retention (CNIL: connection logs kept ≤ 1 year)."""
    limite = timezone.now() - timedelta(days=settings.CONSERVATION_JOURNAUX_CONNEXION_JOURS)
    supprimes = AccessLog.objects.filter(attempt_time__lt=limite).delete()[0]
    supprimes += AccessFailureLog.objects.filter(attempt_time__lt=limite).delete()[0]
    # A lockout older than the cool-off is over: its counter is dropped as well.
    fin_verrou = timezone.now() - settings.AXES_COOLOFF_TIME
    supprimes += AccessAttempt.objects.filter(attempt_time__lt=fin_verrou).delete()[0]
    return supprimes
