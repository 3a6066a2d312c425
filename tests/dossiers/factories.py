import factory
from factory.django import DjangoModelFactory

from dossiers.models import Jeune
from tests.admin_ml.factories import MissionLocaleFactory, UtilisateurFactory
from tests.referentiels.factories import CommuneFactory


class JeuneFactory(DjangoModelFactory):
    """A youth file written as the services write it (normalised names, search keys)."""

    class Meta:
        model = Jeune

    structure = factory.SubFactory(MissionLocaleFactory)
    prenom = factory.Faker("first_name", locale="fr_FR")
    nom_usage = factory.Faker("last_name", locale="fr_FR")
    date_naissance = factory.Faker("date_of_birth", minimum_age=16, maximum_age=25)
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
