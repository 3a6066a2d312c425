import factory
from factory.django import DjangoModelFactory

from imilo.texte import cle_de_recherche
from referentiels.models import (
    CodePostal,
    Commune,
    Departement,
    ElementReference,
    Pays,
    Portee,
    RegionInsee,
    TableReference,
)
from tests.admin_ml.factories import MissionLocaleFactory, RegionFactory


class RegionInseeFactory(DjangoModelFactory):
    class Meta:
        model = RegionInsee
        django_get_or_create = ("code",)

    code = "53"
    nom = "Bretagne"
    zone = "metro"


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "35"
    nom = "Ille-et-Vilaine"
    region = factory.SubFactory(RegionInseeFactory)
    zone = "metro"


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code_insee",)
        skip_postgeneration_save = True

    code_insee = factory.Sequence(lambda n: f"35{n:03d}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    nom_recherche = factory.LazyAttribute(lambda c: cle_de_recherche(c.nom))
    type = "commune-actuelle"
    departement = factory.SubFactory(DepartementFactory)
    zone = "metro"
    population = 1000
    millesime = "COG 2026"

    @factory.post_generation
    def codes_postaux(self, create, valeurs, **kwargs):
        for code_postal in valeurs or []:
            CodePostal.objects.get_or_create(commune=self, code_postal=code_postal)


class PaysFactory(DjangoModelFactory):
    class Meta:
        model = Pays
        django_get_or_create = ("code_insee",)

    code_insee = "99109"
    libelle = "ALLEMAGNE"
    groupe = "2"


def element(table: str, code: str, libelle: str | None = None) -> ElementReference:
    """A national element of a reference table, created if needed."""
    TableReference.objects.get_or_create(code=table, defaults={"libelle": table})
    objet, _ = ElementReference.objects.get_or_create(
        table_id=table, code=code, portee="nationale", defaults={"libelle": libelle or code}
    )
    return objet


class TableReferenceFactory(DjangoModelFactory):
    class Meta:
        model = TableReference
        django_get_or_create = ("code",)

    code = "origine_venue"
    libelle = factory.LazyAttribute(lambda t: t.code)


class ElementReferenceFactory(DjangoModelFactory):
    """An element of a reference table, national unless a trait says otherwise: `locale`
    (one ML's own, `structure=`) or `regionale` (the MLs of a region, `region=`). For the
    national element a test simply needs, `element()` above."""

    class Meta:
        model = ElementReference

    class Params:
        locale = factory.Trait(
            portee=Portee.LOCALE, structure=factory.SubFactory(MissionLocaleFactory)
        )
        regionale = factory.Trait(portee=Portee.REGIONALE, region=factory.SubFactory(RegionFactory))

    table = factory.SubFactory(TableReferenceFactory)
    code = factory.Sequence(lambda n: f"element-{n}")
    libelle = factory.LazyAttribute(lambda e: e.code)
    portee = Portee.NATIONALE
