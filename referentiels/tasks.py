from imilo.celery import app
from imilo.taches import TacheImilo
from referentiels.transferts import transferts_executer

# Longer than the project's default limits (5 min): a national-scale night may change
# millions of records. Stopped anyway, the job has lost nothing: whole batches are committed
# and counted, and the next run (next night, or `executer_transferts`) resumes.
LIMITE_DOUCE = 3 * 60 * 60
LIMITE_DURE = LIMITE_DOUCE + 10 * 60


@app.task(
    base=TacheImilo,
    name="referentiels.executer_transferts",
    soft_time_limit=LIMITE_DOUCE,
    time_limit=LIMITE_DURE,
)
def executer_transferts() -> int:
    """The 4 a.m. job (CELERY_BEAT_SCHEDULE): every reference transfer waiting, to its end.
    Safe to re-run: a done request is never done again."""
    return sum(bilan.total for bilan in transferts_executer())
