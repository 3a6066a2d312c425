from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from dossiers.frise import frise
from dossiers.models import Evenement, Jeune, RendezVous
from dossiers.services import (
    evenement_noter,
    rendez_vous_conflits,
    rendez_vous_marquer,
    rendez_vous_planifier,
)
from imilo.erreurs import RegleMetierError
from tests.dossiers.donnees import demain_a
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def planifier(jeune, conseiller, debut, duree=30):
    return rendez_vous_planifier(
        jeune=jeune,
        par=conseiller,
        debut=debut,
        duree=duree,
        conseiller=conseiller,
        objet="Point d'étape",
        lieu=conseiller.structure.lieux.first(),
    )


def test_conflit_meme_conseiller_creneau_chevauchant(jeune, conseiller):
    planifier(jeune, conseiller, demain_a(10), duree=60)
    assert rendez_vous_conflits(conseiller=conseiller, debut=demain_a(10, 30), duree=30).exists()
    # Back to back is no conflict; a cancelled appointment frees its slot.
    assert not rendez_vous_conflits(conseiller=conseiller, debut=demain_a(11), duree=30).exists()
    rdv = RendezVous.objects.get()
    rendez_vous_marquer(rendez_vous=rdv, par=conseiller, statut="annule")
    assert not rendez_vous_conflits(
        conseiller=conseiller, debut=demain_a(10, 30), duree=30
    ).exists()


def test_absence_exige_son_motif(jeune, conseiller):
    rdv = planifier(jeune, conseiller, demain_a(9))
    with pytest.raises(RegleMetierError, match="motif"):
        rendez_vous_marquer(rendez_vous=rdv, par=conseiller, statut="absent")
    with pytest.raises(IntegrityError):
        RendezVous.objects.filter(pk=rdv.pk).update(statut="absent")


def test_rendez_vous_manque_en_rouge_sur_la_frise(jeune, conseiller):
    rdv = planifier(jeune, conseiller, demain_a(9))
    rendez_vous_marquer(
        rendez_vous=rdv,
        par=conseiller,
        statut="absent",
        motif_absence=element("motif_absence", "oubli", "Oubli"),
    )
    faits = [f for f in frise(Jeune.objects.get(pk=jeune.pk)) if f.categorie == "rendez-vous"]
    assert faits[0].alerte is True
    assert "Oubli" in faits[0].detail


def test_evenement_pas_dans_le_futur(jeune, conseiller):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        evenement_noter(
            jeune=jeune, par=conseiller, type="entretien", date=timezone.now() + timedelta(days=2)
        )


def test_prendre_un_rendez_vous_avec_conflit_puis_confirmation(client_de, conseiller, jeune):
    autre = JeuneFactory(structure=conseiller.structure)
    planifier(autre, conseiller, demain_a(14), duree=60)
    client = client_de(conseiller)
    url = reverse("dossiers:rendez_vous_prendre", kwargs={"jeune_id": jeune.pk})
    donnees = {
        "debut": demain_a(14, 30).strftime("%Y-%m-%dT%H:%M"),
        "duree": 30,
        "conseiller": conseiller.pk,
        "lieu": conseiller.structure.lieux.first().pk,
        "objet": "Suivi",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert len(reponse.context["conflits"]) == 1
    assert RendezVous.objects.filter(jeune=jeune).count() == 0
    confirmation = reponse.context["form"]["confirmer"].value()
    reponse = client.post(url, {**donnees, "confirmer": confirmation})
    assert reponse.status_code == 302
    assert RendezVous.objects.filter(jeune=jeune).count() == 1


def test_present_propose_l_evenement_deja_rempli(client_de, conseiller, jeune):
    rdv = planifier(jeune, conseiller, demain_a(9))
    client = client_de(conseiller)
    reponse = client.post(
        reverse(
            "dossiers:rendez_vous_statut",
            kwargs={"jeune_id": jeune.pk, "rendez_vous_id": rdv.pk},
        ),
        {"statut": "present"},
    )
    assert "evenements/nouveau/?rendez_vous=" in reponse.url
    formulaire = client.get(reponse.url).context["form"]
    assert formulaire["type"].value() == "entretien"
    reponse = client.post(
        reverse("dossiers:evenement_noter", kwargs={"jeune_id": jeune.pk}),
        {
            "rendez_vous": rdv.pk,
            "type": "entretien",
            "date": timezone.localtime(rdv.debut - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "notes": "Projet formation",
        },
    )
    assert reponse.status_code == 302
    assert Evenement.objects.get().rendez_vous == rdv


def test_statut_d_un_rendez_vous_d_un_autre_dossier_404(client_de, conseiller, jeune):
    autre = JeuneFactory(structure=conseiller.structure)
    rdv = planifier(autre, conseiller, demain_a(9))
    url = reverse(
        "dossiers:rendez_vous_statut", kwargs={"jeune_id": jeune.pk, "rendez_vous_id": rdv.pk}
    )
    assert client_de(conseiller).post(url, {"statut": "present"}).status_code == 404


def test_prendre_rendez_vous_sans_droit_403(client_de, accueil, jeune):
    url = reverse("dossiers:rendez_vous_prendre", kwargs={"jeune_id": jeune.pk})
    assert client_de(accueil).get(url).status_code == 403


@pytest.mark.parametrize("nombre", [1, 20])
def test_requetes_agenda_constantes(client_de, conseiller, django_assert_num_queries, nombre):
    for rang in range(nombre):
        planifier(
            JeuneFactory(structure=conseiller.structure),
            conseiller,
            demain_a(8) + timedelta(minutes=20 * rang),
            duree=15,
        )
    client = client_de(conseiller)
    jour = (timezone.localdate() + timedelta(days=1)).isoformat()
    # + 1 the counsellors of the ML, + 1 the appointments with young person, site and motif.
    with django_assert_num_queries(SESSION + 2):
        reponse = client.get(reverse("dossiers:agenda"), {"jour": jour})
    assert len(reponse.context["rendez_vous"]) == nombre


def test_agenda_d_un_conseiller_d_une_autre_ml_impossible(
    client_de, conseiller, conseiller_autre_ml
):
    reponse = client_de(conseiller).get(
        reverse("dossiers:agenda"), {"conseiller": conseiller_autre_ml.pk}
    )
    assert reponse.context["conseiller"] == conseiller


def test_accueil_montre_les_rendez_vous_du_jour_et_les_absences(client_de, conseiller, jeune):
    maintenant = timezone.localtime()
    planifier(jeune, conseiller, maintenant.replace(hour=23, minute=0))
    hier = planifier(jeune, conseiller, maintenant - timedelta(days=1))
    rendez_vous_marquer(
        rendez_vous=hier,
        par=conseiller,
        statut="absent",
        motif_absence=element("motif_absence", "oubli", "Oubli"),
    )
    contenu = client_de(conseiller).get("/").content.decode()
    assert "Mes rendez-vous du jour" in contenu
    assert "23:00" in contenu
    assert "Absences à relancer" in contenu
    assert "Oubli" in contenu


def test_alertes_de_saisie_et_liste_filtree_concordent(client_de, conseiller):
    JeuneFactory(suivi_par=conseiller)
    JeuneFactory(suivi_par=conseiller, avec_nir=True)
    client = client_de(conseiller)
    contenu = client.get("/").content.decode()
    assert "2 identités non justifiées" in contenu
    assert "1 NIR non certifié" in contenu
    liste = client.get(
        reverse("dossiers:liste"), {"conseiller": conseiller.pk, "nir_certifie": "non"}
    )
    assert liste.context["page"].paginator.count == 1


def test_noter_un_evenement_sans_droit_403_et_autre_ml_404(
    client_de, accueil, conseiller_autre_ml, jeune
):
    url = reverse("dossiers:evenement_noter", kwargs={"jeune_id": jeune.pk})
    assert client_de(accueil).get(url).status_code == 403
    assert client_de(conseiller_autre_ml).get(url).status_code == 404


def test_agenda_sans_droit_403(client_de, sans_droit):
    assert client_de(sans_droit).get(reverse("dossiers:agenda")).status_code == 403
