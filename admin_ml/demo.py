"""Demo organisations and accounts (see imilo/management/commands/donnees_demo.py)."""

from datetime import date, datetime, time

from django.utils import timezone
from stdnum import luhn

from admin_ml.facturation import Mois
from admin_ml.models import LieuAccueil, MissionLocale, Profil, ProfilDroit, Region, Utilisateur
from admin_ml.profils import profils_standard_synchroniser
from admin_ml.services import utilisateur_desactiver
from imilo.demo import MOT_DE_PASSE_DEMO
from imilo.droits import Droit
from imilo.historique import enregistrer


def _siret(siren_et_nic: str) -> str:
    return siren_et_nic + luhn.calc_check_digit(siren_et_nic)


STRUCTURES = [
    {
        "code": "35901",
        "nom": "Mission Locale des Rives de l'Ille",
        "siret": _siret("7849012340001"),
        "adresse": "12 rue de la Visitation",
        "code_postal": "35000",
        "commune": "Rennes",
        "telephone": "02 99 00 11 22",
        "email": "contact@ml-rives-ille.example.org",
        "lieux": [
            # (nom, adresse, complément, code postal, commune, téléphone, siège)
            ("Siège de Rennes", "12 rue de la Visitation", "", "35000", "Rennes", "", True),
            (
                "Antenne de Betton",
                "3 place Charles de Gaulle",
                "Maison des services, 1er étage",
                "35830",
                "Betton",
                "02 99 00 11 30",
                False,
            ),
        ],
        "equipe": [
            ("s.debout", "Sylvie", "DEBOUT", "conseiller", ["conseiller_referent", "prescripteur"]),
            ("k.benali", "Karim", "BENALI", "accueil", ["accueil"]),
            ("m.le-goff", "Maëlle", "LE GOFF", "validateur", ["validateur", "conseiller_referent"]),
            ("a.riou", "Anne", "RIOU", "direction", ["direction"]),
            ("t.nguyen", "Thomas", "NGUYEN", "administrateur", []),
        ],
        # The lifecycle, lived in: Fanny Morel left at the end of a month (deactivated on
        # its last day), Lucas Garnier arrived on the first of the next, with the ML's own
        # profile (seed 003's advice: one account billed each month).
        "mouvements": [
            # (identifiant, prénom, nom, profil, fonctions, arrivée, départ) in months ago:
            # arrivée = first day of that month, départ = last day of that month.
            ("f.morel", "Fanny", "MOREL", "conseiller", ["conseiller_referent"], 9, 3),
            ("l.garnier", "Lucas", "GARNIER", "relations-entreprises", [], 2, None),
        ],
    },
    {
        "code": "22902",
        "nom": "Mission Locale du Val d'Armor",
        "siret": _siret("7849056780001"),
        "adresse": "5 boulevard Clemenceau",
        "code_postal": "22000",
        "commune": "Saint-Brieuc",
        "telephone": "02 96 00 33 44",
        "email": "accueil@ml-val-armor.example.org",
        "lieux": [
            (
                "Siège de Saint-Brieuc",
                "5 boulevard Clemenceau",
                "",
                "22000",
                "Saint-Brieuc",
                "",
                True,
            ),
            (
                "Antenne de Lamballe",
                "8 rue du Val",
                "Espace emploi, bâtiment C",
                "22400",
                "Lamballe-Armor",
                "02 96 00 33 50",
                False,
            ),
        ],
        "equipe": [
            (
                "j.kervella",
                "Julien",
                "KERVELLA",
                "conseiller",
                ["conseiller_referent", "prescripteur"],
            ),
            ("n.diallo", "Nadia", "DIALLO", "accueil", ["accueil"]),
            ("p.morvan", "Paul", "MORVAN", "validateur", ["validateur", "conseiller_referent"]),
            ("c.guillou", "Claire", "GUILLOU", "direction", ["direction"]),
            ("y.tanguy", "Yann", "TANGUY", "administrateur", []),
        ],
        # On long sick leave since last month: deactivated until she comes back.
        "mouvements": [
            ("h.le-bihan", "Hélène", "LE BIHAN", "accueil", ["accueil"], 7, 1),
        ],
    },
]


# The ML's own profile of the first demo ML (the standard ones cover the rest).
PROFIL_PROPRE = {
    "code": "relations-entreprises",
    "nom": "Chargé de relations entreprises",
    "description": "Suit les entreprises et les offres de service ; consulte les dossiers.",
    "droits": [Droit.DOSSIERS_VOIR, Droit.OFFRES_GERER],
}
# Demo accounts created now are dated this many months back, so that the billing list
# has a past.
ANCIENNETE_MOIS = 10


def _mois_il_y_a(mois: int) -> Mois:
    aujourdhui = timezone.localdate()
    numero = aujourdhui.year * 12 + aujourdhui.month - 1 - mois
    return Mois(numero // 12, numero % 12 + 1)


def _a(jour: date, heure: int) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time(heure)))


def _dater(utilisateur, *dates) -> None:
    """Date the account's historical rows (oldest first) and its creation: the billing
    list reads them."""
    versions = list(utilisateur.history.order_by("history_date", "history_id"))
    for version, quand in zip(versions, dates, strict=False):
        Utilisateur.history.filter(history_id=version.history_id).update(history_date=quand)
    Utilisateur.objects.filter(pk=utilisateur.pk).update(created_at=dates[0])


def _profil_propre(ml) -> Profil:
    profil, _ = Profil.objects.update_or_create(
        structure=ml,
        code=PROFIL_PROPRE["code"],
        defaults={"nom": PROFIL_PROPRE["nom"], "description": PROFIL_PROPRE["description"]},
    )
    for droit in PROFIL_PROPRE["droits"]:
        ProfilDroit.objects.get_or_create(profil=profil, droit=droit)
    return profil


def _mouvements(ml, lignes, profils, direction, numero) -> None:
    for rang, ligne in enumerate(lignes):
        identifiant, prenom, nom, profil, fonctions, arrivee, depart = ligne
        if Utilisateur.objects.filter(identifiant=identifiant).exists():
            continue
        utilisateur = Utilisateur(
            identifiant=identifiant,
            prenom=prenom,
            nom=nom,
            email=f"{identifiant}@ml.example.org",
            date_naissance=date(1979 + 4 * rang + numero, 3 + rang, 7 + rang),
            structure=ml,
            profil=profils[profil],
            **{
                champ: champ.removeprefix("fonction_") in fonctions
                for champ in Utilisateur.FONCTIONS
            },
        )
        utilisateur.set_password(MOT_DE_PASSE_DEMO)
        enregistrer(utilisateur, par=direction)
        dates = [_a(_mois_il_y_a(arrivee).premier_jour, 9)]
        if depart is not None:
            utilisateur_desactiver(utilisateur=utilisateur, par=direction)
            dates.append(_a(_mois_il_y_a(depart).dernier_jour, 18))
        _dater(utilisateur, *dates)


def peupler(demo) -> None:
    profils_standard_synchroniser()
    profils = {p.code: p for p in Profil.objects.filter(structure__isnull=True)}
    region, _ = Region.objects.update_or_create(code="53", defaults={"nom": "Bretagne"})
    demo.resume.append(f"Mot de passe de tous les comptes de démonstration : {MOT_DE_PASSE_DEMO}")
    for numero, donnees in enumerate(STRUCTURES):
        ml, _ = MissionLocale.objects.update_or_create(
            code=donnees["code"],
            defaults={
                "region": region,
                **{
                    champ: donnees[champ]
                    for champ in ("nom", "siret", "adresse", "code_postal", "commune")
                },
                "telephone": donnees["telephone"],
                "email": donnees["email"],
            },
        )
        lieux = []
        for ligne in donnees["lieux"]:
            nom, adresse, complement, code_postal, commune, telephone, est_siege = ligne
            lieu, _ = LieuAccueil.objects.update_or_create(
                structure=ml,
                nom=nom,
                defaults={
                    "adresse": adresse,
                    "complement_adresse": complement,
                    "code_postal": code_postal,
                    "commune": commune,
                    # The siège answers on the ML's number.
                    "telephone": telephone or donnees["telephone"],
                    "est_siege": est_siege,
                    "actif": True,
                },
            )
            lieux.append(lieu)
        utilisateurs = {}
        demo.resume.append(f"{ml.nom} :")
        for rang, (identifiant, prenom, nom, profil, fonctions) in enumerate(donnees["equipe"]):
            utilisateur, cree = Utilisateur.objects.update_or_create(
                identifiant=identifiant,
                defaults={
                    "prenom": prenom,
                    "nom": nom,
                    "email": f"{identifiant}@ml.example.org",
                    "date_naissance": date(1975 + 3 * rang + numero, 1 + rang, 10 + rang),
                    "structure": ml,
                    "profil": profils[profil],
                    "is_active": True,
                    **{
                        champ: champ.removeprefix("fonction_") in fonctions
                        for champ in Utilisateur.FONCTIONS
                    },
                    # The ML's RGS certificate is delegated to its validateur.
                    "delegation_rgs": "validateur" in fonctions,
                },
            )
            if not utilisateur.check_password(MOT_DE_PASSE_DEMO):
                utilisateur.set_password(MOT_DE_PASSE_DEMO)
                utilisateur.save(update_fields=["password"])
            if cree:
                _dater(utilisateur, _a(_mois_il_y_a(ANCIENNETE_MOIS).premier_jour, 9))
            utilisateurs[profil] = utilisateur
            demo.resume.append(f"  {identifiant:<12} {profils[profil].nom}")
        # Not in `utilisateurs`: the other apps give files to that team only.
        if any(ligne[3] == PROFIL_PROPRE["code"] for ligne in donnees["mouvements"]):
            profils_ml = {**profils, PROFIL_PROPRE["code"]: _profil_propre(ml)}
        else:
            profils_ml = profils
        _mouvements(ml, donnees["mouvements"], profils_ml, utilisateurs["direction"], numero)
        for identifiant, *_, depart in donnees["mouvements"]:
            etat = "désactivé" if depart is not None else "profil propre à la ML"
            demo.resume.append(f"  {identifiant:<12} ({etat})")
        demo.objets.setdefault("structures", []).append(
            {"ml": ml, "lieux": lieux, "utilisateurs": utilisateurs}
        )
