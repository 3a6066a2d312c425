"""Deactivation and reactivation, and the monthly billing list read from the accounts'
history (seed 003: « La désactivation suspend la facturation à compter du mois
suivant »)."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from admin_ml import services
from admin_ml.facturation import Mois, facturation
from admin_ml.models import Utilisateur
from imilo.erreurs import RegleMetierError
from tests.admin_ml.factories import UtilisateurFactory, profil_standard
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def le(annee, mois, jour, heure=10, minute=0):
    return datetime(annee, mois, jour, heure, minute, tzinfo=PARIS)


def dater_dernier_etat(utilisateur, quand):
    """The last historical row of the account happened at `quand`."""
    derniere = utilisateur.history.order_by("-history_date", "-history_id").first()
    Utilisateur.history.filter(history_id=derniere.history_id).update(history_date=quand)


def compte(structure, par, quand, **champs):
    nouveau = services.utilisateur_creer(
        structure=structure,
        nom=champs.pop("nom", "Martin"),
        prenom=champs.pop("prenom", "Anne"),
        date_naissance=date(1980, 1, 1),
        email="anne.martin@ml.example.org",
        profil=profil_standard("conseiller"),
        par=par,
        **champs,
    )
    dater_dernier_etat(nouveau, quand)
    return nouveau


def desactiver(utilisateur, par, quand):
    services.utilisateur_desactiver(utilisateur=utilisateur, par=par)
    dater_dernier_etat(utilisateur, quand)


def reactiver(utilisateur, par, quand):
    services.utilisateur_reactiver(utilisateur=utilisateur, par=par)
    dater_dernier_etat(utilisateur, quand)


def factures(structure, annee, mois):
    return [ligne.utilisateur.identifiant for ligne in facturation(structure, Mois(annee, mois))]


# Deactivate / reactivate --------------------------------------------------------------------


def test_desactivation_et_reactivation_avec_l_auteur_dans_l_historique(
    client_de, direction, conseiller
):
    client = client_de(direction)
    url = reverse("admin_ml:utilisateur_desactiver", kwargs={"utilisateur_id": conseiller.pk})
    assert client.post(url).status_code == 302
    conseiller.refresh_from_db()
    assert not conseiller.is_active
    derniere = conseiller.history.first()
    assert (derniere.history_user, derniere.history_change_reason) == (direction, "désactivation")
    client.post(reverse("admin_ml:utilisateur_reactiver", kwargs={"utilisateur_id": conseiller.pk}))
    conseiller.refresh_from_db()
    assert conseiller.is_active
    assert conseiller.history.first().history_change_reason == "réactivation"


def test_compte_desactive_ne_se_connecte_plus(client, direction, conseiller):
    client.force_login(conseiller)
    services.utilisateur_desactiver(utilisateur=conseiller, par=direction)
    assert client.get(reverse("accueil")).status_code == 302


def test_on_ne_desactive_pas_son_propre_compte(client_de, direction):
    with pytest.raises(RegleMetierError, match="votre propre compte"):
        services.utilisateur_desactiver(utilisateur=direction, par=direction)
    url = reverse("admin_ml:utilisateur_desactiver", kwargs={"utilisateur_id": direction.pk})
    reponse = client_de(direction).post(url)
    assert "votre propre compte" in reponse.content.decode()
    direction.refresh_from_db()
    assert direction.is_active


def test_conseil_de_desactiver_le_dernier_jour_du_mois(client_de, direction, conseiller):
    url = reverse("admin_ml:utilisateur_desactiver", kwargs={"utilisateur_id": conseiller.pk})
    contenu = client_de(direction).get(url).content.decode()
    assert "<strong>dernier jour du mois</strong>" in contenu
    assert "<strong>premier jour du mois suivant</strong>" in contenu


def test_desactiver_la_direction_avertit_qu_elle_garde_la_fonction(client_de, direction, ml_a):
    ancienne = UtilisateurFactory(structure=ml_a)
    Utilisateur.objects.filter(pk=direction.pk).update(fonction_direction=False)
    Utilisateur.objects.filter(pk=ancienne.pk).update(fonction_direction=True)
    url = reverse("admin_ml:utilisateur_desactiver", kwargs={"utilisateur_id": ancienne.pk})
    assert "retirez-la lui d'abord" in client_de(direction).get(url).content.decode()


def test_deja_desactive_refuse(direction, conseiller):
    services.utilisateur_desactiver(utilisateur=conseiller, par=direction)
    with pytest.raises(RegleMetierError, match="déjà désactivé"):
        services.utilisateur_desactiver(utilisateur=conseiller, par=direction)


# Billing ------------------------------------------------------------------------------------


def test_desactivation_arrete_la_facturation_le_mois_suivant(direction, ml_a):
    anne = compte(ml_a, direction, le(2026, 1, 10))
    desactiver(anne, direction, le(2026, 3, 31, 23, 30))
    assert "a.martin" in factures(ml_a, 2026, 1)
    assert "a.martin" in factures(ml_a, 2026, 2)
    # Active on the last day of March (23:30 in Paris is still March): billed in March.
    assert "a.martin" in factures(ml_a, 2026, 3)
    assert "a.martin" not in factures(ml_a, 2026, 4)
    assert "a.martin" not in factures(ml_a, 2025, 12)


def test_facture_si_actif_a_un_moment_du_mois(direction, ml_a):
    anne = compte(ml_a, direction, le(2026, 1, 10))
    desactiver(anne, direction, le(2026, 2, 3))
    reactiver(anne, direction, le(2026, 4, 28))
    assert [m for m in range(1, 6) if "a.martin" in factures(ml_a, 2026, m)] == [1, 2, 4, 5]
    ligne = next(ligne for ligne in facturation(ml_a, Mois(2026, 2)) if ligne.utilisateur == anne)
    assert (ligne.du, ligne.au, ligne.tout_le_mois) == (date(2026, 2, 1), date(2026, 2, 3), False)


def test_remplacement_desactiver_le_dernier_jour_creer_le_premier(direction, ml_a):
    """Seed 003's advice: one account billed each month, never both."""
    partante = compte(ml_a, direction, le(2025, 11, 3), nom="Leroy", prenom="Bea")
    desactiver(partante, direction, le(2026, 1, 31, 18))
    compte(ml_a, direction, le(2026, 2, 1, 9), nom="Guen", prenom="Lou")
    assert {"b.leroy", "l.guen"} & set(factures(ml_a, 2026, 1)) == {"b.leroy"}
    assert {"b.leroy", "l.guen"} & set(factures(ml_a, 2026, 2)) == {"l.guen"}


def test_facturation_passee_reste_vraie_apres_recuperation_par_une_autre_ml(
    direction, direction_autre_ml, ml_a, ml_b
):
    anne = compte(ml_b, direction_autre_ml, le(2025, 12, 1))
    desactiver(anne, direction_autre_ml, le(2026, 3, 10))
    services.utilisateur_recuperer(
        utilisateur=anne, structure=ml_a, profil=profil_standard("conseiller"), par=direction
    )
    dater_dernier_etat(anne, le(2026, 3, 15))
    assert "a.martin" in factures(ml_b, 2026, 2)
    # The month of the move is billed to both MLs; then only to the new one.
    assert "a.martin" in factures(ml_b, 2026, 3)
    assert "a.martin" in factures(ml_a, 2026, 3)
    assert "a.martin" not in factures(ml_b, 2026, 4)
    assert "a.martin" not in factures(ml_a, 2026, 2)
    ligne = next(ligne for ligne in facturation(ml_b, Mois(2026, 3)) if ligne.utilisateur == anne)
    assert ligne.etat_aujourdhui == "dans une autre mission locale"


def test_compte_desabonne_reste_dans_les_listes_passees_anonymise(direction, ml_a):
    anne = compte(ml_a, direction, le(2026, 1, 5))
    desactiver(anne, direction, le(2026, 2, 10))
    services.utilisateur_desabonner(utilisateur=anne, par=direction)
    lignes = facturation(ml_a, Mois(2026, 2))
    ligne = next(ligne for ligne in lignes if ligne.utilisateur.pk == anne.pk)
    assert ligne.utilisateur.nom_complet == "Donnée anonymisée"
    assert ligne.etat_aujourdhui == "désabonné"


def test_liste_de_facturation_page_csv_et_pdf(client_de, direction, ml_a, ml_b):
    anne = compte(ml_a, direction, le(2026, 1, 10))
    desactiver(anne, direction, le(2026, 3, 12))
    UtilisateurFactory(structure=ml_b, identifiant="b.ailleurs")
    client = client_de(direction)
    page = client.get(reverse("admin_ml:facturation"), {"mois": "2026-03"})
    assert page.status_code == 200
    assert [ligne.utilisateur for ligne in page.context["lignes"]] == [anne]
    contenu = page.content.decode()
    assert "1 compte facturé" in contenu
    assert "du 01/03 au 12/03" in contenu

    csv = client.get(reverse("admin_ml:facturation_csv"), {"mois": "2026-03"})
    texte = csv.content.decode("utf-8-sig")
    assert 'filename="facturation-' in csv["Content-Disposition"]
    assert "Anne Martin;a.martin;01/03/2026;12/03/2026;désactivé" in texte
    assert "Comptes facturés;1" in texte
    assert "b.ailleurs" not in texte

    pdf = client.get(reverse("admin_ml:facturation_pdf"), {"mois": "2026-03"})
    assert pdf.content.startswith(b"%PDF")
    texte_pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Comptes facturés en mars 2026" in texte_pdf
    assert "a.martin" in texte_pdf
    assert "1 compte facturé" in texte_pdf


def test_mois_invalide_donne_le_mois_en_cours(client_de, direction):
    reponse = client_de(direction).get(reverse("admin_ml:facturation"), {"mois": "n'importe"})
    assert reponse.status_code == 200
    assert reponse.context["mois"] == Mois.de_texte(None)


def test_mois_suivant_et_precedent():
    assert (str(Mois(2026, 12).suivant), str(Mois(2026, 1).precedent)) == ("2027-01", "2025-12")
    assert Mois(2026, 2).dernier_jour == date(2026, 2, 28)


@pytest.mark.parametrize("nombre", [1, 12])
def test_requetes_facturation_constantes(
    client_de, direction, ml_a, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        anne = compte(ml_a, direction, le(2026, 1, 2), nom=f"Martin{chr(97 + rang)}")
        desactiver(anne, direction, le(2026, 2, 2))
        reactiver(anne, direction, le(2026, 2, 20))
    client = client_de(direction)
    # + 2: the history of the ML's accounts up to the end of the month, the billed accounts.
    with django_assert_num_queries(SESSION + 2):
        reponse = client.get(reverse("admin_ml:facturation"), {"mois": "2026-02"})
    assert len(reponse.context["lignes"]) == nombre
