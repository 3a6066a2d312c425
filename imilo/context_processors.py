"""The main navigation: entries follow the user's rights, the current one is marked.

Later features add their entry (Jeunes, Agenda, Offres, Pilotage…) to ENTREES.
"""

from django.urls import reverse

from imilo.droits import Droit

# (label, URL name, right needed or None, URL names that belong to the entry)
ENTREES = [
    ("Accueil", "accueil", None, {"accueil"}),
    (
        "Jeunes",
        "dossiers:liste",
        Droit.DOSSIERS_VOIR,
        {
            "liste",
            "ouvrir",
            "fiche",
            "identite",
            "coordonnees",
            "complements",
            "mobilite",
            "historique",
            "situations_liste",
            "situation_ajouter",
            "situation_modifier",
            "cursus_ajouter",
        },
    ),
    ("Agenda", "dossiers:agenda", Droit.DOSSIERS_VOIR, {"agenda", "rendez_vous_liste"}),
    (
        "Offres",
        "offres:offres",
        Droit.DOSSIERS_VOIR,
        {
            "offres",
            "offre",
            "offre_creer",
            "offre_modifier",
            "session",
            "session_creer",
            "session_modifier",
            "jeune_inscrire",
            "mer",
            "mer_creer",
            "entreprises",
            "entreprise",
            "entreprise_creer",
            "entreprise_modifier",
            "entreprise_demenager",
            "offres_emploi",
            "offre_emploi",
            "offre_emploi_creer",
            "offre_emploi_modifier",
            "catalogue",
            "action_formation",
            "action_formation_creer",
            "action_formation_modifier",
        },
    ),
    (
        "Allocations",
        "dispositifs:allocations",
        Droit.DISPOSITIFS_GERER,
        {"allocations", "sorties_pacea"},
    ),
    (
        "Ma structure",
        "admin_ml:structure",
        Droit.ADMIN_ML_GERER_STRUCTURE,
        {
            "structure",
            "lieu",
            "modeles_courrier",
            "modele_courrier",
            "modele_courrier_creer",
            "durees",
        },
    ),
    (
        "Utilisateurs",
        "admin_ml:utilisateurs",
        Droit.ADMIN_ML_GERER_UTILISATEURS,
        {
            "utilisateurs",
            "utilisateur",
            "utilisateur_creer",
            "utilisateur_recuperer",
            "utilisateur_nom",
            "utilisateur_desactiver",
            "utilisateur_desabonner",
            "transferts",
            "profils",
            "profil",
            "profil_creer",
            "facturation",
        },
    ),
    (
        "Tables de référence",
        "referentiels:tables_reference",
        Droit.REFERENTIELS_GERER,
        {
            "tables_reference",
            "table_reference",
            "transferts_reference",
            "transfert_reference_planifier",
        },
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "recherche_jeunes": False, "recherche_texte": ""}
    courant = getattr(request.resolver_match, "url_name", None)
    return {
        # The one search box of the shell (name, birth date, NIR), for who may see files.
        "recherche_jeunes": user.a_le_droit(Droit.DOSSIERS_VOIR),
        "recherche_texte": request.GET.get("q", ""),
        "navigation": [
            {"libelle": libelle, "url": reverse(nom), "actif": courant in noms}
            for libelle, nom, droit, noms in ENTREES
            if droit is None or user.a_le_droit(droit)
        ],
    }
