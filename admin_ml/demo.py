"""Demo organisations and accounts (see imilo/management/commands/donnees_demo.py)."""

from datetime import date

from stdnum import luhn

from admin_ml.models import LieuAccueil, MissionLocale, Profil, Region, Utilisateur
from admin_ml.profils import profils_standard_synchroniser
from imilo.demo import MOT_DE_PASSE_DEMO


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
    },
]


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
            utilisateur, _ = Utilisateur.objects.update_or_create(
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
            utilisateurs[profil] = utilisateur
            demo.resume.append(f"  {identifiant:<12} {profils[profil].nom}")
        demo.objets.setdefault("structures", []).append(
            {"ml": ml, "lieux": lieux, "utilisateurs": utilisateurs}
        )
