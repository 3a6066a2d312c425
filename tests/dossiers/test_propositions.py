from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from dossiers.frise import frise
from dossiers.models import Jeune, Proposition
from dossiers.services import proposition_noter, proposition_terminer
from imilo.erreurs import RegleMetierError

pytestmark = pytest.mark.django_db


def noter(jeune, conseiller, **champs):
    return proposition_noter(
        jeune=jeune,
        par=conseiller,
        nature=champs.get("nature", "demande"),
        theme=champs.get("theme", "logement"),
        libelle=champs.get("libelle", "Trouver un FJT"),
        date=champs.get("date"),
    )


def test_demande_datee_du_jour_ou_elle_a_ete_exprimee(jeune, conseiller):
    il_y_a_trois_jours = timezone.localdate() - timedelta(days=3)
    demande = noter(jeune, conseiller, date=il_y_a_trois_jours)
    assert demande.date == il_y_a_trois_jours
    with pytest.raises(ValidationError):
        noter(jeune, conseiller, date=timezone.localdate() + timedelta(days=1))


def test_terminer_une_demande(jeune, conseiller):
    demande = noter(jeune, conseiller)
    with pytest.raises(RegleMetierError):
        proposition_terminer(proposition=demande, par=conseiller, etat="en_cours")
    demande = proposition_terminer(proposition=demande, par=conseiller, etat="realisee")
    assert demande.date_fin == timezone.localdate()
    with pytest.raises(RegleMetierError, match="déjà terminée"):
        proposition_terminer(proposition=demande, par=conseiller, etat="abandonnee")


def test_date_de_fin_seulement_si_terminee_en_base(jeune, conseiller):
    demande = noter(jeune, conseiller)
    with pytest.raises(IntegrityError):
        Proposition.objects.filter(pk=demande.pk).update(date_fin=date.today())


def test_sur_la_frise(jeune, conseiller):
    noter(jeune, conseiller, libelle="Permis B")
    faits = [f for f in frise(Jeune.objects.get(pk=jeune.pk)) if f.categorie == "demande"]
    assert "Permis B" in faits[0].detail


def test_pages(client_de, conseiller, accueil, conseiller_autre_ml, jeune):
    ajouter = reverse("dossiers:proposition_ajouter", kwargs={"jeune_id": jeune.pk})
    reponse = client_de(conseiller).post(
        ajouter,
        {"nature": "demande", "theme": "emploi", "libelle": "Job d'été", "date": "2026-01-05"},
    )
    assert reponse.status_code == 302
    proposition = Proposition.objects.get()
    terminer = reverse(
        "dossiers:proposition_terminer",
        kwargs={"jeune_id": jeune.pk, "proposition_id": proposition.pk},
    )
    assert client_de(accueil).post(terminer, {"etat": "realisee"}).status_code == 403
    assert client_de(conseiller_autre_ml).post(terminer, {"etat": "realisee"}).status_code == 404
    client_de(conseiller).post(terminer, {"etat": "refusee"})
    proposition.refresh_from_db()
    assert proposition.etat == "refusee"


def test_demande_refusee_garde_ce_qui_est_tape(client_de, conseiller, jeune):
    ajouter = reverse("dossiers:proposition_ajouter", kwargs={"jeune_id": jeune.pk})
    demain = (timezone.localdate() + timedelta(days=1)).isoformat()
    reponse = client_de(conseiller).post(
        ajouter, {"nature": "demande", "theme": "logement", "libelle": "Studio", "date": demain}
    )
    assert reponse.status_code == 200
    formulaire = reponse.context["proposition_form"]
    assert formulaire.errors["date"] == ["La date ne peut pas être future."]
    assert formulaire["libelle"].value() == "Studio"
    assert not Proposition.objects.exists()
