"""Entering, extending, leaving and deleting a dispositif (services/entree_sortie.py):
the rules of each type, the diagnostic → PACEA → CEJ sequence."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from admin_ml.models import Utilisateur
from dispositifs import services
from dispositifs.models import Dispositif
from dispositifs.regles import ajouter_mois
from dossiers.models import Jeune
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer
from tests.admin_ml.factories import UtilisateurFactory
from tests.dispositifs.donnees import (
    aujourdhui,
    diagnostic_clos,
    entrer,
    jours,
    motif,
    pacea,
    type_dispositif,
)
from tests.dispositifs.factories import DispositifFactory
from tests.dossiers.factories import JeuneFactory

pytestmark = pytest.mark.django_db


# --- engine ------------------------------------------------------------------------------


def test_fin_prevue_par_defaut_selon_la_duree_de_la_ml(jeune, conseiller):
    from dispositifs.models import DureeDispositif

    DureeDispositif.objects.create(
        structure=conseiller.structure, type=type_dispositif("parrainage"), duree_mois=9
    )
    parrainage = entrer(jeune, conseiller, "parrainage", entree_le=date(2026, 1, 31))
    assert parrainage.fin_prevue == date(2026, 10, 31)


def test_prescripteur_et_referent_suivent_les_fonctions(jeune, conseiller):
    accueil = UtilisateurFactory(structure=conseiller.structure, accueil=True)
    with pytest.raises(Exception) as erreur:
        services.dispositif_entrer(
            jeune=jeune,
            par=conseiller,
            type=type_dispositif("parrainage"),
            entree_le=aujourdhui(),
            prescripteur=accueil,
            referent=accueil,
        )
    assert "prescripteur" in erreur.value.message_dict
    assert "referent" in erreur.value.message_dict


def test_un_seul_dispositif_ouvert_par_type(jeune, conseiller):
    entrer(jeune, conseiller, "parrainage")
    with pytest.raises(RegleMetierError, match="déjà en"):
        entrer(jeune, conseiller, "parrainage")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispositif.objects.create(
            jeune=jeune,
            type=type_dispositif("parrainage"),
            entree_le=aujourdhui(),
            fin_prevue=jours(30),
            prescripteur=conseiller,
            referent=conseiller,
            created_by=conseiller,
        )


def test_entree_jamais_a_l_avance(jeune, conseiller):
    with pytest.raises(RegleMetierError, match="pas à l'avance"):
        entrer(jeune, conseiller, "parrainage", entree_le=jours(2))


def test_motif_de_sortie_de_la_liste_du_type(jeune, conseiller):
    diagnostic = entrer(jeune, conseiller, "diagnostic")
    with pytest.raises(RegleMetierError, match="n'est pas un motif de sortie"):
        services.dispositif_sortir(
            dispositif=diagnostic,
            par=conseiller,
            fin_reelle=aujourdhui(),
            motif_sortie=motif("autonomie"),
        )


def test_sortie_avec_date_et_motif_en_base(jeune, conseiller):
    diagnostic = entrer(jeune, conseiller, "diagnostic")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispositif.objects.filter(pk=diagnostic.pk).update(fin_reelle=aujourdhui())


def test_age_a_l_entree(conseiller):
    trop_age = JeuneFactory(suivi_par=conseiller, age=27)
    with pytest.raises(RegleMetierError, match="27 ans"):
        entrer(trop_age, conseiller, "diagnostic")


def test_deces_ferme_tous_les_canaux(jeune, conseiller):
    from dossiers.messagerie import empechements

    jeune.telephone_mobile = "+33612345678"
    jeune.email = "jeune@example.org"
    jeune.save()
    diagnostic = entrer(jeune, conseiller, "diagnostic", entree_le=jours(-5))
    assert empechements(Jeune.objects.get(pk=jeune.pk))["courriel"] == ""
    services.dispositif_sortir(
        dispositif=diagnostic, par=conseiller, fin_reelle=jours(0), motif_sortie=motif("deces")
    )
    raisons = empechements(Jeune.objects.get(pk=jeune.pk))
    assert all("décès" in raison for raison in raisons.values())


# --- diagnostic --------------------------------------------------------------------------


def test_diagnostic_signale_au_dela_d_un_mois(jeune, conseiller):
    diagnostic = entrer(jeune, conseiller, "diagnostic", entree_le=jours(-40))
    assert diagnostic.duree_depassee
    assert not entrer(
        JeuneFactory(suivi_par=conseiller, age=20), conseiller, "diagnostic"
    ).duree_depassee


def test_diagnostic_refuse_au_dela_de_trois_mois(jeune, conseiller):
    with pytest.raises(RegleMetierError, match="au plus 3 mois"):
        entrer(jeune, conseiller, "diagnostic", fin_prevue=jours(100))
    diagnostic = entrer(jeune, conseiller, "diagnostic", entree_le=jours(-120))
    with pytest.raises(RegleMetierError, match="au plus 3 mois"):
        services.dispositif_prolonger(dispositif=diagnostic, par=conseiller, fin_prevue=jours(0))
    with pytest.raises(RegleMetierError, match="au plus 3 mois"):
        services.dispositif_sortir(
            dispositif=diagnostic, par=conseiller, fin_reelle=jours(0), motif_sortie=motif("pacea")
        )


def test_motifs_de_sortie_du_diagnostic(jeune, conseiller):
    from dispositifs.regles import regles

    assert regles("diagnostic").motifs >= {
        "abandon",
        "demenagement",
        "orientation_interne",
        "orientation_partenaire",
        "pacea",
        "cej",
    }


# --- PACEA -------------------------------------------------------------------------------


def test_pacea_exige_un_diagnostic_clos_avec_le_motif_pacea(jeune, conseiller):
    with pytest.raises(RegleMetierError, match="diagnostic approfondi"):
        entrer(jeune, conseiller, "pacea")
    diagnostic_clos(jeune, conseiller, jours(-2), motif_code="orientation_interne")
    with pytest.raises(RegleMetierError, match="diagnostic approfondi"):
        entrer(jeune, conseiller, "pacea")


def test_pacea_du_lendemain_a_un_mois_apres_le_diagnostic(jeune, conseiller):
    diagnostic_clos(jeune, conseiller, jours(-40))
    with pytest.raises(RegleMetierError, match="l'entrée en PACEA se fait du"):
        entrer(jeune, conseiller, "pacea")
    autre = JeuneFactory(suivi_par=conseiller, age=20)
    diagnostic_clos(autre, conseiller, jours(0))
    with pytest.raises(RegleMetierError, match="l'entrée en PACEA se fait du"):
        entrer(autre, conseiller, "pacea", entree_le=jours(0))
    troisieme = JeuneFactory(suivi_par=conseiller, age=20)
    diagnostic = diagnostic_clos(troisieme, conseiller, jours(-1))
    entree = entrer(troisieme, conseiller, "pacea")
    assert entree.diagnostic == diagnostic
    assert entree.numero_cerfa == 0


def test_pacea_au_plus_24_mois(jeune, conseiller):
    diagnostic_clos(jeune, conseiller, jours(-1))
    with pytest.raises(RegleMetierError, match="au plus 24 mois"):
        entrer(jeune, conseiller, "pacea", fin_prevue=ajouter_mois(aujourdhui(), 25))


def test_pacea_refuse_pendant_un_cej_meme_clos(jeune, conseiller):
    cej = entrer(jeune, conseiller, "cej", entree_le=jours(-60))
    services.dispositif_sortir(
        dispositif=cej, par=conseiller, fin_reelle=jours(-2), motif_sortie=motif("abandon")
    )
    diagnostic_clos(jeune, conseiller, jours(-10))
    with pytest.raises(RegleMetierError, match="en CEJ depuis"):
        entrer(jeune, conseiller, "pacea", entree_le=jours(-9))


def test_sortie_pacea_duree_maximale_a_24_mois_seulement(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-30))
    with pytest.raises(RegleMetierError, match="24 mois"):
        services.dispositif_sortir(
            dispositif=parcours,
            par=conseiller,
            fin_reelle=aujourdhui(),
            motif_sortie=motif("duree_maximale"),
        )


def test_sortie_pacea_limite_d_age_a_26_ans(conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, age=25)
    parcours = pacea(jeune, conseiller)
    with pytest.raises(RegleMetierError, match="a 25 ans"):
        services.dispositif_sortir(
            dispositif=parcours,
            par=conseiller,
            fin_reelle=aujourdhui(),
            motif_sortie=motif("limite_age"),
        )


def test_second_pacea_repart_a_zero(jeune, conseiller):
    premier = pacea(jeune, conseiller, entree_le=jours(-60))
    services.dispositif_sortir(
        dispositif=premier, par=conseiller, fin_reelle=jours(-40), motif_sortie=motif("abandon")
    )
    second = pacea(jeune, conseiller, entree_le=jours(-5))
    assert second.numero_cerfa == 0


# --- CEJ ---------------------------------------------------------------------------------


def test_cej_refuse_un_pacea_ouvert(jeune, conseiller):
    pacea(jeune, conseiller, entree_le=jours(-20))
    with pytest.raises(RegleMetierError, match="sortez-le du PACEA"):
        entrer(jeune, conseiller, "cej")


def test_cej_sortie_pacea_le_jour_meme_acceptee_avec_avertissement(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-20))
    services.dispositif_sortir(
        dispositif=parcours,
        par=conseiller,
        fin_reelle=aujourdhui(),
        motif_sortie=motif("reorientation_anticipee"),
    )
    resultat = services.dispositif_entrer(
        jeune=jeune,
        par=conseiller,
        type=type_dispositif("cej"),
        entree_le=aujourdhui(),
        prescripteur=conseiller,
        referent=conseiller,
    )
    assert "l'ASP risque de rejeter" in resultat.avertissements[0]


def test_cej_sortie_pacea_la_veille_sans_avertissement(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-20))
    services.dispositif_sortir(
        dispositif=parcours,
        par=conseiller,
        fin_reelle=jours(-1),
        motif_sortie=motif("reorientation_anticipee"),
    )
    resultat = services.dispositif_entrer(
        jeune=jeune,
        par=conseiller,
        type=type_dispositif("cej"),
        entree_le=aujourdhui(),
        prescripteur=conseiller,
        referent=conseiller,
    )
    assert resultat.avertissements == []


def test_cej_jusqu_a_29_ans_avec_rqth(conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, age=27, rqth=True)
    assert entrer(jeune, conseiller, "cej").est_cej
    sans_rqth = JeuneFactory(suivi_par=conseiller, age=27)
    with pytest.raises(RegleMetierError, match="29 ans avec une RQTH"):
        entrer(sans_rqth, conseiller, "cej")


def test_dispositif_clos_reste_enregistrable_quand_son_referent_a_change_de_ml(jeune, ml_b):
    """Prescripteur and référent are checked when chosen: a closed dispositif keeps them
    after they moved to another ML (only open ones block the move), and still saves."""
    dispositif = DispositifFactory(
        jeune=jeune, sorti=True, motif="orientation_partenaire", entree_le=jours(-60)
    )
    Utilisateur.objects.filter(pk=dispositif.referent_id).update(structure=ml_b)
    dispositif.refresh_from_db()
    # Its expected end corrected after the exit (any full save of the row).
    dispositif.fin_prevue = dispositif.fin_reelle
    enregistrer(dispositif, par=jeune.conseiller_referent)
    assert Dispositif.objects.get(pk=dispositif.pk).fin_prevue == dispositif.fin_reelle
