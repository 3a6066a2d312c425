import pytest
from django.conf import settings
from kombu.exceptions import OperationalError

from imilo.celery import app
from imilo.models import TacheEnAttente
from imilo.taches import mettre_en_file
from imilo.tasks import envoyer_email, renvoyer_taches_en_attente
from tests.processus import worker_celery


def test_chaque_entree_du_calendrier_nomme_une_tache_enregistree():
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE
    for nom, entree in settings.CELERY_BEAT_SCHEDULE.items():
        assert entree["task"] in app.tasks, f"{nom} : tâche inconnue {entree['task']}"


def test_configuration_sure():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_time_limit and conf.task_soft_time_limit
    assert conf.task_soft_time_limit < conf.task_time_limit
    # No result backend: an unreachable one blocked requests for ~19 s.
    assert conf.result_backend is None
    assert conf.task_ignore_result is True


@pytest.mark.django_db
def test_broker_injoignable_la_tache_est_gardee_puis_renvoyee(
    monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    def broker_en_panne(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as m:
        m.setattr(envoyer_email, "apply_async", broker_en_panne)
        with django_capture_on_commit_callbacks(execute=True):
            mettre_en_file(envoyer_email, sujet="Convocation", corps="…", destinataires=["a@b.fr"])
        assert mailoutbox == []
        attente = TacheEnAttente.objects.get()
        assert attente.nom == "imilo.envoyer_email"
        assert attente.kwargs["sujet"] == "Convocation"
        # Still down: kept, one more attempt counted.
        assert renvoyer_taches_en_attente() == 0
        attente.refresh_from_db()
        assert attente.tentatives == 2
    # The broker is back.
    assert renvoyer_taches_en_attente() == 1
    assert not TacheEnAttente.objects.exists()
    assert [message.subject for message in mailoutbox] == ["Convocation"]


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_une_tache_traverse_redis_jusqu_a_un_vrai_worker(tmp_path):
    """Queued by the application, carried by the real Redis, run by a real worker process."""
    assert settings.REDIS_URL, "make test démarre un Redis : REDIS_URL doit être défini"
    boite = tmp_path / "courriels"
    boite.mkdir()
    with worker_celery(tmp_path, EMAIL_URL=f"filemail:///{boite}") as worker:
        mettre_en_file(
            envoyer_email,
            sujet="Rendez-vous confirmé",
            corps="Bonjour, votre rendez-vous est confirmé.",
            destinataires=["jeune@example.org"],
        )
        assert not TacheEnAttente.objects.exists(), "la tâche n'a pas pu être publiée"
        fichiers = worker.attendre(lambda: list(boite.iterdir()))
        contenu = fichiers[0].read_text()
        assert "Bonjour, votre rendez-vous est confirmé." in contenu
        assert "jeune@example.org" in contenu


@pytest.mark.django_db
def test_une_tache_inconnue_ne_bloque_pas_les_autres(mailoutbox):
    TacheEnAttente.objects.create(nom="ancienne.tache_renommee", kwargs={})
    TacheEnAttente.objects.create(
        nom="imilo.envoyer_email",
        kwargs={"sujet": "Relance", "corps": "…", "destinataires": ["a@b.fr"]},
    )
    assert renvoyer_taches_en_attente() == 1
    restante = TacheEnAttente.objects.get()
    assert restante.nom == "ancienne.tache_renommee"
    assert restante.erreur == "tâche inconnue de cette version"
    assert [message.subject for message in mailoutbox] == ["Relance"]
