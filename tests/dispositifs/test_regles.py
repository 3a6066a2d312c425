from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from dispositifs import services
from dispositifs.models import (
    ActionAutomatique,
    DemandeAllocation,
    Dispositif,
    EtatAllocation,
    Objectif,
)
from dispositifs.regles import ajouter_mois
from dossiers.models import Evenement, Jeune
from dossiers.services import jeune_justifier_identite, ressource_ajouter
from imilo.erreurs import RegleMetierError
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
from tests.referentiels.factories import ElementReferenceFactory, element

pytestmark = pytest.mark.django_db


# --- engine ---------------------------------------------------------------------------


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


# --- diagnostic -------------------------------------------------------------------------


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


# --- PACEA ------------------------------------------------------------------------------


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


def test_plan_d_action_phases_et_objectifs(jeune, conseiller):
    parcours = pacea(jeune, conseiller)
    phase = services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=aujourdhui(),
        fin_prevue=jours(60),
        objectifs=["CV à jour", "", "Trois candidatures"],
    )
    assert [o.libelle for o in phase.objectifs.all()] == ["CV à jour", "Trois candidatures"]
    with pytest.raises(RegleMetierError, match="faites son bilan"):
        services.phase_ajouter(
            dispositif=parcours,
            par=conseiller,
            type=element("type_phase", "formation"),
            debut=aujourdhui(),
            fin_prevue=jours(30),
        )
    prolongee = services.phase_prolonger(phase=phase, par=conseiller, fin_prevue=jours(90))
    assert prolongee.fin_prevue == jours(90)


def test_bilan_de_phase_note_l_evenement_et_ouvre_la_phase_suivante(jeune, conseiller):
    element("contexte", "bilan_phase_pacea", "Bilan de phase PACEA")
    parcours = pacea(jeune, conseiller, entree_le=jours(-30))
    phase = services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=jours(-30),
        fin_prevue=jours(0),
        objectifs=["CV", "Candidatures"],
    )
    cv = phase.objectifs.get(libelle="CV")
    services.bilan_de_phase(
        phase=phase,
        par=conseiller,
        le=aujourdhui(),
        decision="suivante",
        objectifs_atteints=[cv.pk],
        type_suivante=element("type_phase", "formation"),
        fin_prevue=jours(60),
        objectifs_suivante=["Entrer en formation"],
    )
    evenement = Evenement.objects.get(jeune=jeune)
    assert evenement.contexte.code == "bilan_phase_pacea"
    phase.refresh_from_db()
    assert phase.fin_reelle == aujourdhui()
    assert dict(Objectif.objects.filter(phase=phase).values_list("libelle", "etat")) == {
        "CV": "atteint",
        "Candidatures": "non_atteint",
    }
    assert parcours.phases.filter(fin_reelle__isnull=True).get().type.code == "formation"


def test_sortie_de_pacea_clot_phases_objectifs_et_releve_la_sortie(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-30))
    services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=jours(-30),
        fin_prevue=jours(30),
        objectifs=["CV"],
    )
    sorti = services.dispositif_sortir(
        dispositif=parcours,
        par=conseiller,
        fin_reelle=aujourdhui(),
        motif_sortie=motif("autonomie"),
    )
    assert not sorti.phases.filter(fin_reelle__isnull=True).exists()
    assert Objectif.objects.get().etat == "non_atteint"
    assert (
        set(sorti.releve_entree)
        == set(sorti.releve_sortie)
        == {
            "situation",
            "hebergement",
            "mobilite",
            "couverture",
        }
    )


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


def test_allocation_pacea_refusee_si_ressources_du_mois_precedent_300_euros(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-70))
    mois = aujourdhui().replace(day=1)
    precedent = (mois - timedelta(days=1)).replace(day=1)
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "salaire", "Salaire"),
        montant=Decimal("300"),
        debut=precedent,
        fin=precedent + timedelta(days=10),
    )
    with pytest.raises(RegleMetierError) as erreur:
        services.allocation_demander(dispositif=parcours, par=conseiller, mois=mois, montant=200)
    assert "300" in erreur.value.message and "Salaire 300" in erreur.value.message


def test_allocation_pacea_accordee_sous_300_euros(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-70))
    mois = aujourdhui().replace(day=1)
    precedent = (mois - timedelta(days=1)).replace(day=1)
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "salaire"),
        montant=Decimal("299.99"),
        debut=precedent,
    )
    # A resource of two months before does not count.
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "chomage"),
        montant=Decimal("800"),
        debut=precedent - timedelta(days=60),
        fin=precedent - timedelta(days=1),
    )
    demande = services.allocation_demander(
        dispositif=parcours, par=conseiller, mois=mois, montant=200
    )
    assert demande.etat == EtatAllocation.ENREGISTREE


def test_garantie_jeunes_phase_de_pacea_avant_mars_2022(conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, age=20)
    parcours = pacea(jeune, conseiller, entree_le=jours(-10))
    with pytest.raises(RegleMetierError, match="février 2022"):
        services.phase_ajouter(
            dispositif=parcours,
            par=conseiller,
            type=element("type_phase", "garantie_jeunes"),
            debut=aujourdhui(),
            fin_prevue=jours(30),
        )


def _pacea_historique(jeune, conseiller, entree_le):
    """A PACEA of 2021 (history kept), written as the migration of old files does."""
    return DispositifFactory(
        jeune=jeune,
        par=conseiller,
        pacea=True,
        entree_le=entree_le,
        fin_prevue=ajouter_mois(entree_le, 24),
    )


def test_numerotation_cerfa_garantie_jeunes(conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, age=19)
    meme_jour = _pacea_historique(jeune, conseiller, date(2021, 3, 1))
    gj = services.phase_ajouter(
        dispositif=meme_jour,
        par=conseiller,
        type=element("type_phase", "garantie_jeunes"),
        debut=date(2021, 3, 1),
        fin_prevue=date(2021, 9, 1),
    )
    assert gj.numero_cerfa == 0
    autre = JeuneFactory(suivi_par=conseiller, age=19)
    apres = _pacea_historique(autre, conseiller, date(2021, 1, 4))
    premiere = services.phase_ajouter(
        dispositif=apres,
        par=conseiller,
        type=element("type_phase", "garantie_jeunes"),
        debut=date(2021, 2, 1),
        fin_prevue=date(2021, 8, 1),
    )
    premiere.fin_reelle = date(2021, 8, 1)
    premiere.save()
    renouvellement = services.phase_ajouter(
        dispositif=apres,
        par=conseiller,
        type=element("type_phase", "garantie_jeunes"),
        debut=date(2021, 8, 2),
        fin_prevue=date(2022, 2, 1),
    )
    assert (premiere.numero_cerfa, renouvellement.numero_cerfa) == (1, 2)


def test_second_pacea_repart_a_zero(jeune, conseiller):
    premier = pacea(jeune, conseiller, entree_le=jours(-60))
    services.dispositif_sortir(
        dispositif=premier, par=conseiller, fin_reelle=jours(-40), motif_sortie=motif("abandon")
    )
    second = pacea(jeune, conseiller, entree_le=jours(-5))
    assert second.numero_cerfa == 0


# --- CEJ --------------------------------------------------------------------------------


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


@pytest.fixture
def cej(jeune, conseiller):
    return entrer(jeune, conseiller, "cej", entree_le=jours(-40))


def test_allocation_cej_pour_le_mois_en_cours_seulement(cej, conseiller):
    mois_ecoule = (aujourdhui().replace(day=1) - timedelta(days=1)).replace(day=1)
    with pytest.raises(RegleMetierError, match="mois en cours"):
        services.allocation_demander(dispositif=cej, par=conseiller, mois=mois_ecoule, montant=500)


def test_dossier_incomplet_reste_enregistre(cej, conseiller):
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    with pytest.raises(RegleMetierError, match="reste enregistrée"):
        services.allocation_soumettre(demande=demande, par=conseiller)
    demande.refresh_from_db()
    assert demande.etat == EtatAllocation.ENREGISTREE
    assert "IBAN" in demande.motif


def _dossier_complet(jeune, par):
    jeune.iban = "FR7630006000011234567890189"
    jeune.nir = ""
    jeune.pas_de_nir = True
    jeune.save()
    jeune_justifier_identite(jeune=jeune, par=par, piece=element("piece_identite", "1"))


def test_seul_un_validateur_avec_delegation_rgs_valide(cej, jeune, conseiller, validateur):
    _dossier_complet(jeune, conseiller)
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    services.allocation_soumettre(demande=demande, par=conseiller)
    for sans_droit in (conseiller, validateur):
        with pytest.raises(RegleMetierError, match="délégation du certificat RGS"):
            services.allocation_valider(demande=demande, par=sans_droit)
    validateur.delegation_rgs = True
    validateur.save()
    validee = services.allocation_valider(demande=demande, par=validateur)
    assert (validee.etat, validee.decidee_par) == (EtatAllocation.VALIDEE, validateur)
    transmise = services.allocation_transmettre(demande=validee, par=validateur)
    assert transmise.etat == EtatAllocation.TRANSMISE and transmise.transmise_le


def test_delegation_rgs_reservee_aux_validateurs(conseiller):
    conseiller.delegation_rgs = True
    with pytest.raises(IntegrityError), transaction.atomic():
        conseiller.save()


def test_rejet_avec_motif(cej, jeune, conseiller, validateur):
    _dossier_complet(jeune, conseiller)
    validateur.delegation_rgs = True
    validateur.save()
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    services.allocation_soumettre(demande=demande, par=conseiller)
    with pytest.raises(RegleMetierError, match="motif"):
        services.allocation_rejeter(demande=demande, par=validateur, motif=" ")
    rejetee = services.allocation_rejeter(demande=demande, par=validateur, motif="RIB illisible")
    assert rejetee.etat == EtatAllocation.REJETEE
    # A rejected request leaves the month free for a new one.
    services.allocation_demander(dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500)


def test_cej_supprimable_tant_qu_aucune_demande_transmise(cej, jeune, conseiller, validateur):
    _dossier_complet(jeune, conseiller)
    validateur.delegation_rgs = True
    validateur.save()
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    services.allocation_soumettre(demande=demande, par=conseiller)
    services.allocation_valider(demande=demande, par=validateur)
    services.allocation_transmettre(demande=demande, par=validateur)
    with pytest.raises(RegleMetierError, match="transmise à l'ASP"):
        services.dispositif_supprimer(dispositif=cej, par=conseiller)
    autre = entrer(JeuneFactory(suivi_par=conseiller, age=20), conseiller, "cej")
    services.dispositif_supprimer(dispositif=autre, par=conseiller)
    assert not Dispositif.objects.filter(pk=autre.pk).exists()
    assert Dispositif.history.filter(id=autre.pk, history_type="-").get().history_user == conseiller


def test_une_demande_par_mois_en_base(cej, conseiller):
    services.allocation_demander(dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500)
    with pytest.raises(Exception, match="existe déjà"):
        services.allocation_demander(dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500)
    assert DemandeAllocation.objects.count() == 1


# --- CEP --------------------------------------------------------------------------------


@pytest.fixture
def cep_elements():
    type_dispositif("cep")
    element("aiguilleur_cep", "suite_niveau_1")
    element("aiguilleur_cep", "entree_directe")
    return element("motif_sollicitation_cep", "projet", "Construire un projet")


def test_cep_ouvert_par_une_offre_de_niveau_2(jeune, conseiller, cep_elements):
    action = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
    )
    cep = action.dispositif
    assert (cep.niveau_cep, cep.aiguilleur.code, cep.motif_sollicitation) == (
        2,
        "entree_directe",
        cep_elements,
    )
    assert "P61 est une offre de niveau CEP 2" in action.raison


def test_cep_passe_du_niveau_2_au_niveau_3_et_s_annule(jeune, conseiller, cep_elements):
    services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
    )
    hausse = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=3, motif_sollicitation=cep_elements, origine="P62"
    )
    assert hausse.dispositif.niveau_cep == 3
    assert (
        services.cep_mobiliser(
            jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
        )
        is None
    )
    services.action_annuler(action=hausse, par=conseiller)
    hausse.dispositif.refresh_from_db()
    assert hausse.dispositif.niveau_cep == 2
    ouverture = ActionAutomatique.objects.exclude(pk=hausse.pk).get()
    services.action_annuler(action=ouverture, par=conseiller)
    assert not Dispositif.objects.filter(type__code="cep").exists()


def test_cep_apres_un_niveau_1_aiguilleur_suite_niveau_1(jeune, conseiller, cep_elements):
    ancien = DispositifFactory(
        jeune=jeune,
        par=conseiller,
        code="cep",
        sorti=True,
        motif="objectif_atteint",
        entree_le=jours(-30),
        fin_prevue=jours(30),
        fin_reelle=jours(-5),
        niveau_cep=1,
    )
    action = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=3, motif_sollicitation=cep_elements, origine="P70"
    )
    assert action.dispositif.pk != ancien.pk
    assert action.dispositif.aiguilleur.code == "suite_niveau_1"


def test_cep_jamais_saisi_a_la_main(jeune, conseiller):
    with pytest.raises(RegleMetierError, match="s'ouvre seul"):
        entrer(jeune, conseiller, "cep")


# --- review fixes: each rule by name ------------------------------------------------------


def test_allocation_pacea_refusee_sans_ressources_notees_du_mois_precedent(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-70))
    with pytest.raises(RegleMetierError, match="Renseignez les ressources"):
        services.allocation_demander(
            dispositif=parcours, par=conseiller, mois=aujourdhui(), montant=200
        )


def test_pacea_refuse_pendant_un_cej_meme_clos(jeune, conseiller):
    cej = entrer(jeune, conseiller, "cej", entree_le=jours(-60))
    services.dispositif_sortir(
        dispositif=cej, par=conseiller, fin_reelle=jours(-2), motif_sortie=motif("abandon")
    )
    diagnostic_clos(jeune, conseiller, jours(-10))
    with pytest.raises(RegleMetierError, match="en CEJ depuis"):
        entrer(jeune, conseiller, "pacea", entree_le=jours(-9))


def test_bilan_de_phase_jamais_a_l_avance_et_prolongation_qui_repousse(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-10))
    phase = services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=jours(-10),
        fin_prevue=jours(20),
    )
    with pytest.raises(RegleMetierError, match="pas à l'avance"):
        services.bilan_de_phase(
            phase=phase, par=conseiller, le=jours(3), decision="prolonger", fin_prevue=jours(40)
        )
    with pytest.raises(RegleMetierError, match="repousse la fin prévue"):
        services.phase_prolonger(phase=phase, par=conseiller, fin_prevue=jours(10))


def test_type_de_phase_d_une_autre_ml_refuse(jeune, conseiller, ml_b):
    parcours = pacea(jeune, conseiller, entree_le=jours(-10))
    etranger = ElementReferenceFactory(
        table=element("type_phase", "emploi").table,
        code="atelier-b",
        libelle="Atelier de B",
        locale=True,
        structure=ml_b,
    )
    with pytest.raises(Exception, match="pas disponible pour la structure"):
        services.phase_ajouter(
            dispositif=parcours, par=conseiller, type=etranger, debut=jours(-1), fin_prevue=jours(9)
        )


def test_cep_niveau_1_puis_niveau_2_aiguilleur_suite_niveau_1(jeune, conseiller, cep_elements):
    ouverture = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=1, motif_sollicitation=cep_elements, origine="P10"
    )
    assert (ouverture.dispositif.niveau_cep, ouverture.dispositif.aiguilleur) == (1, None)
    hausse = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
    )
    assert hausse.dispositif.aiguilleur.code == "suite_niveau_1"
    services.action_annuler(action=hausse, par=conseiller)
    hausse.dispositif.refresh_from_db()
    assert (hausse.dispositif.niveau_cep, hausse.dispositif.aiguilleur) == (1, None)


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
