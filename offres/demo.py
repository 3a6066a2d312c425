"""Demo offers: a catalogue of offres de service with sessions this week and enrolments in
every state, partners of the register with contacts (one that moved), job offers, mises en
relation in every state (a realised training one created its situation), and the training
catalogue loaded from the sample file. Safe to re-run: an ML that has offers is left as
it is, and the catalogue import is idempotent."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from dispositifs.regles import ajouter_mois
from dossiers.enums import ThemeProposition
from dossiers.models import Jeune
from dossiers.services import situation_noter
from imilo.texte import sans_accents
from offres import services, services_entreprises, services_formations
from offres.catalogue import catalogue_importer
from offres.enums import EtatInscription, EtatMer, EtatOffre, OrigineAction
from offres.models import ActionFormation, OffreDeService
from offres.sirene import DONNEES, etablissements_livres
from referentiels.models import Commune, ElementReference, MetierRome

# For each demo ML (by its code): the partners taken from the shipped register, by SIRET.
PARTENAIRES = {
    "35901": ["84377210400017", "81234567600017", "79488126800013", "43199875600016"],
    "22902": ["80245139300010", "83190457800018", "88015624500016", "42288910500017"],
}
# The establishment the first partner of the second ML moved to (same SIREN).
DEMENAGEMENT = ("80245139300010", "80245139300028")


def peupler(demo) -> None:
    elements = {
        (e.table_id, e.code): e for e in ElementReference.objects.filter(portee="nationale")
    }
    if ("groupe_offre", "projet") not in elements or not MetierRome.objects.exists():
        demo.resume.append("Offres non créées : chargez d'abord les référentiels.")
        return
    rapport = catalogue_importer((DONNEES / "catalogue_exemple.csv").read_bytes(), ecrire=True)
    externes = ActionFormation.objects.filter(origine=OrigineAction.EXTERNE).count()
    demo.resume.append(
        f"Catalogue régional de formation : {externes} actions "
        f"({rapport.compte['créées']} créées par l'import)"
    )
    for structure in demo.objets.get("structures", []):
        ml = structure["ml"]
        equipe = list(structure["utilisateurs"].values())
        conseiller = next((u for u in equipe if u.fonction_prescripteur), None)
        collegue = next(
            (u for u in equipe if u.fonction_conseiller_referent and u != conseiller), conseiller
        )
        jeunes = list(Jeune.objects.filter(structure=ml).order_by("pk"))
        if conseiller is None or len(jeunes) < 10:
            continue
        if OffreDeService.objects.filter(structure=ml).exists():
            continue
        _peupler_ml(ml, structure["lieux"], conseiller, collegue, jeunes, elements)
        demo.resume.append(
            f"{ml.nom} : {OffreDeService.objects.filter(structure=ml).count()} offres de service, "
            f"{ml.entreprises.count()} entreprises et partenaires"
        )


def _peupler_ml(ml, lieux, par, collegue, jeunes, elements) -> None:
    element = elements.get
    maintenant = timezone.now()
    aujourdhui = timezone.localdate()
    lundi = aujourdhui - timedelta(days=aujourdhui.weekday())

    def moment(jour, heure):
        return timezone.make_aware(datetime.combine(jour, time(heure)))

    def offre(code, intitule, groupe, theme, **champs):
        return services.offre_creer(
            structure=ml,
            par=par,
            code=code,
            intitule=intitule,
            groupe=element(("groupe_offre", groupe)),
            theme=theme,
            referent=champs.pop("referent", par),
            lieu=lieux[0],
            **champs,
        )

    def session(offre_, debut, capacite, type_code="atelier", **champs):
        return services.session_creer(
            offre=offre_,
            par=par,
            type=element(("type_session", type_code)),
            debut=debut,
            capacite=capacite,
            animateur=champs.pop("animateur", par),
            lieu=champs.pop("lieu", lieux[0]),
            **champs,
        )

    def inscrire(cible, *rangs):
        return services.inscriptions_creer(
            jeunes=[jeunes[rang] for rang in rangs], par=par, session=cible
        )

    # P61, mapped to CEP level 2: a session earlier this week with enrolments in every
    # state, another later this week.
    ateliers = offre(
        "P61",
        "Ateliers projets",
        "projet",
        ThemeProposition.PROJET,
        description="Quatre ateliers pour construire ou préciser un projet professionnel.",
        debut=aujourdhui - timedelta(days=60),
        niveau_cep=2,
        motif_sollicitation=element(("motif_sollicitation_cep", "projet")),
    )
    passee = session(ateliers, min(moment(lundi, 9), maintenant - timedelta(hours=2)), 8)
    realise, present, refus_tiers, refus_jeune = inscrire(passee, 0, 1, 3, 5)
    services.inscription_realiser(inscription=realise, par=par, notes="Très impliquée.")
    services.inscription_realiser(inscription=present, par=par)
    services.inscription_refuser(
        inscription=refus_tiers,
        par=par,
        etat=EtatInscription.REFUS_TIERS,
        commentaire="Convocation France Travail le même jour.",
    )
    services.inscription_refuser(inscription=refus_jeune, par=par, etat=EtatInscription.REFUS_JEUNE)
    a_venir = session(
        ateliers,
        moment(max(aujourdhui + timedelta(days=2), lundi + timedelta(days=3)), 14),
        8,
        date_limite_inscription=aujourdhui + timedelta(days=1),
    )
    inscrire(a_venir, 2, 4, 7)

    # An information collective led by a colleague, and a job dating already full.
    info = offre(
        "A01",
        "Information collective Contrat d'engagement jeune",
        "accompagnement",
        ThemeProposition.PROJET,
        etat=EtatOffre.PERMANENT,
        referent=collegue,
    )
    inscrire(
        session(
            info,
            moment(aujourdhui + timedelta(days=1), 10),
            12,
            "information_collective",
            animateur=collegue,
        ),
        8,
        9,
    )
    job_dating = offre(
        "E12",
        "Job dating des métiers de la restauration",
        "emploi",
        ThemeProposition.EMPLOI,
        debut=aujourdhui - timedelta(days=10),
        fin=aujourdhui + timedelta(days=30),
    )
    inscrire(session(job_dating, moment(aujourdhui + timedelta(days=4), 9), 2, "job_dating"), 6, 2)

    # A permanent offer without sessions: enrolments on the offer itself.
    sante = offre(
        "S20",
        "Point écoute santé",
        "vie_quotidienne",
        ThemeProposition.SANTE,
        etat=EtatOffre.PERMANENT,
        places=20,
    )
    suivis = services.inscriptions_creer(jeunes=[jeunes[3], jeunes[8]], par=par, offre=sante)
    services.inscription_realiser(inscription=suivis[0], par=par)

    # A finished offer (hidden by default in the catalogue), with its realised session.
    logement = offre(
        "L05",
        "Atelier logement autonome",
        "vie_quotidienne",
        ThemeProposition.LOGEMENT,
        debut=aujourdhui - timedelta(days=90),
    )
    ancienne = session(logement, moment(aujourdhui - timedelta(days=40), 14), 10)
    for inscription in inscrire(ancienne, 4, 9):
        services.inscription_realiser(inscription=inscription, par=par)
    services.offre_modifier(
        offre=logement, par=par, etat=EtatOffre.TERMINEE, fin=aujourdhui - timedelta(days=30)
    )

    offres_emploi = _partenaires(ml, par, collegue, elements)
    _mises_en_relation(ml, par, jeunes, offres_emploi, elements)


# For each demo ML: its partners' job offers (rank of the partner, title, ROME, contract,
# months, hours, salary, period, positions).
OFFRES_EMPLOI = {
    "35901": [
        (0, "Commis de cuisine", "G1602", "cdd", 6, "35", "1850", "mensuel", 1),
        (
            1,
            "Apprenti(e) vendeur(se) en boulangerie",
            "D1106",
            "apprentissage",
            24,
            "35",
            "1100",
            "mensuel",
            1,
        ),
        (2, "Préparateur(rice) de commandes", "N1103", "cdi", None, "35", "22500", "annuel", 3),
    ],
    "22902": [
        (0, "Chauffeur(se) livreur(se)", "N4105", "cdd", 6, "35", "12.20", "horaire", 1),
        (1, "Agent(e) de propreté", "K2204", "cdi", None, "24", "1450", "mensuel", 2),
        (2, "Électricien(ne) en bâtiment", "F1602", "cdi", None, "35", "1900", "mensuel", 1),
    ],
}
CONTACTS = [
    ("Gaëlle", "LE CORRE", "Gérante"),
    ("Yann", "TANGUY", "Responsable des ressources humaines"),
    ("Nolwenn", "GUEGUEN", "Directrice"),
    ("Erwan", "MADEC", "Chef d'équipe"),
]


def _partenaires(ml, par, collegue, elements) -> list:
    """Partners of the shipped register, attached, with a contact and job offers; one of
    them moved (new SIRET, same SIREN); one partner without SIRET stays unattached."""
    registre = {e.siret: e for e in etablissements_livres()}
    entreprises = []
    for rang, siret in enumerate(PARTENAIRES.get(ml.code, [])):
        valeurs = services_entreprises.valeurs_du_registre(registre[siret])
        valeurs["commune"] = Commune.objects.filter(pk=valeurs["commune"]).first()
        entreprise = services_entreprises.entreprise_creer(
            structure=ml,
            par=par,
            type=elements.get(("type_partenaire", "association" if rang == 3 else "entreprise")),
            referent=par if rang % 2 == 0 else collegue,
            telephone=f"02 99 {40 + rang:02d} 12 3{rang}",
            **valeurs,
        )
        prenom, nom, fonction = CONTACTS[rang]
        services_entreprises.contact_ajouter(
            entreprise=entreprise,
            par=par,
            prenom=prenom,
            nom=nom,
            fonction=fonction,
            email=sans_accents(f"{prenom}.{nom}".lower().replace(" ", "-"))
            + "@entreprise.example.org",
        )
        entreprises.append(entreprise)
        if siret == DEMENAGEMENT[0]:
            nouveau = registre[DEMENAGEMENT[1]]
            services_entreprises.entreprise_demenager(
                entreprise=entreprise,
                par=par,
                siret=nouveau.siret,
                voie=nouveau.voie,
                code_postal=nouveau.code_postal,
                commune=Commune.objects.filter(pk=nouveau.code_commune).first(),
            )
    services_entreprises.entreprise_creer(
        structure=ml,
        par=par,
        raison_sociale="Collectif des épiceries solidaires",
        type=elements.get(("type_partenaire", "association")),
        referent=par,
    )
    metiers = MetierRome.objects.in_bulk([ligne[2] for ligne in OFFRES_EMPLOI[ml.code]])
    offres_emploi = []
    for rang, intitule, rome, contrat, duree, heures, salaire, periode, postes in OFFRES_EMPLOI[
        ml.code
    ]:
        entreprise = entreprises[rang]
        offres_emploi.append(
            services_entreprises.offre_emploi_creer(
                entreprise=entreprise,
                par=par,
                intitule=intitule,
                metier=metiers[rome],
                type_contrat=elements.get(("type_contrat", contrat)),
                duree_mois=duree,
                heures_hebdo=Decimal(heures),
                salaire=Decimal(salaire),
                periode_salaire=periode,
                commune=entreprise.commune,
                nombre_postes=postes,
                contact=entreprise.contacts.first(),
                debut_contrat=timezone.localdate() + timedelta(days=15) if rang == 0 else None,
            )
        )
    return offres_emploi


def _mises_en_relation(ml, par, jeunes, offres_emploi, elements) -> None:
    issue = elements.get

    def mer(rang, **cible):
        return services_formations.mer_creer(jeune=jeunes[rang], par=par, **cible)

    mer(1, offre_emploi=offres_emploi[0], commentaire="CV envoyé à la gérante.")
    services_formations.mer_changer_etat(
        mer=mer(2, offre_emploi=offres_emploi[0]),
        par=par,
        etat=EtatMer.ACCEPTEE,
        commentaire="Entretien fixé mardi.",
    )
    services_formations.mer_changer_etat(
        mer=mer(5, offre_emploi=offres_emploi[1]),
        par=par,
        etat=EtatMer.REFUSEE,
        issue=issue(("issue_mer", "non_retenu")),
    )
    # A realised job MER; the counsellor then saved the situation it proposed, prefilled.
    place = services_formations.mer_changer_etat(
        mer=mer(7, offre_emploi=offres_emploi[1]),
        par=par,
        etat=EtatMer.REALISEE,
        issue=issue(("issue_mer", "recrute")),
    )
    offre = place.offre_emploi
    debut = offre.debut_contrat or timezone.localdate()
    situation_noter(
        jeune=place.jeune,
        par=par,
        categorie=services_formations.situation_de_l_emploi(place)["categorie"],
        debut=debut,
        fin_prevue=ajouter_mois(debut, offre.duree_mois) if offre.duree_mois else None,
        intitule=offre.intitule,
        organisme=str(offre.entreprise),
        type_contrat=offre.type_contrat,
        heures_hebdo=offre.heures_hebdo,
        metier=offre.metier,
    )
    # Training MER: one realised (its formation situation is created), one proposed.
    catalogue = ActionFormation.objects.filter(origine=OrigineAction.EXTERNE).non_terminees()
    cuisine = catalogue.filter(identifiant_externe="BRE-2026-0001").first()
    if cuisine is not None:
        services_formations.mer_changer_etat(
            mer=mer(0, action_formation=cuisine),
            par=par,
            etat=EtatMer.REALISEE,
            issue=issue(("issue_mer", "entree_formation")),
        )
    clea = catalogue.filter(identifiant_externe="BRE-2026-0002").first()
    if clea is not None:
        mer(8, action_formation=clea, commentaire="Positionnement prévu avec le GRETA.")
    services_formations.action_formation_creer(
        structure=ml,
        par=par,
        intitule="Préparation opérationnelle à l'emploi : agent logistique",
        organisme="Logistique Express Ouest" if ml.code == "35901" else "Armor Logistique",
        formacode="31812",
        metier=MetierRome.objects.filter(code="N1103").first(),
        objectif=elements.get(("objectif_formation", "professionnalisation")),
        validation=elements.get(("validation_formation", "attestation")),
        debut=timezone.localdate() + timedelta(days=20),
        fin=timezone.localdate() + timedelta(days=80),
        places=8,
    )
