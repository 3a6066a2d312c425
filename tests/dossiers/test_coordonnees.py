from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dossiers.models import Adresse
from dossiers.services import adresse_normaliser, jeune_modifier, jeune_modifier_coordonnees
from dossiers.tasks import renormaliser_adresses
from dossiers.telephones import telephone_affiche
from referentiels.adresses import AdresseNormalisee, Factice, ServiceIndisponible
from tests.referentiels.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rennes(db):
    from referentiels.models import Epci

    epci = Epci.objects.create(siren="243500139", nom="Rennes Métropole", type="ME")
    return CommuneFactory(
        code_insee="35238", nom="Rennes", codes_postaux=["35000", "35200"], epci=epci, zrr="NC"
    )


@pytest.fixture
def factice(settings):
    settings.ADRESSE_FOURNISSEUR = "factice"
    Factice.reponses = {}
    yield Factice
    Factice.reponses = {}


def adresse(commune, voie="12 rue de Brest", code_postal="35000"):
    return {"voie": voie, "complement": "", "code_postal": code_postal, "commune": commune}


def test_changer_d_adresse_garde_la_precedente_datee(jeune, conseiller, rennes):
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    jeune_modifier_coordonnees(
        jeune=jeune, par=conseiller, adresse=adresse(rennes, voie="3 place Sainte-Anne")
    )
    adresses = list(jeune.adresses.order_by("created_at"))
    assert [a.voie for a in adresses] == ["12 rue de Brest", "3 place Sainte-Anne"]
    assert adresses[0].fin is not None and adresses[1].fin is None
    # Saving the same address again opens nothing.
    jeune_modifier_coordonnees(
        jeune=jeune, par=conseiller, adresse=adresse(rennes, voie="3 place Sainte-Anne")
    )
    assert jeune.adresses.count() == 2
    assert adresses[1].history.latest("history_date").history_user == conseiller


def test_une_seule_adresse_courante_en_base(jeune, rennes):
    from django.db import IntegrityError

    Adresse.objects.create(jeune=jeune, **adresse(rennes))
    with pytest.raises(IntegrityError):
        Adresse.objects.create(jeune=jeune, **adresse(rennes))


def test_normalisation_hors_ligne(jeune, conseiller, rennes):
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    courante = jeune.adresses.get()
    assert courante.statut == "normalisee"
    assert courante.epci.nom == "Rennes Métropole"
    assert courante.zrr == "NC"
    # No coordinates offline: the QPV stays to be checked.
    assert courante.qpv == "a_verifier"


def test_code_postal_d_une_autre_commune_introuvable_mais_enregistre(jeune, conseiller, rennes):
    jeune_modifier_coordonnees(
        jeune=jeune, par=conseiller, adresse=adresse(rennes, code_postal="35700")
    )
    courante = jeune.adresses.get()
    assert courante.statut == "introuvable"
    assert "35700 n'est pas celui de Rennes" in courante.message_normalisation


def test_service_en_panne_ne_bloque_pas_et_la_nuit_reessaie(jeune, conseiller, rennes, factice):
    factice.reponses["12 rue de Brest"] = ServiceIndisponible("Le service ne répond pas.")
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    assert jeune.adresses.get().statut == "a_normaliser"
    assert renormaliser_adresses() == 0
    factice.reponses["12 rue de Brest"] = AdresseNormalisee(
        voie="12 Rue de Brest",
        code_postal="35000",
        commune=rennes,
        latitude=Decimal("48.113"),
        longitude=Decimal("-1.690"),
    )
    assert renormaliser_adresses() == 1
    courante = jeune.adresses.get()
    assert (courante.statut, courante.voie, courante.latitude) == (
        "normalisee",
        "12 Rue de Brest",
        Decimal("48.113000"),
    )


def test_qpv_trouve_avec_les_coordonnees(jeune, conseiller, rennes, factice):
    from referentiels.models import Qpv

    Qpv.objects.create(
        code="QN03501M",
        nom="Maurepas",
        geometrie={
            "type": "Polygon",
            "coordinates": [[[-1.7, 48.1], [-1.6, 48.1], [-1.6, 48.2], [-1.7, 48.2]]],
        },
        lon_min=-1.7,
        lon_max=-1.6,
        lat_min=48.1,
        lat_max=48.2,
        millesime="2024",
    )
    factice.reponses["12 rue de Brest"] = AdresseNormalisee(
        "12 Rue de Brest", "35000", rennes, Decimal("48.15"), Decimal("-1.65")
    )
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    courante = jeune.adresses.get()
    assert (courante.qpv, courante.code_qpv) == ("oui", "QN03501M")
    # Normalised again by the offline provider (no coordinates): back to "à vérifier".
    assert adresse_normaliser(adresse=courante).qpv == "a_verifier"


@pytest.mark.parametrize(
    ("saisi", "stocke", "affiche"),
    [
        ("06 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("0692 12 34 56", "+262692123456", "0692 12 34 56"),
        ("+687 75 12 34", "+687751234", "+687 75.12.34"),
    ],
)
def test_telephones_metropole_et_outre_mer(jeune, conseiller, saisi, stocke, affiche):
    jeune = jeune_modifier_coordonnees(jeune=jeune, par=conseiller, telephone_mobile=saisi)
    assert jeune.telephone_mobile == stocke
    assert telephone_affiche(jeune.telephone_mobile) == affiche


def test_telephone_iban_bic_invalides(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        jeune_modifier_coordonnees(
            jeune=jeune,
            par=conseiller,
            telephone_fixe="12",
            iban="FR76 3000 6000 0112 3456 7890 188",
            bic="XX",
        )
    assert set(erreur.value.message_dict) == {"telephone_fixe", "iban", "bic"}
    jeune = jeune_modifier_coordonnees(
        jeune=jeune, par=conseiller, iban="FR76 3000 6000 0112 3456 7890 189", bic="agrifrpp"
    )
    assert (jeune.iban, jeune.bic) == ("FR7630006000011234567890189", "AGRIFRPP")


def test_joignable_et_npai(jeune, conseiller):
    jeune = jeune_modifier_coordonnees(
        jeune=jeune, par=conseiller, telephone_mobile="0612345678", mobile_joignable=False
    )
    assert not jeune.joignable
    jeune = jeune_modifier_coordonnees(jeune=jeune, par=conseiller, mobile_joignable=True)
    assert jeune.joignable
    jeune = jeune_modifier_coordonnees(jeune=jeune, par=conseiller, npai=True)
    assert not jeune.joignable


def _formulaire(commune, **champs):
    return {
        "voie": "12 rue de Brest",
        "code_postal": "35000",
        "commune": f"{commune.code_insee} {commune.nom}",
        "telephone_mobile": "06 12 34 56 78",
        "mobile_joignable": "on",
        **champs,
    }


def test_page_coordonnees(client_de, conseiller, jeune, rennes):
    client = client_de(conseiller)
    adresse_url = reverse("dossiers:coordonnees", kwargs={"jeune_id": jeune.pk})
    assert client.get(adresse_url).status_code == 200
    reponse = client.post(adresse_url, _formulaire(rennes))
    assert reponse.status_code == 302
    fiche = client.get(reponse.url).content.decode()
    assert "12 rue de Brest, 35000 Rennes" in fiche
    assert "06 12 34 56 78" in fiche


def test_page_coordonnees_erreurs_a_cote_des_champs(client_de, conseiller, jeune, rennes):
    reponse = client_de(conseiller).post(
        reverse("dossiers:coordonnees", kwargs={"jeune_id": jeune.pk}),
        _formulaire(rennes, code_postal="", email="pas-un-courriel", telephone_fixe="12"),
    )
    erreurs = reponse.context["form"].errors
    assert erreurs["code_postal"] == ["Complétez l'adresse : voie, code postal et commune."]
    assert "email" in erreurs
    assert 'value="12 rue de Brest"' in reponse.content.decode()


def test_page_coordonnees_telephone_invalide(client_de, conseiller, jeune, rennes):
    reponse = client_de(conseiller).post(
        reverse("dossiers:coordonnees", kwargs={"jeune_id": jeune.pk}),
        _formulaire(rennes, telephone_fixe="12"),
    )
    assert reponse.context["form"].errors["telephone_fixe"] == [
        "Ce numéro de téléphone n'est pas valide."
    ]


def test_normaliser_droits_et_isolation(client_de, accueil, conseiller_autre_ml, jeune):
    adresse_url = reverse("dossiers:normaliser_adresse", kwargs={"jeune_id": jeune.pk})
    assert client_de(accueil).post(adresse_url).status_code == 403
    assert client_de(conseiller_autre_ml).post(adresse_url).status_code == 404


def test_normaliser_depuis_la_fiche(client_de, conseiller, jeune, rennes, factice):
    factice.reponses["12 rue de Brest"] = ServiceIndisponible("Le service ne répond pas.")
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    factice.reponses.clear()
    client_de(conseiller).post(
        reverse("dossiers:normaliser_adresse", kwargs={"jeune_id": jeune.pk})
    )
    assert jeune.adresses.get().statut == "normalisee"


def test_iban_saisi_par_groupes(conseiller, jeune):
    jeune = jeune_modifier(
        jeune=jeune, par=conseiller, iban="DE89 3704 0044 0532 0130 00", bic="COBADEFFXXX"
    )
    assert jeune.iban == "DE89370400440532013000"


# --- Through the national address API (its real class, a stand-in on the loopback) -------


@pytest.fixture
def api_adresse(settings, serveur_http):
    settings.ADRESSE_FOURNISSEUR = "api"
    settings.ADRESSE_API_URL = serveur_http.url
    settings.ADRESSE_API_TIMEOUT = 0.3
    return serveur_http


def reponse_de_l_api(voie="12 Rue de Brest", longitude=-1.675, latitude=48.13):
    return {
        "features": [
            {
                "geometry": {"coordinates": [longitude, latitude]},
                "properties": {
                    "score": 0.93,
                    "name": voie,
                    "postcode": "35000",
                    "citycode": "35238",
                },
            }
        ]
    }


def test_adresse_trouvee_par_l_api_normalisee_avec_ses_coordonnees(
    jeune, conseiller, rennes, api_adresse
):
    api_adresse.repondre(reponse=reponse_de_l_api())
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    courante = jeune.adresses.get()
    assert (courante.statut, courante.voie, courante.commune) == (
        "normalisee",
        "12 Rue de Brest",
        rennes,
    )
    assert (courante.latitude, courante.longitude) == (Decimal("48.130000"), Decimal("-1.675000"))
    assert courante.epci.nom == "Rennes Métropole"
    (requete,) = api_adresse.recues
    assert requete.parametres["q"] == ["12 rue de Brest"]


def test_adresse_refusee_par_l_api_enregistree_introuvable(jeune, conseiller, rennes, api_adresse):
    api_adresse.repondre(400, {"code": 400, "message": "q must contain between 3 and 200 chars"})
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    courante = jeune.adresses.get()
    assert (courante.statut, courante.voie) == ("introuvable", "12 rue de Brest")
    assert "refuse cette adresse" in courante.message_normalisation
    # A refusal is no outage: the night does not ask again.
    assert renormaliser_adresses() == 0
    assert len(api_adresse.recues) == 1


def test_api_sans_reponse_l_adresse_est_enregistree_a_normaliser_puis_la_nuit_normalisee(
    jeune, conseiller, rennes, api_adresse
):
    api_adresse.repondre(reponse=reponse_de_l_api(), delai=5)
    jeune = jeune_modifier_coordonnees(
        jeune=jeune, par=conseiller, adresse=adresse(rennes), telephone_mobile="0612345678"
    )
    # The save went through: the address as typed, the rest of the form too.
    courante = jeune.adresses.get()
    assert (courante.statut, courante.voie) == ("a_normaliser", "12 rue de Brest")
    assert "ne répond pas" in courante.message_normalisation
    assert jeune.telephone_mobile == "+33612345678"
    api_adresse.repondre(reponse=reponse_de_l_api())
    assert renormaliser_adresses() == 1
    courante.refresh_from_db()
    assert (courante.statut, courante.voie, courante.latitude) == (
        "normalisee",
        "12 Rue de Brest",
        Decimal("48.130000"),
    )


def test_api_en_erreur_5xx_l_adresse_est_enregistree_a_normaliser(
    jeune, conseiller, rennes, api_adresse
):
    api_adresse.repondre(503, {"message": "maintenance"})
    jeune_modifier_coordonnees(jeune=jeune, par=conseiller, adresse=adresse(rennes))
    assert jeune.adresses.get().statut == "a_normaliser"


def test_page_coordonnees_enregistre_quand_l_api_ne_repond_pas(
    client_de, conseiller, jeune, rennes, api_adresse
):
    api_adresse.repondre(delai=5)
    reponse = client_de(conseiller).post(
        reverse("dossiers:coordonnees", kwargs={"jeune_id": jeune.pk}), _formulaire(rennes)
    )
    assert reponse.status_code == 302
    assert jeune.adresses.get().statut == "a_normaliser"
