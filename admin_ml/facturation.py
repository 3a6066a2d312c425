"""The monthly billing list of an ML: the accounts billed for a month.

Seed 003: « La désactivation suspend la facturation à compter du mois suivant ». An account
is billed to an ML for a month when it was active, in that ML, at any moment of the month.
This is read from the history of the account (`is_active` and `structure` of every
historical row), not from its state today, so that a past month's list stays true after
later deactivations, recoveries by another ML or unsubscriptions.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby, pairwise

from django.utils import timezone

from admin_ml.models import Utilisateur
from imilo.dates import debut_du_jour
from imilo.exports import csv_francais


@dataclass(frozen=True)
class Mois:
    annee: int
    mois: int

    @classmethod
    def de_texte(cls, texte: str | None) -> "Mois":
        """`2026-03` (what `<input type="month">` sends); this month otherwise."""
        try:
            annee, mois = (int(partie) for partie in (texte or "").split("-"))
            date(annee, mois, 1)
            if not 2000 <= annee <= 2100:
                raise ValueError(annee)
        except ValueError:
            aujourdhui = timezone.localdate()
            return cls(aujourdhui.year, aujourdhui.month)
        return cls(annee, mois)

    @property
    def premier_jour(self) -> date:
        return date(self.annee, self.mois, 1)

    @property
    def suivant(self) -> "Mois":
        return Mois(self.annee + self.mois // 12, self.mois % 12 + 1)

    @property
    def precedent(self) -> "Mois":
        return Mois(self.annee - (self.mois == 1), (self.mois - 2) % 12 + 1)

    @property
    def dernier_jour(self) -> date:
        return self.suivant.premier_jour - timedelta(days=1)

    @property
    def debut(self) -> datetime:
        # Months begin at midnight in the ML's time (Europe/Paris).
        return debut_du_jour(self.premier_jour)

    @property
    def fin(self) -> datetime:
        return self.suivant.debut

    def __str__(self):
        return f"{self.annee:04d}-{self.mois:02d}"


@dataclass(frozen=True)
class LigneFacturation:
    utilisateur: Utilisateur
    # The days of the month the account was active in the ML (first and last).
    du: date
    au: date
    # The ML of the list (the account may have moved to another one since).
    structure_id: int

    @property
    def tout_le_mois(self) -> bool:
        mois = Mois(self.du.year, self.du.month)
        return self.du == mois.premier_jour and self.au == mois.dernier_jour

    @property
    def etat_aujourdhui(self) -> str:
        utilisateur = self.utilisateur
        if utilisateur.est_desabonne:
            return "désabonné"
        if utilisateur.structure_id != self.structure_id:
            return "dans une autre mission locale"
        return "actif" if utilisateur.is_active else "désactivé"


def _periodes_actives(structure, mois: Mois) -> dict[int, tuple[datetime, datetime]]:
    """Account id → (first, last instant) it was active in the ML during the month."""
    Historique = Utilisateur.history.model
    lignes = (
        Historique.objects.filter(
            # Every state of every account that ever belonged to the ML (an account may
            # have been recovered by another ML since, or come from one).
            id__in=Historique.objects.filter(structure=structure).values("id"),
            history_date__lt=mois.fin,
        )
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", "is_active", "structure_id")
    )
    periodes = {}
    for compte, etats in groupby(lignes.iterator(), key=lambda ligne: ligne[0]):
        for courant, suivant in pairwise([*etats, None]):
            _, depuis, type_, actif, structure_id = courant
            # A state holds until the next historical row (or still, for the last one).
            jusqu_a = suivant[1] if suivant else mois.fin
            if type_ == "-" or not actif or structure_id != structure.pk:
                continue
            debut, fin = max(depuis, mois.debut), min(jusqu_a, mois.fin)
            if fin <= debut:
                continue
            precedent = periodes.get(compte)
            periodes[compte] = (
                (min(precedent[0], debut), max(precedent[1], fin)) if precedent else (debut, fin)
            )
    return periodes


def facturation(structure, mois: Mois) -> list[LigneFacturation]:
    """The accounts billed to the ML for the month, by name (two queries)."""
    periodes = _periodes_actives(structure, mois)
    comptes = Utilisateur.objects.filter(pk__in=periodes).order_by("nom", "prenom", "pk")
    return [
        LigneFacturation(
            compte,
            timezone.localtime(periodes[compte.pk][0]).date(),
            # The end is exclusive: the last active day is the day before, unless the
            # account was deactivated during a day.
            timezone.localtime(periodes[compte.pk][1] - timedelta(microseconds=1)).date(),
            structure.pk,
        )
        for compte in comptes
    ]


def facturation_csv(lignes: list[LigneFacturation]) -> bytes:
    return csv_francais(
        [
            ["Nom", "Identifiant", "Actif du", "Actif au", "État aujourd'hui"],
            *(
                [
                    ligne.utilisateur.nom_complet,
                    ligne.utilisateur.identifiant,
                    f"{ligne.du:%d/%m/%Y}",
                    f"{ligne.au:%d/%m/%Y}",
                    ligne.etat_aujourdhui,
                ]
                for ligne in lignes
            ),
            [],
            ["Comptes facturés", str(len(lignes))],
        ]
    )
