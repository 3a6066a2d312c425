"""Demo youth files: every state of identity, in both Missions Locales."""

from datetime import date, timedelta

from django.utils import timezone

from dossiers.demo_messages import peupler_messages
from dossiers.models import Jeune
from dossiers.services import (
    cursus_ajouter,
    jeune_certifier_nir,
    jeune_creer,
    jeune_justifier_identite,
    jeune_modifier,
    jeune_modifier_coordonnees,
    jeune_modifier_mobilite,
    permis_noter,
    rendez_vous_marquer,
    rendez_vous_planifier,
    ressource_ajouter,
    situation_noter,
)
from referentiels.models import Commune, ElementReference, MetierRome, Pays

# (prénom, nom d'usage, nom de naissance, sexe, âge en jours, né à l'étranger, état)
JEUNES = [
    ("Léa", "MARTIN", "", "2", 19 * 365 + 40, False, "justifie"),
    ("Enzo", "LE GALL", "", "1", 17 * 365 + 200, False, "complet"),
    ("Inès", "BENSAID", "", "2", 22 * 365 + 12, True, "justifie"),
    ("Mathis", "TANGUY", "", "1", 24 * 365 + 300, False, "partiel"),
    ("Chloé", "DUPONT", "DURAND", "2", 20 * 365 + 100, False, "certifie"),
    ("Yanis", "KONATE", "", "1", 18 * 365 + 5, True, "partiel"),
    ("Manon", "ROBIN", "", "2", 21 * 365 + 250, False, "complet"),
    ("Noah", "GUEGAN", "", "1", 16 * 365 + 150, False, "justifie"),
    ("Jade", "N'DIAYE", "", "2", 23 * 365 + 80, True, "complet"),
    ("Lucas", "MORIN", "", "1", 25 * 365 + 10, False, "partiel"),
]


def _nir(sexe: str, naissance: date, commune: str, ordre: int) -> str:
    debut = f"{sexe}{naissance.year % 100:02d}{naissance.month:02d}{commune}{ordre:03d}"
    numero = int(debut.replace("2A", "19").replace("2B", "18"))
    return f"{debut}{97 - numero % 97:02d}"


def peupler(demo) -> None:
    communes = list(Commune.objects.actives().filter(departement_id__in=["35", "22"])[:40])
    if not communes:
        demo.resume.append(
            "Dossiers jeunes non créés : chargez d'abord les référentiels "
            "(python manage.py charger_referentiels)."
        )
        return
    elements = {
        (e.table_id, e.code): e
        for e in ElementReference.objects.filter(
            portee="nationale",
            table_id__in=[
                "situation_familiale",
                "moyen_garde",
                "piece_identite",
                "type_contrat",
                "objectif_formation",
                "validation_formation",
                "nsf",
                "motif_interruption",
            ],
        )
    }
    pays = list(Pays.objects.filter(groupe__in=["2", "3"], actif=True).order_by("code_insee")[:5])
    aujourdhui = timezone.localdate()
    for structure in demo.objets.get("structures", []):
        ml, lieux = structure["ml"], structure["lieux"]
        conseillers = [
            u for u in structure["utilisateurs"].values() if u.fonction_conseiller_referent
        ]
        for rang, (prenom, nom, naissance_nom, sexe, jours, etranger, etat) in enumerate(JEUNES):
            naissance = aujourdhui - timedelta(days=jours)
            if Jeune.objects.filter(
                structure=ml, prenom=prenom, nom_usage=nom, date_naissance=naissance
            ).exists():
                continue
            commune = communes[(rang * 3) % len(communes)]
            complet = etat != "partiel"
            jeune = jeune_creer(
                structure=ml,
                par=conseillers[0],
                prenom=prenom,
                nom_usage=nom,
                nom_naissance=(naissance_nom or nom) if complet else naissance_nom,
                date_naissance=naissance,
                sexe=sexe,
                ne_etranger=etranger,
                commune_naissance=None if etranger else commune,
                pays_naissance=pays[rang % len(pays)] if etranger else None,
                nationalite=("3" if etranger else "1") if complet else "",
                situation_familiale=elements.get(("situation_familiale", "celibataire"))
                if complet
                else None,
                enfants_a_charge=1 if rang == 6 else 0,
                moyen_garde=elements.get(("moyen_garde", "difficulte")) if rang == 6 else None,
                nir=_nir(sexe, naissance, commune.code_insee[:5], rang + 1)
                if complet and not etranger
                else "",
                pas_de_nir=complet and etranger,
                conseiller_referent=conseillers[rang % len(conseillers)],
                lieu_rattachement=lieux[rang % len(lieux)],
            )
            if etat in ("justifie", "certifie") and ("piece_identite", "1") in elements:
                jeune_justifier_identite(
                    jeune=jeune, par=conseillers[0], piece=elements[("piece_identite", "1")]
                )
            if etat == "certifie":
                jeune_certifier_nir(jeune=jeune, par=conseillers[0])
            _completer(jeune, rang, commune, conseillers[0], elements)
            _rendez_vous(jeune, rang, conseillers[rang % len(conseillers)], lieux, elements)
            _situations(jeune, rang, conseillers[rang % len(conseillers)], elements)
        demo.resume.append(
            f"{ml.nom} : {Jeune.objects.filter(structure=ml).count()} dossiers jeunes"
        )
    peupler_messages(demo)


VOIES = ["12 rue de la Paix", "3 place du Marché", "45 avenue Jean Jaurès", "8 allée des Tilleuls"]


def _completer(jeune, rang, commune, par, elements) -> None:
    """Contact details, compléments and mobility, in varied states."""
    code_postal = commune.codes_postaux.values_list("code_postal", flat=True).first()
    if code_postal and rang % 5 != 4:
        jeune_modifier_coordonnees(
            jeune=jeune,
            par=par,
            adresse={
                "voie": VOIES[rang % len(VOIES)],
                "complement": "",
                "code_postal": code_postal,
                "commune": commune,
            },
            telephone_mobile=f"06 12 34 {rang:02d} {rang * 7 % 100:02d}",
            mobile_joignable=rang % 4 != 1,
            email=f"{jeune.cle_prenom.lower().replace(' ', '-')}.{rang}@example.org",
            npai=rang == 3,
            hebergement=elements.get(
                ("hebergement", "parents" if rang % 2 else "logement_autonome")
            ),
        )
    jeune_modifier(
        jeune=jeune,
        par=par,
        couverture_principale=elements.get(("couverture_principale", "puma")),
        inscrit_france_travail=rang % 3 == 0,
        identifiant_france_travail=f"{1234560 + rang}A" if rang % 3 == 0 else "",
        origine_venue=elements.get(("origine_venue", "famille_amis")),
        savoirs_base=elements.get(("savoirs_base", "a_verifier" if rang == 5 else "acquis")),
    )
    type_ressource = "aucun" if rang % 2 else "salaire"
    if ("type_ressource", type_ressource) in elements:
        ressource_ajouter(
            jeune=jeune,
            par=par,
            type=elements[("type_ressource", type_ressource)],
            montant=0 if rang % 2 else 650,
            debut=timezone.localdate().replace(day=1),
        )
    locomotion = elements.get(("locomotion", "transports_en_commun" if rang % 2 else "velo"))
    if locomotion:
        jeune_modifier_mobilite(
            jeune=jeune,
            par=par,
            mobilite=elements.get(("mobilite", "departement")),
            locomotions=[locomotion],
        )
    if rang % 3 == 1 and ("permis", "b") in elements:
        permis_noter(jeune=jeune, par=par, permis=elements[("permis", "b")], etape="code")


def _rendez_vous(jeune, rang, conseiller, lieux, elements) -> None:
    """Appointments today (the agenda and home widgets are never empty), one missed."""
    maintenant = timezone.localtime()
    jour = maintenant.replace(hour=9, minute=0, second=0, microsecond=0)
    if rang < 6:
        rendez_vous_planifier(
            jeune=jeune,
            par=conseiller,
            debut=jour + timedelta(minutes=45 * rang),
            duree=30,
            conseiller=conseiller,
            objet="Entretien de suivi",
            lieu=lieux[rang % len(lieux)],
        )
    if rang == 7 and ("motif_absence", "non_excuse") in elements:
        manque = rendez_vous_planifier(
            jeune=jeune,
            par=conseiller,
            debut=jour - timedelta(days=2),
            duree=30,
            conseiller=conseiller,
            objet="Point sur la recherche d'emploi",
            lieu=lieux[0],
        )
        rendez_vous_marquer(
            rendez_vous=manque,
            par=conseiller,
            statut="absent",
            motif_absence=elements[("motif_absence", "non_excuse")],
        )


def _situations(jeune, rang, par, elements) -> None:
    """Situations in every state: formations (one without objective — alert n° 43 —, one
    obtained, one interrupted), jobs, an alternance, a planned immersion, and files whose
    last situation ended without a next one."""
    aujourdhui = timezone.localdate()
    metiers = MetierRome.objects.in_bulk(["G1602", "D1106", "N1103", "K1302", "Z00"])
    element = elements.get

    def formation(**champs):
        return situation_noter(jeune=jeune, par=par, categorie="formation", **champs)

    def emploi(categorie="emploi", **champs):
        return situation_noter(jeune=jeune, par=par, categorie=categorie, **champs)

    if rang == 0:
        formation(
            intitule="CAP Cuisine",
            organisme="GRETA Bretagne Sud",
            debut=aujourdhui - timedelta(days=60),
            fin_prevue=aujourdhui + timedelta(days=240),
            objectif=element(("objectif_formation", "certification")),
            validation=element(("validation_formation", "cap")),
            nsf=element(("nsf", "221")),
            formacode="42752",
            metier=metiers.get("G1602"),
        )
    elif rang == 1:
        emploi(
            intitule="Employé de rayon",
            organisme="Supermarché du Centre",
            debut=aujourdhui - timedelta(days=20),
            fin_prevue=aujourdhui + timedelta(days=160),
            type_contrat=element(("type_contrat", "cdd")),
            heures_hebdo=24,
            metier=metiers.get("D1106"),
        )
    elif rang == 2:
        formation(
            intitule="Titre professionnel Préparateur de commandes",
            organisme="AFPA Rennes",
            debut=aujourdhui - timedelta(days=200),
            fin_prevue=aujourdhui - timedelta(days=40),
            fin_reelle=aujourdhui - timedelta(days=40),
            objectif=element(("objectif_formation", "certification")),
            validation=element(("validation_formation", "titre_pro_3")),
            nsf=element(("nsf", "311")),
            metier=metiers.get("N1103"),
            resultat="obtenu",
        )
        emploi(
            intitule="Préparateur de commandes",
            organisme="Logistique de l'Ouest",
            debut=aujourdhui - timedelta(days=30),
            type_contrat=element(("type_contrat", "cdi")),
            heures_hebdo=35,
            metier=metiers.get("N1103"),
        )
    elif rang == 3:
        formation(
            intitule="Remobilisation",
            organisme="Association Tremplin",
            debut=aujourdhui - timedelta(days=15),
            fin_prevue=aujourdhui + timedelta(days=75),
            metier=metiers.get("Z00"),
        )
    elif rang == 4:
        emploi(
            categorie="alternance",
            intitule="Apprenti aide à domicile",
            organisme="ADMR",
            debut=aujourdhui - timedelta(days=90),
            fin_prevue=aujourdhui + timedelta(days=640),
            type_contrat=element(("type_contrat", "apprentissage")),
            validation=element(("validation_formation", "bep")),
            metier=metiers.get("K1302"),
        )
    elif rang == 5:
        formation(
            intitule="Remise à niveau",
            organisme="Centre de formation municipal",
            debut=aujourdhui - timedelta(days=120),
            fin_prevue=aujourdhui - timedelta(days=10),
            fin_reelle=aujourdhui - timedelta(days=50),
            objectif=element(("objectif_formation", "remise_a_niveau")),
            motif_interruption=element(("motif_interruption", "abandon")),
        )
    elif rang == 6:
        emploi(categorie="demandeur", debut=aujourdhui - timedelta(days=100))
    elif rang == 8:
        emploi(
            categorie="immersion",
            intitule="Découverte du métier de cuisinier",
            organisme="Restaurant Le Quai",
            debut=aujourdhui + timedelta(days=7),
            fin_prevue=aujourdhui + timedelta(days=11),
            metier=metiers.get("G1602"),
        )
    elif rang == 9:
        emploi(
            categorie="volontariat",
            intitule="Service civique",
            organisme="Unis-Cité",
            debut=aujourdhui - timedelta(days=300),
            fin_prevue=aujourdhui - timedelta(days=60),
            fin_reelle=aujourdhui - timedelta(days=60),
        )
        # An old file nobody has seen for months (the « sans contact » alert).
        Jeune.objects.filter(pk=jeune.pk).update(created_at=timezone.now() - timedelta(days=240))
    if rang == 7 and element(("validation_formation", "bac_pro")):
        cursus_ajouter(
            jeune=jeune,
            par=par,
            intitule="Bac pro Commerce",
            obtenu_le=aujourdhui - timedelta(days=400),
            validation=element(("validation_formation", "bac_pro")),
        )
