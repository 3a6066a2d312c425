"""Companies and partners, the register, moves, job offers: the rules, by name."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from imilo.erreurs import RegleMetierError
from offres import services_entreprises as services
from offres.forms_entreprises import MESSAGE_SALAIRE, ChampSalaire, ChampSiret, OffreEmploiForm
from offres.models import Entreprise
from offres.sirene import Factice, RegistreIndisponible
from tests.processus import demarrer
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db

# Establishments of the shipped register (offres/data/entreprises_exemple.csv).
ECLUSE = "84377210400017"
KERBRAT_ANCIEN, KERBRAT_NOUVEAU = "80245139300010", "80245139300028"
FOURNIL = "81234567600017"


def creer(conseiller, **champs):
    valeurs = {"raison_sociale": "Restaurant L'Écluse", "referent": conseiller}
    valeurs.update(champs)
    return services.entreprise_creer(structure=conseiller.structure, par=conseiller, **valeurs)


@pytest.fixture
def registre_factice(settings):
    settings.ENTREPRISES_FOURNISSEUR = "factice"
    Factice.reponses = {}
    yield Factice.reponses
    Factice.reponses = {}


def test_siret_invalide_refuse_au_champ():
    champ = ChampSiret(required=False)
    with pytest.raises(ValidationError, match="Ce SIRET n'est pas valide"):
        champ.clean("843 772 104 00018")
    assert champ.clean("843 772 104 00017") == ECLUSE


def test_siren_deduit_du_siret(conseiller):
    entreprise = creer(conseiller, siret=ECLUSE)
    assert entreprise.siren == "843772104"


def test_rattachement_au_registre_remplit_categorie_et_effectif(conseiller):
    entreprise = creer(conseiller, siret=ECLUSE)
    assert entreprise.rattachee
    assert entreprise.categorie_juridique == "5720"
    assert entreprise.categorie_juridique_libelle.startswith("Société par actions simplifiée")
    assert entreprise.get_tranche_effectif_display() == "6 à 9 salariés"
    assert entreprise.code_naf == "56.10A"


def test_registre_injoignable_ne_bloque_pas_l_enregistrement(conseiller, registre_factice):
    registre_factice[ECLUSE] = RegistreIndisponible("délai dépassé")
    entreprise = creer(conseiller, siret=ECLUSE)
    entreprise.refresh_from_db()
    assert not entreprise.rattachee
    assert "ne répond pas" in entreprise.message_registre
    # Later, the register answers: the counsellor attaches it.
    del registre_factice[ECLUSE]
    assert services.entreprise_rattacher(entreprise=entreprise, par=conseiller).rattachee


def test_numero_inconnu_du_registre_reste_non_rattache(conseiller):
    entreprise = creer(conseiller, siret="73282932000074")
    assert not entreprise.rattachee
    assert "ne connaît pas le numéro" in entreprise.message_registre


def test_etablissement_ferme_signale_un_demenagement(conseiller):
    entreprise = creer(conseiller, raison_sociale="Transports Kerbrat", siret=KERBRAT_ANCIEN)
    assert entreprise.rattachee
    assert "fermé au registre" in entreprise.message_registre


def test_meme_siret_refuse_en_doublon(conseiller, conseiller_autre_ml):
    creer(conseiller, siret=ECLUSE)
    with pytest.raises(RegleMetierError, match="déjà enregistré"):
        creer(conseiller, raison_sociale="L'Écluse bis", siret=ECLUSE)
    # Another ML works with the same company on its own.
    assert creer(conseiller_autre_ml, siret=ECLUSE).structure == conseiller_autre_ml.structure


def test_demenagement_change_le_siret_jamais_le_siren(conseiller, client_de):
    entreprise = creer(conseiller, raison_sociale="Transports Kerbrat", siret=KERBRAT_ANCIEN)
    with pytest.raises(RegleMetierError, match="jamais le SIREN"):
        services.entreprise_demenager(entreprise=entreprise, par=conseiller, siret=FOURNIL)
    entreprise = services.entreprise_demenager(
        entreprise=entreprise, par=conseiller, siret=KERBRAT_NOUVEAU, voie="8 rue Pierre Loti"
    )
    assert (entreprise.siren, entreprise.siret) == ("802451393", KERBRAT_NOUVEAU)
    assert entreprise.rattachee and not entreprise.message_registre
    # History keeps the previous SIRET; the partner's page shows it.
    assert KERBRAT_ANCIEN in set(entreprise.history.values_list("siret", flat=True))
    page = client_de(conseiller).get(entreprise.get_absolute_url())
    assert [ancien["siret"] for ancien in page.context["anciens_siret"]] == [KERBRAT_ANCIEN]


def test_modifier_ne_change_ni_le_siren_ni_le_siret(conseiller):
    entreprise = creer(conseiller, siret=ECLUSE)
    with pytest.raises(RegleMetierError, match="Le SIRET change quand l'établissement déménage"):
        services.entreprise_modifier(entreprise=entreprise, par=conseiller, siret=FOURNIL)
    with pytest.raises(RegleMetierError, match="ne change jamais"):
        services.entreprise_modifier(
            entreprise=entreprise, par=conseiller, siret="", siren="812345676"
        )
    sans_numero = creer(conseiller, raison_sociale="Épicerie solidaire")
    complete = services.entreprise_modifier(entreprise=sans_numero, par=conseiller, siret=FOURNIL)
    assert complete.siren == "812345676"


def test_meme_siren_montre_avant_creation(conseiller, client_de):
    creer(conseiller, raison_sociale="Logistique Express Ouest", siret="79488126800013")
    client = client_de(conseiller)
    url = reverse("offres:entreprise_creer")
    donnees = {
        "raison_sociale": "LEO Ker Lann",
        "siret": "794 881 268 00021",
        "referent": conseiller.pk,
    }
    page = client.post(url, donnees)
    assert page.status_code == 200
    assert [str(d) for d in page.context["doublons"]] == ["Logistique Express Ouest"]
    assert Entreprise.objects.count() == 1
    confirmation = page.context["form"]["confirmer"].value()
    reponse = client.post(url, {**donnees, "confirmer": confirmation})
    assert reponse.status_code == 302
    assert Entreprise.objects.filter(siret="79488126800021").exists()


def test_recherche_dans_le_registre_remplit_la_fiche(conseiller, client_de):
    page = client_de(conseiller).get(reverse("offres:entreprise_creer"), {"numero": "802451393"})
    formulaire = page.context["form"]
    # The open establishment of the SIREN, not the closed one.
    assert formulaire["siret"].value() == KERBRAT_NOUVEAU
    assert formulaire["raison_sociale"].value() == "TRANSPORTS KERBRAT"
    assert len(page.context["consultation"].etablissements) == 2


def test_fournisseur_de_registre_inconnu_arrete_le_demarrage():
    resultat = demarrer(DEBUG="true", ENTREPRISES_FOURNISSEUR="sirene")
    assert resultat.returncode != 0
    assert "ENTREPRISES_FOURNISSEUR doit valoir" in resultat.stderr


# --- Job offers ---------------------------------------------------------------------------


@pytest.mark.parametrize("saisie", ["1500 brut", "SMIC", "1 500 €", "environ 1800"])
def test_salaire_en_texte_refuse_au_champ(saisie):
    with pytest.raises(ValidationError) as refus:
        ChampSalaire(required=False).clean(saisie)
    assert refus.value.messages == [MESSAGE_SALAIRE]


def test_salaire_saisi_comme_un_nombre():
    champ = ChampSalaire(required=False)
    assert champ.clean("1 850,50") == Decimal("1850.50")
    assert champ.clean("11.88") == Decimal("11.88")
    with pytest.raises(ValidationError, match="montant positif"):
        champ.clean("-3")


def test_formulaire_d_offre_refuse_le_salaire_en_texte_a_cote_du_champ(conseiller):
    entreprise = creer(conseiller, siret=ECLUSE)
    formulaire = OffreEmploiForm(
        {
            "intitule": "Commis de cuisine",
            "metier": "G1602",
            "type_contrat": element("type_contrat", "cdi", "CDI").pk,
            "salaire": "SMIC",
            "periode_salaire": "mensuel",
            "publiee_le": "2026-11-02",
            "nombre_postes": "1",
            "etat": "ouverte",
        },
        structure=conseiller.structure,
        entreprise=entreprise,
    )
    assert not formulaire.is_valid()
    assert formulaire.errors["salaire"] == [MESSAGE_SALAIRE]
    # What was typed stays in the field.
    assert formulaire["salaire"].value() == "SMIC"


def _offre(conseiller, **champs):
    from referentiels.models import MetierRome

    metier, _ = MetierRome.objects.get_or_create(code="G1602", defaults={"libelle": "Cuisine"})
    valeurs = {
        "intitule": "Commis de cuisine",
        "metier": metier,
        "type_contrat": element("type_contrat", "cdi", "CDI"),
    }
    valeurs.update(champs)
    entreprise = Entreprise.objects.filter(siret=ECLUSE).first() or creer(conseiller, siret=ECLUSE)
    return services.offre_emploi_creer(entreprise=entreprise, par=conseiller, **valeurs)


def test_salaire_a_sa_periode(conseiller):
    with pytest.raises(ValidationError, match="avec sa période"):
        _offre(conseiller, salaire=Decimal("1850"))
    offre = _offre(conseiller, salaire=Decimal("1850"), periode_salaire="mensuel")
    assert offre.salaire_affiche == "1 850 € brut par mois"


def test_contrat_a_terme_a_sa_duree(conseiller):
    with pytest.raises(ValidationError) as refus:
        _offre(conseiller, type_contrat=element("type_contrat", "cdd", "CDD"))
    assert refus.value.message_dict["duree_mois"] == ["Un contrat « CDD » a une durée."]
