from datetime import date, timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from dispositifs.regles import ajouter_mois
from dossiers.models import Adresse, Jeune
from tests.admin_ml.factories import MissionLocaleFactory, UtilisateurFactory
from tests.referentiels.factories import CommuneFactory

# Chloé DUPONT: a woman born on 14 March 2005 in Rennes (35238); her NIR says just that.
NAISSANCE_CHLOE = date(2005, 3, 14)
NIR_CHLOE = "205033523800156"
MOBILE = "+33612345678"


def ne_il_y_a(age: int) -> date:
    """A birth date that makes `age` years whatever the day the tests run (40 days past the
    birthday: never on it, never at the turn of a month)."""
    return ajouter_mois(timezone.localdate(), -12 * age) - timedelta(days=40)


class JeuneFactory(DjangoModelFactory):
    """A youth file written as the services write it (normalised names, search keys).

    `suivi_par=conseiller`: in his ML, with him as référent. `age=20`: exactly that age
    (random between 16 and 25 otherwise). Traits: `chloe` (her identity), `avec_nir` (her
    NIR, with the birth it encodes), `avec_adresse` (a current address in Rennes),
    `joignable` (mobile, email and address: every channel open)."""

    class Meta:
        model = Jeune
        skip_postgeneration_save = True

    class Params:
        suivi_par = None
        age = None
        chloe = factory.Trait(
            prenom="Chloé", nom_usage="DUPONT", date_naissance=NAISSANCE_CHLOE, sexe="2"
        )
        avec_nir = factory.Trait(nir=NIR_CHLOE, date_naissance=NAISSANCE_CHLOE, sexe="2")
        avec_adresse = factory.Trait(
            adresse=factory.RelatedFactory(
                "tests.dossiers.factories.AdresseFactory", factory_related_name="jeune"
            )
        )
        joignable = factory.Trait(
            telephone_mobile=MOBILE,
            email=factory.LazyAttribute(
                lambda j: f"{slugify(j.prenom)}.{slugify(j.nom_usage)}@example.org"
            ),
            avec_adresse=True,
        )

    structure = factory.Maybe(
        "suivi_par",
        yes_declaration=factory.SelfAttribute("suivi_par.structure"),
        no_declaration=factory.SubFactory(MissionLocaleFactory),
    )
    conseiller_referent = factory.SelfAttribute("suivi_par")
    prenom = factory.Faker("first_name", locale="fr_FR")
    nom_usage = factory.Faker("last_name", locale="fr_FR")
    date_naissance = factory.Maybe(
        "age",
        yes_declaration=factory.LazyAttribute(lambda j: ne_il_y_a(j.age)),
        no_declaration=factory.Faker("date_of_birth", minimum_age=16, maximum_age=25),
    )
    sexe = "2"
    commune_naissance = factory.SubFactory(CommuneFactory)
    created_by = factory.SubFactory(
        UtilisateurFactory, structure=factory.SelfAttribute("..structure")
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        jeune = model_class(*args, **kwargs)
        jeune.calculer_cles()
        jeune.save()
        return jeune


class AdresseFactory(DjangoModelFactory):
    """The current address of a file, as typed (not yet normalised): a flat in Rennes."""

    class Meta:
        model = Adresse

    jeune = factory.SubFactory(JeuneFactory)
    voie = "12 rue de la Paix"
    complement = "Résidence Les Tilleuls, bâtiment B"
    code_postal = "35000"
    commune = factory.SubFactory(
        CommuneFactory, code_insee="35238", nom="Rennes", codes_postaux=["35000"]
    )
