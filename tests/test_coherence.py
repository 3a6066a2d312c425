"""Project-wide rules, checked on every model and app."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

from imilo.registres import TOUS

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


# --- The shape of the code ----------------------------------------------------------------
# Direction of dependency (docs/architecture.md): an app imports only from the apps on its
# left, and from imilo; imilo (settings, socle) imports none of them. Apps on the left learn
# about those on their right through registries (imilo.registres.Registre).
COUCHES = ["admin_ml", "referentiels", "dossiers", "dispositifs", "offres"]
RACINE = Path(__file__).resolve().parent.parent
PAQUETS = ["imilo", *COUCHES]
# A module of application code past this many lines becomes a package split by use case
# (house style: « a file that passes ~600 lines » is split; docs/architecture.md).
LIGNES_MAX = 600


def fichiers_python(*dossiers):
    for dossier in dossiers:
        yield from sorted((RACINE / dossier).rglob("*.py"))


def nom_de_module(chemin: Path) -> str:
    parties = chemin.relative_to(RACINE).with_suffix("").parts
    return ".".join(parties[:-1] if parties[-1] == "__init__" else parties)


def imports(chemin: Path):
    """(line, imported module, imported names) for every import of the file, those inside
    functions included; relative imports resolved against the file's package."""
    arbre = ast.parse(chemin.read_text(), filename=str(chemin))
    paquet = nom_de_module(chemin).split(".")
    if chemin.name != "__init__.py":
        paquet = paquet[:-1]
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            for alias in noeud.names:
                yield noeud.lineno, alias.name, []
        elif isinstance(noeud, ast.ImportFrom):
            base = paquet[: len(paquet) - noeud.level + 1] if noeud.level else []
            module = ".".join([*base, *([noeud.module] if noeud.module else [])])
            yield noeud.lineno, module, [alias.name for alias in noeud.names]


def acces_prives(chemin: Path):
    """(line, `module._name`) for every private attribute read on a project module the
    file imported (`from dossiers import services` then `services._sauver`)."""
    arbre = ast.parse(chemin.read_text(), filename=str(chemin))
    modules = {}
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            for alias in noeud.names:
                if alias.asname and est_un_module(alias.name):
                    modules[alias.asname] = alias.name
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            for alias in noeud.names:
                if est_un_module(f"{noeud.module}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{noeud.module}.{alias.name}"
    for noeud in ast.walk(arbre):
        if (
            isinstance(noeud, ast.Attribute)
            and isinstance(noeud.value, ast.Name)
            and noeud.value.id in modules
            and noeud.attr.startswith("_")
            and not noeud.attr.startswith("__")
        ):
            yield noeud.lineno, f"{modules[noeud.value.id]}.{noeud.attr}"


def est_un_module(nom: str) -> bool:
    return (RACINE / Path(*nom.split("."))).with_suffix(".py").exists() or (
        RACINE / Path(*nom.split(".")) / "__init__.py"
    ).exists()


def test_les_applications_n_importent_que_vers_la_gauche():
    fautes = []
    for chemin in fichiers_python(*PAQUETS):
        app = nom_de_module(chemin).split(".")[0]
        for ligne, module, _noms in imports(chemin):
            cible = module.split(".")[0]
            if cible not in COUCHES or cible == app:
                continue
            if app == "imilo" or COUCHES.index(cible) > COUCHES.index(app):
                fautes.append(f"{chemin.relative_to(RACINE)}:{ligne} importe {module}")
    assert not fautes, "Imports vers la droite (utilisez un registre) :\n" + "\n".join(fautes)


def test_aucun_module_n_importe_le_nom_prive_d_un_autre():
    fautes = []
    for chemin in fichiers_python(*PAQUETS, "tests"):
        for ligne, module, noms in imports(chemin):
            if module.split(".")[0] not in [*PAQUETS, "tests"]:
                continue
            for nom in noms:
                prive = nom.startswith("_") and not nom.startswith("__")
                if prive and not est_un_module(f"{module}.{nom}"):
                    fautes.append(f"{chemin.relative_to(RACINE)}:{ligne} {module}.{nom}")
        for ligne, nom in acces_prives(chemin):
            fautes.append(f"{chemin.relative_to(RACINE)}:{ligne} {nom}")
    assert not fautes, "Noms privés importés (rendez-les publics, dans imilo si partagés) :\n" + (
        "\n".join(fautes)
    )


def test_aucun_fichier_de_code_ne_depasse_la_taille_d_un_cas_d_usage():
    trop_longs = [
        f"{chemin.relative_to(RACINE)} ({nombre} lignes)"
        for chemin in fichiers_python(*PAQUETS)
        if "migrations" not in chemin.parts
        and (nombre := len(chemin.read_text().splitlines())) > LIGNES_MAX
    ]
    assert not trop_longs, "À découper par cas d'usage :\n" + "\n".join(trop_longs)


def test_chaque_registre_est_declare_dans_un_module_registres():
    # Importing the apps (done by django.setup) has declared every registry.
    declares = [registre for registre in TOUS if registre.module.split(".")[0] in PAQUETS]
    assert len(declares) >= 9
    ailleurs = [
        f"{r.description} ({r.module})" for r in declares if not r.module.endswith(".registres")
    ]
    assert not ailleurs, ailleurs
