import factory
from factory.django import DjangoModelFactory
from stdnum import luhn

from admin_ml.models import LieuAccueil, MissionLocale, Profil, Region, Utilisateur

MOT_DE_PASSE = "Mot-de-passe-de-test-1"


def _siret(n: int) -> str:
    debut = f"{n:013d}"
    return debut + luhn.calc_check_digit(debut)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "53"
    nom = "Bretagne"


class MissionLocaleFactory(DjangoModelFactory):
    class Meta:
        model = MissionLocale

    region = factory.SubFactory(RegionFactory)
    nom = factory.Sequence(lambda n: f"Mission Locale n° {n}")
    code = factory.Sequence(lambda n: f"ML{n:05d}")
    siret = factory.Sequence(lambda n: _siret(4_000_000_000_000 + n))
    adresse = factory.Faker("street_address", locale="fr_FR")
    code_postal = factory.Faker("postcode", locale="fr_FR")
    commune = factory.Faker("city", locale="fr_FR")


class LieuAccueilFactory(DjangoModelFactory):
    class Meta:
        model = LieuAccueil

    structure = factory.SubFactory(MissionLocaleFactory)
    nom = factory.Sequence(lambda n: f"Antenne {n}")
    adresse = factory.Faker("street_address", locale="fr_FR")
    code_postal = factory.Faker("postcode", locale="fr_FR")
    commune = factory.Faker("city", locale="fr_FR")


class ProfilFactory(DjangoModelFactory):
    """A profile of an ML's own, granting the `droits` given (none by default)."""

    class Meta:
        model = Profil
        skip_postgeneration_save = True

    structure = factory.SubFactory(MissionLocaleFactory)
    code = factory.Sequence(lambda n: f"profil-{n}")
    nom = factory.Sequence(lambda n: f"Profil {n}")

    @factory.post_generation
    def droits(self, create, droits, **kwargs):
        for droit in droits or ():
            self.droits.create(droit=droit)


def profil_standard(code: str) -> Profil:
    return Profil.objects.get(code=code, structure__isnull=True)


class UtilisateurFactory(DjangoModelFactory):
    """A member of an ML; the trait names the standard profile (conseiller by default)."""

    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    class Params:
        code_profil = "conseiller"
        accueil = factory.Trait(code_profil="accueil", fonction_accueil=True)
        validateur = factory.Trait(code_profil="validateur", fonction_validateur=True)
        direction = factory.Trait(code_profil="direction", fonction_direction=True)
        administrateur = factory.Trait(code_profil="administrateur")
        desactive = factory.Trait(is_active=False)

    identifiant = factory.Sequence(lambda n: f"u.testeur-{n}")
    prenom = factory.Faker("first_name", locale="fr_FR")
    nom = factory.Faker("last_name", locale="fr_FR")
    date_naissance = factory.Faker("date_of_birth", minimum_age=22, maximum_age=64)
    email = factory.LazyAttribute(lambda u: f"{u.identifiant}@ml.example.org")
    structure = factory.SubFactory(MissionLocaleFactory)
    profil = factory.LazyAttribute(lambda u: profil_standard(u.code_profil))
    fonction_conseiller_referent = factory.LazyAttribute(
        lambda u: u.code_profil in ("conseiller", "validateur")
    )
    password = factory.django.Password(MOT_DE_PASSE)
