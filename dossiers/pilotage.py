"""Pilotage: the indicators of a period and a perimeter, each opening the list it counts.

A figure is never a black box (Sénat, rapport 2016-2017 n° 575, on the national tool that
"ne permettait pas de produire en temps réel les indicateurs de suivi"): an indicator that
counts young people is computed by the multi-criteria search itself — the perimeter as its
ordinary criteria (`lieu`, `conseiller`, `dans_le_dispositif`), the indicator as the hidden
criterion `indicateur` — and its link opens that same search. The figure is the length of
the list by construction, and the tests prove it.

Indicators are for the team to steer its work (seed 001): breakdowns by counsellor are for
the direction only, and nothing here ranks counsellors or young people.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone

from admin_ml.forms import champ_lieu
from admin_ml.models import Utilisateur
from dossiers.criteres import appliquer_criteres, criteres_form
from dossiers.models import Jeune
from dossiers.registres import INDICATEURS, PERIMETRES, RUBRIQUES, Critere, Indicateur
from imilo.dates import debut_du_jour
from imilo.droits import Droit
from imilo.formulaires import ChampDate, FormulaireDsfr

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# A period longer than this is refused: the page answers for the ML's history, not for
# arbitrary spans (the activity report is yearly).
JOURS_MAX = 3 * 366


@dataclass(frozen=True)
class Periode:
    du: date
    au: date  # included

    @property
    def libelle(self) -> str:
        if self.du.day == 1 and self.au == _fin_du_mois(self.du):
            return f"{MOIS[self.du.month - 1]} {self.du.year}"
        annee_entiere = (self.du.month, self.du.day, self.au.month, self.au.day) == (1, 1, 12, 31)
        if annee_entiere and self.du.year == self.au.year:
            return f"année {self.du.year}"
        return f"du {self.du:%d/%m/%Y} au {self.au:%d/%m/%Y}"

    @property
    def debut(self):
        return debut_du_jour(self.du)

    @property
    def fin(self):
        """The instant after the period (exclusive bound)."""
        return debut_du_jour(self.au + timedelta(days=1))

    def texte(self) -> str:
        return f"{self.du.isoformat()}|{self.au.isoformat()}"

    @classmethod
    def du_texte(cls, texte: str) -> "Periode":
        du, au = (date.fromisoformat(partie) for partie in texte.split("|"))
        if au < du or (au - du).days > JOURS_MAX:
            raise ValueError("période invalide")
        return cls(du, au)


def _fin_du_mois(jour: date) -> date:
    suivant = date(jour.year + jour.month // 12, jour.month % 12 + 1, 1)
    return suivant - timedelta(days=1)


def mois(annee: int, numero: int) -> Periode:
    debut = date(annee, numero, 1)
    return Periode(debut, _fin_du_mois(debut))


def trimestre(annee: int, numero: int) -> Periode:
    debut = date(annee, 3 * numero - 2, 1)
    return Periode(debut, _fin_du_mois(date(annee, 3 * numero, 1)))


def annee(annee_: int) -> Periode:
    return Periode(date(annee_, 1, 1), date(annee_, 12, 31))


# --- The page's form: a period and a perimeter -------------------------------------------

TYPES_DE_PERIODE = [
    ("mois", "un mois"),
    ("trimestre", "un trimestre"),
    ("annee", "une année"),
    ("dates", "deux dates"),
]


class PilotageForm(FormulaireDsfr, forms.Form):
    type_periode = forms.ChoiceField(
        label="Période", choices=TYPES_DE_PERIODE, initial="mois", required=False
    )
    mois = forms.CharField(
        label="Mois",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="Par exemple 2026-03.",
    )
    trimestre = forms.ChoiceField(label="Trimestre", required=False)
    annee = forms.IntegerField(label="Année", required=False, min_value=2000, max_value=2100)
    du = ChampDate(label="Du", required=False)
    au = ChampDate(label="Au (inclus)", required=False)

    def __init__(self, *args, structure, utilisateur, **kwargs):
        super().__init__(*args, **kwargs)
        aujourdhui = timezone.localdate()
        self.fields["trimestre"].choices = [
            (f"{a}-T{t}", f"{t}{'er' if t == 1 else 'e'} trimestre {a}")
            for a in range(aujourdhui.year, aujourdhui.year - 3, -1)
            for t in (4, 3, 2, 1)
        ]
        self.direction = utilisateur.a_le_droit(Droit.ADMIN_ML_VOIR_PILOTAGE)
        if self.direction:
            # A counsellor's portfolio is a perimeter for the direction; a counsellor sees
            # their own, and no one else's.
            self.fields["conseiller"] = forms.ModelChoiceField(
                label="Portefeuille du conseiller",
                queryset=Utilisateur.objects.de_la_structure(structure).conseillers_referents(),
                required=False,
                empty_label="toute la mission locale",
            )
        self.fields["lieu"] = champ_lieu(structure, "Lieu de rattachement", empty_label="tous")
        for critere in PERIMETRES:
            self.fields[critere.nom] = critere.champ(structure)

    def clean(self):
        donnees = super().clean()
        type_periode = donnees.get("type_periode") or "mois"
        try:
            donnees["periode"] = self._periode(type_periode, donnees)
        except ValueError as erreur:
            champ = {"mois": "mois", "trimestre": "trimestre", "annee": "annee"}.get(
                type_periode, "au"
            )
            self.add_error(champ, str(erreur))
        return donnees

    @staticmethod
    def _periode(type_periode: str, donnees: dict) -> Periode:
        aujourdhui = timezone.localdate()
        if type_periode == "mois":
            texte = donnees.get("mois") or f"{aujourdhui:%Y-%m}"
            try:
                a, m = (int(partie) for partie in texte.split("-"))
                return mois(a, m)
            except ValueError as exc:
                raise ValueError("Choisissez un mois, par exemple 2026-03.") from exc
        if type_periode == "trimestre":
            texte = donnees.get("trimestre") or f"{aujourdhui.year}-T{(aujourdhui.month + 2) // 3}"
            a, t = texte.split("-T")
            return trimestre(int(a), int(t))
        if type_periode == "annee":
            return annee(donnees.get("annee") or aujourdhui.year)
        du, au = donnees.get("du"), donnees.get("au")
        if not (du and au):
            raise ValueError("Indiquez les deux dates de la période.")
        if au < du:
            raise ValueError("La fin de la période précède son début.")
        if (au - du).days > JOURS_MAX:
            raise ValueError("Choisissez une période de trois ans au plus.")
        return Periode(du, au)


# --- Figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    indicateur: Indicateur
    valeur: str
    libelle: str
    nombre: int
    url: str
    # Read beside the figure, not a count (Indicateur.complement).
    complement: str = ""


def criteres_du_perimetre(perimetre: dict, periode: Periode) -> dict[str, str]:
    """The search criteria that select the perimeter's young people."""
    criteres = {}
    if perimetre.get("conseiller"):
        criteres["conseiller"] = str(perimetre["conseiller"].pk)
    if perimetre.get("lieu"):
        criteres["lieu"] = str(perimetre["lieu"].pk)
    for critere in PERIMETRES:
        if perimetre.get(critere.nom):
            criteres[critere.nom] = f"{perimetre[critere.nom].pk}|{periode.texte()}"
    return criteres


def valeur_de_l_indicateur(indicateur: Indicateur, periode: Periode, valeur: str = "") -> str:
    return f"{indicateur.code}|{periode.texte()}|{valeur}"


def jeunes_comptes(structure, criteres: dict):
    """The young people of the ML the criteria select (the search's own computation)."""
    formulaire = criteres_form(structure, criteres)
    return appliquer_criteres(Jeune.objects.de_la_structure(structure), formulaire)


def restreindre_aux_jeunes(lignes, structure, texte: str, chemin: str = "jeune"):
    """Rows (appointments, events…) of the young people a search selects: `texte` is the
    search's query string, as a figure of the Pilotage page passes its perimeter to the
    list of the rows it counts."""
    if not texte:
        return lignes
    criteres = dict(parse_qsl(texte))
    return lignes.filter(**{f"{chemin}__in": jeunes_comptes(structure, criteres).values("pk")})


def figures(structure, perimetre: dict, periode: Periode, rubrique: str | None = None):
    """Every registered figure of the perimeter and period (of one rubrique), in order."""
    du_perimetre = criteres_du_perimetre(perimetre, periode)
    complet = {**perimetre, "structure": structure, "criteres": du_perimetre}
    resultat = []
    for indicateur in INDICATEURS:
        if rubrique and indicateur.rubrique != rubrique:
            continue
        valeurs = indicateur.valeurs(structure) if indicateur.valeurs else [("", "")]
        for valeur, libelle in valeurs:
            if indicateur.jeunes is not None:
                criteres = {
                    **du_perimetre,
                    "indicateur": valeur_de_l_indicateur(indicateur, periode, valeur),
                }
                comptes = jeunes_comptes(structure, criteres)
                url = f"{reverse('dossiers:liste')}?{urlencode(criteres)}"
            else:
                comptes, url = indicateur.lignes(complet, periode, valeur)
            complement = (
                indicateur.complement(comptes, periode, valeur, complet)
                if indicateur.complement
                else ""
            )
            resultat.append(Figure(indicateur, valeur, libelle, comptes.count(), url, complement))
    return resultat


def par_rubrique(liste: list[Figure]) -> list[dict]:
    return [
        {
            "code": code,
            "titre": titre,
            "figures": [figure for figure in liste if figure.indicateur.rubrique == code],
        }
        for code, titre in RUBRIQUES.items()
        if any(figure.indicateur.rubrique == code for figure in liste)
    ]


# --- The hidden criterion the figures link to ----------------------------------------------


def _filtre_indicateur(qs, texte):
    """`code|du|au|valeur`: the young people that indicator counts; anything malformed
    selects nothing (never everything: a group action may follow)."""
    try:
        code, du, au, valeur = texte.split("|", 3)
        indicateur = INDICATEURS[code]
        periode = Periode.du_texte(f"{du}|{au}")
    except (KeyError, ValueError):
        return qs.none()
    if indicateur.jeunes is None:
        return qs.none()
    return indicateur.jeunes(qs, periode, valeur)


CRITERE_INDICATEUR = Critere(
    "indicateur",
    lambda structure: forms.CharField(required=False, max_length=200, widget=forms.HiddenInput),
    _filtre_indicateur,
)


def indicateur_du_lien(structure, texte: str):
    """(indicateur, période, libellé de la valeur) of a list reached from a figure, to say
    on the list what it counts; None when the text is not one."""
    try:
        code, du, au, valeur = texte.split("|", 3)
        indicateur = INDICATEURS[code]
        periode = Periode.du_texte(f"{du}|{au}")
    except (KeyError, ValueError):
        return None
    libelles = dict(indicateur.valeurs(structure)) if indicateur.valeurs else {}
    return indicateur, periode, libelles.get(valeur, valeur)
