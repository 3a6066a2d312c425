"""Project-wide rules, checked on every model and app."""

from django.apps import apps
from django.conf import settings

APPS_DU_PROJET = ["imilo", "admin_ml", "referentiels", "dossiers", "dispositifs", "offres"]
# Models that are not owned by one Mission Locale, with the reason.
HORS_TENANT = {
    "admin_ml.region": "une région regroupe plusieurs missions locales",
    "admin_ml.missionlocale": "c'est le tenant lui-même",
    "admin_ml.profildroit": "rattaché à son profil",
    "admin_ml.profil": "profils standard nationaux ou propres à une ML (structure facultative)",
    "imilo.tacheenattente": "file technique, sans donnée de dossier",
    "referentiels.elementreference": "élément national, régional ou local (structure facultative)",
    "referentiels.tablereference": "table nationale",
    "offres.actionformation": (
        "action interne d'une ML ou action du catalogue régional, commun à toutes (structure "
        "facultative)"
    ),
}
# Reference data loaded by command from dated official files (millésime): not case data.
DONNEES_DE_REFERENCE = {
    "referentiels.regioninsee",
    "referentiels.departement",
    "referentiels.epci",
    "referentiels.commune",
    "referentiels.codepostal",
    "referentiels.pays",
    "referentiels.metierrome",
    "referentiels.tablereference",
    "referentiels.qpv",
}


# Rows never modified, so nothing to historise.
SANS_HISTORIQUE = {
    "imilo.tacheenattente",  # technical queue
    "dossiers.accesdossier",  # append-only access log
    "dossiers.selectionjeune",  # a user's working list, not case data
}


def modeles_du_projet():
    for nom in APPS_DU_PROJET:
        for modele in apps.get_app_config(nom).get_models():
            if not modele.__name__.startswith("Historical"):
                yield modele


def test_apps_en_francais():
    for nom in APPS_DU_PROJET:
        config = apps.get_app_config(nom)
        assert config.verbose_name != config.label, f"{nom} : verbose_name français manquant"


def test_verbose_names_en_minuscules():
    for modele in modeles_du_projet():
        for texte in (modele._meta.verbose_name, modele._meta.verbose_name_plural):
            assert texte == texte.lower() or texte[:1] == texte[:1].lower(), modele


def test_chaque_modele_tenant_a_sa_structure():
    for modele in modeles_du_projet():
        if modele._meta.label_lower in HORS_TENANT.keys() | DONNEES_DE_REFERENCE:
            continue
        chemin = getattr(modele, "chemin_structure", None)
        assert chemin, f"{modele._meta.label} : chemin_structure manquant"
        assert hasattr(modele.objects, "de_la_structure"), modele._meta.label
        premier = chemin.split("__")[0]
        champ = modele._meta.get_field(premier)
        assert not champ.null, f"{modele._meta.label}.{premier} doit être obligatoire"


def test_historique_sur_les_modeles_metier():
    for modele in modeles_du_projet():
        if modele._meta.label_lower in DONNEES_DE_REFERENCE | SANS_HISTORIQUE:
            continue
        assert hasattr(modele, "history"), f"{modele._meta.label} sans historique"


def test_modele_utilisateur():
    assert settings.AUTH_USER_MODEL == "admin_ml.Utilisateur"
