"""Reference transfers: the ML plans source → destination, the 4 a.m. job runs it."""

import signal
import subprocess
import sys
from datetime import date, datetime
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from dispositifs.models import Dispositif, DureeDispositif
from dossiers.models import Jeune, MoyenLocomotion
from imilo.erreurs import RegleMetierError
from imilo.models import TacheEnAttente
from imilo.taches import mettre_en_file
from referentiels import services
from referentiels.enums import Portee, StatutTransfert
from referentiels.models import ElementReference, TransfertReference
from referentiels.tasks import executer_transferts
from referentiels.transferts import ORIGINE, transfert_executer, transferts_executer
from tests.admin_ml.factories import MissionLocaleFactory
from tests.dossiers.factories import JeuneFactory
from tests.processus import RACINE, environnement_de_la_base, worker_celery
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


def jeunes(ml, origine, nombre):
    return [JeuneFactory(structure=ml, origine_venue=origine) for _ in range(nombre)]


def planifier(direction, source, destination):
    return services.transfert_planifier(
        structure=direction.structure, source=source, destination=destination, par=direction
    )


# --- Scheduling --------------------------------------------------------------------------


def test_transfert_planifie_entre_deux_elements_de_la_table(direction, bouche, famille):
    transfert = planifier(direction, bouche, famille)
    assert transfert.statut == StatutTransfert.PLANIFIE
    assert transfert.table_id == "origine_venue"
    assert (transfert.source_libelle, transfert.destination_libelle) == (
        "Bouche à oreille",
        "Famille / amis",
    )
    historique = transfert.history.get()
    assert historique.history_user == direction


def test_transfert_refuse_entre_deux_tables(direction, bouche):
    autre_table = element("hebergement", "parents", "Chez les parents")
    with pytest.raises(RegleMetierError, match="même table") as refus:
        planifier(direction, bouche, autre_table)
    assert refus.value.champ == "destination"


def test_transfert_refuse_vers_la_source_elle_meme(direction, famille):
    with pytest.raises(RegleMetierError, match="différente de la source"):
        planifier(direction, famille, famille)


def test_transfert_refuse_vers_un_element_desactive(direction, bouche, famille):
    famille.actif = False
    famille.save()
    with pytest.raises(RegleMetierError, match="élément actif"):
        planifier(direction, bouche, famille)


def test_transfert_refuse_vers_ou_depuis_un_element_d_une_autre_ml(
    direction, direction_autre_ml, famille
):
    salon_b = services.element_ajouter(
        structure=direction_autre_ml.structure,
        table=famille.table,
        libelle="Salon de B",
        par=direction_autre_ml,
    )
    with pytest.raises(RegleMetierError, match="disponible pour la mission locale"):
        planifier(direction, famille, salon_b)
    with pytest.raises(RegleMetierError, match="disponible pour la mission locale"):
        planifier(direction, salon_b, famille)


def test_transfert_refuse_si_la_source_a_deja_un_transfert_en_attente(
    direction, bouche, famille, presse
):
    planifier(direction, bouche, famille)
    with pytest.raises(RegleMetierError, match="déjà planifié") as refus:
        planifier(direction, bouche, presse)
    assert refus.value.champ == "source"
    # The database holds the rule whatever writes the row.
    assert TransfertReference.objects.en_attente().count() == 1


def test_transfert_refuse_vers_une_destination_elle_meme_transferee(
    direction, bouche, famille, presse
):
    planifier(direction, famille, presse)
    with pytest.raises(RegleMetierError, match="sera lui-même transféré"):
        planifier(direction, bouche, famille)


def test_une_autre_ml_planifie_le_meme_element_national(
    direction, direction_autre_ml, famille, presse
):
    planifier(direction, famille, presse)
    assert planifier(direction_autre_ml, famille, presse).structure == direction_autre_ml.structure


def test_transfert_annule_avant_execution_puis_replanifie(direction, bouche, famille):
    transfert = planifier(direction, bouche, famille)
    services.transfert_annuler(transfert=transfert, par=direction)
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.ANNULE
    assert transfert.annule_par == direction
    assert planifier(direction, bouche, famille).statut == StatutTransfert.PLANIFIE


def test_transfert_commence_ou_termine_ne_s_annule_plus(direction, bouche, famille):
    transfert = planifier(direction, bouche, famille)
    transferts_executer()
    with pytest.raises(RegleMetierError, match="terminé"):
        services.transfert_annuler(transfert=transfert, par=direction)


@pytest.mark.parametrize(
    "planifie, prevu",
    [
        (datetime(2026, 3, 12, 14, 30), datetime(2026, 3, 13, 4, 0)),
        (datetime(2026, 3, 12, 2, 10), datetime(2026, 3, 12, 4, 0)),
        # The night of the change to summer time (29 March 2026 in France).
        (datetime(2026, 3, 28, 23, 0), datetime(2026, 3, 29, 4, 0)),
    ],
)
def test_execution_prevue_a_4h_la_nuit_suivante(planifie, prevu):
    transfert = TransfertReference(planifie_le=timezone.make_aware(planifie))
    assert transfert.execution_prevue == timezone.make_aware(prevu)


def test_la_tache_de_4h_est_au_calendrier():
    entree = settings.CELERY_BEAT_SCHEDULE["executer-transferts-de-references"]
    assert entree["task"] == "referentiels.executer_transferts"
    assert entree["schedule"] == crontab(hour=4, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/Paris"


# --- The job -----------------------------------------------------------------------------


def test_le_job_remplace_la_source_dans_les_dossiers_de_la_ml(direction, bouche, famille):
    concernes = jeunes(direction.structure, bouche, 3)
    autre = JeuneFactory(structure=direction.structure, origine_venue=None)
    transfert = planifier(direction, bouche, famille)
    (bilan,) = transferts_executer()
    assert bilan.total == 3
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.TERMINE
    assert transfert.nombre_modifies == 3
    assert transfert.termine_le is not None
    assert transfert.nombre_restants == 0
    assert {j.origine_venue_id for j in Jeune.objects.filter(pk__in=[j.pk for j in concernes])} == {
        famille.pk
    }
    autre.refresh_from_db()
    assert autre.origine_venue_id is None
    # The source stays in the table.
    assert ElementReference.objects.filter(pk=bouche.pk).exists()


def test_le_job_ne_touche_que_les_dossiers_de_la_ml_qui_l_a_demande(
    direction, ml_b, famille, presse
):
    # A national element is shared by every ML: the boundary is the requesting ML's rows.
    de_a = jeunes(direction.structure, famille, 2)
    de_b = jeunes(ml_b, famille, 2)
    planifier(direction, famille, presse)
    transferts_executer()
    assert set(
        Jeune.objects.filter(pk__in=[j.pk for j in de_a]).values_list("origine_venue", flat=True)
    ) == {presse.pk}
    assert set(
        Jeune.objects.filter(pk__in=[j.pk for j in de_b]).values_list("origine_venue", flat=True)
    ) == {famille.pk}
    assert not Jeune.history.filter(id__in=[j.pk for j in de_b], history_origine=ORIGINE).exists()


def test_le_job_parcourt_chaque_champ_qui_pointe_vers_la_table(direction, conseiller):
    ml = direction.structure
    table = element("type_dispositif", "pacea", "PACEA").table
    ancien = services.element_ajouter(
        structure=ml, table=table, libelle="Parcours local Avenir", par=direction
    )
    nouveau = services.element_ajouter(
        structure=ml, table=table, libelle="Parcours local Horizon", par=direction
    )
    dispositif = Dispositif.objects.create(
        jeune=JeuneFactory(structure=ml),
        type=ancien,
        entree_le=date(2026, 1, 5),
        fin_prevue=date(2026, 7, 5),
        prescripteur=conseiller,
        referent=conseiller,
        created_by=conseiller,
    )
    duree = DureeDispositif.objects.create(structure=ml, type=ancien, duree_mois=6)
    transfert = planifier(direction, ancien, nouveau)
    (bilan,) = transferts_executer()
    assert sorted((u.modele.__name__, u.nombre) for u in bilan.par_champ) == [
        ("Dispositif", 1),
        ("DureeDispositif", 1),
    ]
    dispositif.refresh_from_db()
    duree.refresh_from_db()
    assert dispositif.type == nouveau and duree.type == nouveau
    transfert.refresh_from_db()
    assert transfert.nombre_modifies == 2


def test_historique_du_transfert_sans_utilisateur_avec_l_origine_systeme(
    direction, bouche, famille
):
    (jeune,) = jeunes(direction.structure, bouche, 1)
    transfert = planifier(direction, bouche, famille)
    transferts_executer()
    dernier = jeune.history.latest()
    assert dernier.history_user is None
    assert dernier.history_origine == ORIGINE == "transfert de références"
    assert dernier.history_type == "~"
    assert dernier.origine_venue_id == famille.pk
    assert f"transfert n° {transfert.pk}" in dernier.history_change_reason
    assert dernier.prev_record.origine_venue_id == bouche.pk
    # The request's own history: planned by the director, then run by the system.
    statuts = [h.statut for h in transfert.history.order_by("history_id")]
    assert statuts == ["planifie", "en_cours", "termine"]


def test_job_idempotent_relance_sans_double_effet(direction, bouche, famille):
    jeunes(direction.structure, bouche, 3)
    transfert = planifier(direction, bouche, famille)
    transferts_executer()
    lignes_historique = Jeune.history.filter(history_origine=ORIGINE).count()
    assert transferts_executer() == []
    assert transfert_executer(transfert_id=transfert.pk) is None
    transfert.refresh_from_db()
    assert transfert.nombre_modifies == 3
    assert Jeune.history.filter(history_origine=ORIGINE).count() == lignes_historique == 3


class Interruption(Exception):
    pass


def test_job_reprend_apres_interruption_entre_deux_lots(direction, bouche, famille):
    jeunes(direction.structure, bouche, 5)
    transfert = planifier(direction, bouche, famille)

    def arreter(*args):
        raise Interruption

    with pytest.raises(Interruption):
        transferts_executer(taille_lot=2, apres_lot=arreter)
    transfert.refresh_from_db()
    # The first batch is committed and counted; nothing else was written.
    assert transfert.statut == StatutTransfert.EN_COURS
    assert transfert.nombre_modifies == 2
    assert Jeune.objects.filter(origine_venue=bouche).count() == 3
    assert Jeune.history.filter(history_origine=ORIGINE).count() == 2

    lots = []
    transferts_executer(taille_lot=2, apres_lot=lambda t, modele, nombre: lots.append(nombre))
    assert lots == [2, 1]
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.TERMINE
    assert transfert.nombre_modifies == 5
    assert not Jeune.objects.filter(origine_venue=bouche).exists()
    assert Jeune.history.filter(history_origine=ORIGINE).count() == 5


TUER_APRES_LE_PREMIER_LOT = """
import os, signal
import django
django.setup()
from referentiels.transferts import transferts_executer

def tuer(*args):
    os.kill(os.getpid(), signal.SIGKILL)

transferts_executer(taille_lot=2, apres_lot=tuer)
"""


@pytest.mark.django_db(transaction=True)
def test_job_tue_entre_deux_lots_puis_relance_sans_double_effet(direction, bouche, famille):
    """A real process, killed (SIGKILL) right after its first batch: no clean-up runs."""
    jeunes(direction.structure, bouche, 5)
    transfert = planifier(direction, bouche, famille)
    processus = subprocess.run(
        [sys.executable, "-c", TUER_APRES_LE_PREMIER_LOT],
        cwd=RACINE,
        env=environnement_de_la_base(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert processus.returncode == -signal.SIGKILL, processus.stderr
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.EN_COURS
    assert transfert.nombre_modifies == 2
    assert Jeune.objects.filter(origine_venue=bouche).count() == 3

    sortie = StringIO()
    call_command("executer_transferts", stdout=sortie)
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.TERMINE
    assert transfert.nombre_modifies == 5
    assert "5 enregistrements modifiés au total, 3 par cette exécution" in sortie.getvalue()
    assert Jeune.history.filter(history_origine=ORIGINE).count() == 5


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_job_execute_par_un_vrai_worker_celery(tmp_path, direction, bouche, famille):
    """Published to the real Redis, run by a real worker process, as beat does at 4 a.m."""
    assert settings.REDIS_URL, "make test démarre un Redis : REDIS_URL doit être défini"
    jeunes(direction.structure, bouche, 3)
    transfert = planifier(direction, bouche, famille)
    with worker_celery(tmp_path) as worker:
        mettre_en_file(executer_transferts)
        assert not TacheEnAttente.objects.exists(), "la tâche n'a pas pu être publiée"

        def termine():
            transfert.refresh_from_db()
            return transfert.statut == StatutTransfert.TERMINE

        worker.attendre(termine)
        assert transfert.nombre_modifies == 3
        assert not Jeune.objects.filter(origine_venue=bouche).exists()
        historique = Jeune.history.filter(history_origine=ORIGINE)
        assert historique.count() == 3
        assert not historique.exclude(history_user=None).exists()


def test_simulation_compte_sans_rien_ecrire(direction, bouche, famille):
    jeunes(direction.structure, bouche, 4)
    jeunes(MissionLocaleFactory(), famille, 1)
    transfert = planifier(direction, bouche, famille)
    sortie = StringIO()
    call_command("executer_transferts", "--dry-run", stdout=sortie)
    assert "Simulation" in sortie.getvalue()
    assert "4 à modifier (4 dossiers jeunes (origine de la venue))" in sortie.getvalue()
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.PLANIFIE
    assert transfert.nombre_modifies == 0
    assert Jeune.objects.filter(origine_venue=bouche).count() == 4
    assert not Jeune.history.filter(history_origine=ORIGINE).exists()


def test_commande_execute_les_transferts_et_rend_compte(direction, bouche, famille):
    jeunes(direction.structure, bouche, 2)
    transfert = planifier(direction, bouche, famille)
    sortie = StringIO()
    call_command("executer_transferts", "--par", direction.identifiant, stdout=sortie)
    assert f"Transfert n° {transfert.pk}" in sortie.getvalue()
    assert "terminé, 2 enregistrements modifiés au total" in sortie.getvalue()
    # The rows' history stays the system's; the request's says who ran the command.
    assert not Jeune.history.filter(history_origine=ORIGINE).exclude(history_user=None).exists()
    assert transfert.history.latest().history_user == direction
    sortie = StringIO()
    call_command("executer_transferts", stdout=sortie)
    assert sortie.getvalue() == "Aucun transfert de références en attente.\n"


def test_regle_d_unicite_laisse_la_ligne_sur_la_source_et_le_dit(direction, famille):
    table = element("locomotion", "velo", "Vélo").table
    velo = ElementReference.objects.get(table=table, code="velo")
    electrique = services.element_ajouter(
        structure=direction.structure, table=table, libelle="Vélo électrique", par=direction
    )
    les_deux, un_seul = (
        JeuneFactory(structure=direction.structure),
        JeuneFactory(structure=direction.structure),
    )
    MoyenLocomotion.objects.create(jeune=les_deux, moyen=electrique)
    MoyenLocomotion.objects.create(jeune=les_deux, moyen=velo)
    MoyenLocomotion.objects.create(jeune=un_seul, moyen=electrique)
    transfert = planifier(direction, electrique, velo)
    transferts_executer()
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.TERMINE
    assert transfert.nombre_modifies == 1
    assert transfert.nombre_restants == 1
    assert transfert.detail_restants == "1 moyen de locomotion (moyen de locomotion)"
    assert set(un_seul.locomotions.values_list("moyen", flat=True)) == {velo.pk}
    assert set(les_deux.locomotions.values_list("moyen", flat=True)) == {velo.pk, electrique.pk}


def test_transferts_en_chaine_dans_l_ordre_de_planification(direction, bouche, famille, presse):
    (jeune,) = jeunes(direction.structure, bouche, 1)
    planifier(direction, bouche, famille)
    planifier(direction, famille, presse)
    transferts_executer()
    jeune.refresh_from_db()
    assert jeune.origine_venue == presse


# --- Local elements ----------------------------------------------------------------------


def test_ajout_element_local_code_derive_du_libelle(ml_a, direction, famille):
    forum = services.element_ajouter(
        structure=ml_a, table=famille.table, libelle="  Forum de l'Emploi  ", par=direction
    )
    assert (forum.code, forum.libelle, forum.portee) == (
        "forum_de_l_emploi",
        "Forum de l'Emploi",
        Portee.LOCALE,
    )
    assert forum.structure == ml_a
    assert forum.history.get().history_user == direction


def test_code_local_ne_reprend_jamais_un_code_national(ml_a, direction):
    # Rules read some codes (« pacea »…): a local element must not pass for a national one.
    element("origine_venue", "forum", "Salon des métiers")
    forum = services.element_ajouter(
        structure=ml_a,
        table=element("origine_venue", "forum").table,
        libelle="Forum",
        par=direction,
    )
    assert forum.code == "forum_2"


def test_ajout_refuse_si_le_libelle_existe_deja(ml_a, direction, famille):
    with pytest.raises(RegleMetierError, match="déjà l'élément « Famille / amis »") as refus:
        services.element_ajouter(
            structure=ml_a, table=famille.table, libelle="famille amis", par=direction
        )
    assert refus.value.champ == "libelle"


def test_le_meme_libelle_local_dans_une_autre_ml(ml_a, ml_b, direction, direction_autre_ml):
    table = element("origine_venue", "famille_amis").table
    services.element_ajouter(structure=ml_a, table=table, libelle="Forum", par=direction)
    services.element_ajouter(structure=ml_b, table=table, libelle="Forum", par=direction_autre_ml)
    assert ElementReference.objects.filter(libelle="Forum").count() == 2


def test_desactivation_et_activation_d_un_element_local(ml_a, direction, bouche):
    services.element_desactiver(structure=ml_a, element=bouche, par=direction)
    bouche.refresh_from_db()
    assert not bouche.actif
    assert bouche not in ElementReference.objects.disponibles_pour(ml_a)
    services.element_activer(structure=ml_a, element=bouche, par=direction)
    bouche.refresh_from_db()
    assert bouche.actif


def test_element_national_en_lecture_seule_pour_la_ml(ml_a, direction, famille):
    for action in (
        services.element_desactiver,
        services.element_activer,
        services.element_supprimer,
    ):
        with pytest.raises(RegleMetierError, match="lecture seule"):
            action(structure=ml_a, element=famille, par=direction)
    famille.refresh_from_db()
    assert famille.actif


def test_desactivation_refusee_pour_la_destination_d_un_transfert_planifie(
    ml_a, direction, bouche, famille
):
    forum = services.element_ajouter(
        structure=ml_a, table=famille.table, libelle="Forum", par=direction
    )
    planifier(direction, bouche, forum)
    with pytest.raises(RegleMetierError, match="destination d'un transfert planifié"):
        services.element_desactiver(structure=ml_a, element=forum, par=direction)


def test_suppression_refusee_tant_que_l_element_est_utilise_puis_permise_apres_le_transfert(
    ml_a, direction, bouche, famille
):
    jeunes(ml_a, bouche, 2)
    transfert = planifier(direction, bouche, famille)
    with pytest.raises(RegleMetierError) as refus:
        services.element_supprimer(structure=ml_a, element=bouche, par=direction)
    assert refus.value.message == (
        "« Bouche à oreille » ne peut pas être supprimé : il est encore utilisé "
        "(2 dossiers jeunes (origine de la venue), 1 transfert planifié). Transférez-le vers un "
        "autre élément (mode transfert) ou désactivez-le."
    )
    transferts_executer()
    services.element_supprimer(structure=ml_a, element=bouche, par=direction)
    assert not ElementReference.objects.filter(pk=bouche.pk).exists()
    # The request still says what it did.
    transfert.refresh_from_db()
    assert transfert.source is None
    assert transfert.source_libelle == "Bouche à oreille"
    assert ElementReference.history.filter(id=bouche.pk, history_type="-").get().history_user == (
        direction
    )


def test_taille_de_lot_invalide_refusee_au_demarrage():
    from tests.processus import demarrer

    resultat = demarrer(DEBUG="true", TRANSFERT_TAILLE_LOT="0")
    assert resultat.returncode != 0
    assert "TRANSFERT_TAILLE_LOT" in resultat.stderr


def test_elements_nationaux_porteurs_de_regles_jamais_transferes(direction):
    """A « Décès » exit or a PACEA type is read by the services: the night job never
    rewrites them (only two local elements of such a table may be transferred)."""
    deces = element("motif_sortie", "deces", "Décès")
    abandon = element("motif_sortie", "abandon", "Abandon")
    with pytest.raises(RegleMetierError, match="portent des règles"):
        planifier(direction, abandon, deces)
