"""The dispositifs in the Pilotage: the perimeter « un dispositif », the rubrique
« Dispositifs » (entries, exits by motif with their average length, in progress at the end,
allocation requests with their amounts) and the situations at exit (the State's CPO ratio,
exits with no known situation). Registered in dispositifs/apps.py; the definitions are
those of docs/pilotage.md.

A figure's value names the dispositifs it reads (`dispositifs_de_la_valeur`): "" every
type, "pacea+cej" the two the CPO counts together, "<type>" one type of the ML (its id),
"<type>:<niveau>" a CEP level, "<type>/<motif>" the exits of a type for one motif."""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.db.models import (
    Avg,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Sum,
)
from django.urls import reverse
from django.utils.formats import number_format

from dispositifs.enums import EtapeAllocation
from dispositifs.models import DATE_DE_L_ETAPE, DemandeAllocation, Dispositif
from dispositifs.regles import CEJ, CEP, NIVEAUX_CEP, PACEA
from dossiers.enums import CATEGORIES_AVEC_CONTRAT
from dossiers.models import Situation
from dossiers.pilotage import Periode, jeunes_comptes, restreindre_aux_jeunes
from dossiers.registres import Critere, Indicateur
from referentiels.forms import champ_element
from referentiels.models import ElementReference

TOUS = ""
PACEA_ET_CEJ = "pacea+cej"
JOURS_PAR_MOIS = 365.25 / 12


# --- The perimeter « un dispositif » -------------------------------------------------------


def dans_le_dispositif(qs, texte):
    """`<type>|<du>|<au>`: the young people who had a dispositif of that type during the
    period (entered on or before its last day, not left before its first). Anything
    malformed selects nothing (never everything: a group action may follow)."""
    try:
        type_id, periode = texte.split("|", 1)
        periode = Periode.du_texte(periode)
        type_id = int(type_id)
    except ValueError:
        return qs.none()
    pendant = Dispositif.objects.filter(
        jeune=OuterRef("pk"), type_id=type_id, entree_le__lte=periode.au
    ).filter(Q(fin_reelle__isnull=True) | Q(fin_reelle__gte=periode.du))
    return qs.filter(Exists(pendant))


# The search reads the value as text (a figure's link carries it); the Pilotage page shows
# the ML's types and writes the value with its period (dossiers.pilotage).
CRITERE_DANS_LE_DISPOSITIF = Critere(
    "dans_le_dispositif",
    lambda structure: forms.CharField(required=False, max_length=100, widget=forms.HiddenInput),
    dans_le_dispositif,
)
PERIMETRE_DISPOSITIF = Critere(
    "dans_le_dispositif",
    lambda structure: champ_element(
        "type_dispositif",
        structure,
        label="Dispositif",
        empty_label="tous les jeunes",
        help_text="Les jeunes qui ont eu ce dispositif pendant la période.",
    ),
    dans_le_dispositif,
)


# --- Values: which dispositifs a figure reads ------------------------------------------------


def types_de_la_ml(structure):
    """The types of dispositif of the ML, deactivated ones included: their dispositifs
    still count."""
    return (
        ElementReference.objects.de_la_table("type_dispositif")
        .visibles_pour(structure)
        .order_by("ordre", "libelle", "pk")
    )


def dispositifs_de_la_valeur(valeur: str):
    """The dispositifs a figure's value names; ValueError when it names none."""
    if valeur == TOUS:
        return Dispositif.objects.all()
    if valeur == PACEA_ET_CEJ:
        return Dispositif.objects.filter(type__code__in=[PACEA, CEJ])
    type_id, _, motif_id = valeur.partition("/")
    type_id, _, niveau = type_id.partition(":")
    dispositifs = Dispositif.objects.filter(type_id=int(type_id))
    if niveau:
        dispositifs = dispositifs.filter(niveau_cep=int(niveau))
    if motif_id:
        dispositifs = dispositifs.filter(motif_sortie_id=int(motif_id))
    return dispositifs


def par_type(structure, *, niveaux_cep=True, motifs=False):
    """Every dispositif, then each type of the ML (the CEP by level), and with `motifs`
    each motif its exits have had in the ML (only those: not a row of zeros per motif a
    type allows)."""
    presents: dict[int, list] = {}
    if motifs:
        sorties = (
            Dispositif.objects.de_la_structure(structure)
            .filter(fin_reelle__isnull=False)
            .values_list("type_id", "motif_sortie_id", "motif_sortie__libelle")
            .order_by("type_id", "motif_sortie__ordre", "motif_sortie__libelle")
            .distinct()
        )
        for type_id, motif_id, libelle in sorties:
            presents.setdefault(type_id, []).append((motif_id, libelle))
    valeurs = [(TOUS, "tous dispositifs")]
    for type_ in types_de_la_ml(structure):
        valeurs.append((str(type_.pk), type_.libelle))
        if niveaux_cep and type_.code == CEP:
            valeurs += [(f"{type_.pk}:{n}", f"{type_.libelle}, niveau {n}") for n in NIVEAUX_CEP]
        valeurs += [
            (f"{type_.pk}/{motif_id}", f"{type_.libelle}, motif « {libelle} »")
            for motif_id, libelle in presents.get(type_.pk, [])
        ]
    return valeurs


def pour_le_ratio(structure):
    """PACEA and CEJ together (the CPO's count), then each type of the ML."""
    return [(PACEA_ET_CEJ, "PACEA et CEJ"), *par_type(structure, niveaux_cep=False)[1:]]


# --- Young people by their dispositifs -----------------------------------------------------


def entres(dispositifs, periode):
    return dispositifs.filter(entree_le__range=(periode.du, periode.au))


def sortis(dispositifs, periode):
    return dispositifs.filter(fin_reelle__range=(periode.du, periode.au))


def en_cours_a_la_fin(dispositifs, periode):
    # Left on the last day: no longer in progress at the end of it.
    return dispositifs.filter(entree_le__lte=periode.au).filter(
        Q(fin_reelle__isnull=True) | Q(fin_reelle__gt=periode.au)
    )


def ayant(selection, periode, valeur):
    """The condition on a young person: at least one dispositif of the value that
    `selection(dispositifs, periode)` keeps; ValueError for a malformed value."""
    dispositifs = selection(dispositifs_de_la_valeur(valeur), periode)
    return Exists(dispositifs.filter(jeune=OuterRef("pk")))


def jeunes_ayant(selection):
    """An indicator's `jeunes` (a malformed value selects nothing)."""

    def jeunes(qs, periode, valeur):
        try:
            return qs.filter(ayant(selection, periode, valeur))
        except ValueError:
            return qs.none()

    return jeunes


class UnMoisApres(Func):
    """The same day a month later; PostgreSQL keeps the end of the month (31 January →
    28 February), like regles.ajouter_mois."""

    template = "(%(expressions)s + interval '1 month')::date"
    output_field = DateField()


def situations_a_la_sortie():
    """The situations of an exited dispositif's young person (OuterRef) in progress on the
    day of the exit or starting within the month after it: begun at the latest a month
    after the exit, and not ended by the exit day. A situation whose real end is day J is
    terminée on day J (the derived state, dossiers EtatSituation and
    SituationQuerySet.en_cours)."""
    sortie = OuterRef("fin_reelle")
    return Situation.objects.filter(jeune=OuterRef("jeune"), debut__lte=UnMoisApres(sortie)).filter(
        Q(fin_reelle__isnull=True) | Q(fin_reelle__gt=sortie)
    )


def sortis_en_emploi_ou_alternance(dispositifs, periode):
    """CPO État 2019-2022 (seed 003): « ne valorise que les jeunes en emploi ou alternance à
    la date de sortie ou dans le premier mois de la sortie, quel que soit le motif de
    sortie ». Employment or alternance: the categories that hold a contract
    (dossiers.enums.CATEGORIES_AVEC_CONTRAT: emploi, alternance)."""
    en_emploi = situations_a_la_sortie().filter(categorie__in=CATEGORIES_AVEC_CONTRAT)
    return sortis(dispositifs, periode).filter(Exists(en_emploi))


def sortis_sans_situation_connue(dispositifs, periode):
    return sortis(dispositifs, periode).filter(~Exists(situations_a_la_sortie()))


# --- What is read beside a figure -----------------------------------------------------------


def _nombre(valeur, decimales: int = 0) -> str:
    # Rounded here: number_format cuts the decimals off.
    return number_format(
        round(valeur, decimales), decimal_pos=decimales, use_l10n=True, force_grouping=True
    )


def pourcentage(partie: int, tout: int) -> str:
    return f"{_nombre(100 * partie / tout, 1)}\u00a0%"


def duree_moyenne(comptes, periode, valeur, perimetre) -> str:
    """The average length of the dispositifs of the value exited in the period by the young
    people the figure counts (entry to exit)."""
    try:
        dispositifs = dispositifs_de_la_valeur(valeur)
    except ValueError:
        return ""
    duree = ExpressionWrapper(F("fin_reelle") - F("entree_le"), output_field=DurationField())
    moyenne = (
        sortis(dispositifs, periode)
        .filter(jeune__in=comptes.values("pk"))
        .aggregate(moyenne=Avg(duree))["moyenne"]
    )
    if moyenne is None:
        return ""
    jours = moyenne / timedelta(days=1)
    return f"durée moyenne {_nombre(jours / JOURS_PAR_MOIS, 1)} mois ({_nombre(jours)} jours)"


def part_des_sortis(selection):
    """A complement: the share of the young people `selection` keeps among those of the
    perimeter who left a dispositif of the value in the period (the figure « Jeunes
    sortis »), both counted in one query."""

    def complement(comptes, periode, valeur, perimetre) -> str:
        try:
            partie, total = ayant(selection, periode, valeur), ayant(sortis, periode, valeur)
        except ValueError:
            return ""
        nombres = jeunes_comptes(perimetre["structure"], perimetre["criteres"]).aggregate(
            partie=Count("pk", filter=Q(partie)), total=Count("pk", filter=Q(total))
        )
        partie, total = nombres["partie"], nombres["total"]
        if not total:
            return "aucun jeune sorti"
        if total == 1:
            return f"{pourcentage(partie, total)} du jeune sorti"
        return f"{pourcentage(partie, total)} des {total} jeunes sortis"

    return complement


def montant_total(comptes, periode, valeur, perimetre) -> str:
    total = comptes.aggregate(total=Sum("montant"))["total"] or 0
    return f"montant {_nombre(total, 2)} €"


# --- Allocation requests: rows, their list ------------------------------------------------


def allocations(perimetre, periode, etape):
    """The requests that reached `etape` in the period (on its date), of the perimeter's
    young people, and the list of requests filtered alike."""
    structure = perimetre["structure"]
    date = DATE_DE_L_ETAPE[etape]
    lignes = (
        DemandeAllocation.objects.de_la_structure(structure)
        .passees_par(etape)
        .filter(**{f"{date}__gte": periode.debut, f"{date}__lt": periode.fin})
    )
    jeunes = urlencode(perimetre["criteres"])
    lignes = restreindre_aux_jeunes(lignes, structure, jeunes, "dispositif__jeune")
    parametres = {"etape": etape, "du": periode.du.isoformat(), "au": periode.au.isoformat()}
    if jeunes:
        parametres["jeunes"] = jeunes
    return lignes, f"{reverse('dispositifs:allocations')}?{urlencode(parametres)}"


INDICATEURS_DES_DISPOSITIFS = [
    Indicateur(
        "entrees_dispositif",
        "Jeunes entrés en dispositif",
        "dispositifs",
        "Jeunes entrés dans la période dans un dispositif de ce type (date d'entrée, bornes "
        "incluses). Le CEP est compté aussi par niveau : le niveau atteint à ce jour (un CEP "
        "monte de niveau, il n'en descend pas).",
        "Dates d'entrée des dispositifs ; niveaux du CEP (offres de service de niveau CEP).",
        jeunes=jeunes_ayant(entres),
        valeurs=par_type,
        ordre=10,
    ),
    Indicateur(
        "sorties_dispositif",
        "Jeunes sortis de dispositif",
        "dispositifs",
        "Jeunes sortis dans la période d'un dispositif de ce type (date de sortie, bornes "
        "incluses), puis par motif de sortie (les motifs que la mission locale a notés pour "
        "ce type). À côté : la durée moyenne, de l'entrée à la sortie, des dispositifs "
        "sortis comptés.",
        "Date et motif de sortie des dispositifs (charte PACEA, guide CEJ).",
        jeunes=jeunes_ayant(sortis),
        valeurs=lambda structure: par_type(structure, motifs=True),
        complement=duree_moyenne,
        ordre=20,
    ),
    Indicateur(
        "dispositifs_en_cours",
        "Jeunes en dispositif à la fin de la période",
        "dispositifs",
        "Jeunes dans un dispositif de ce type le dernier jour de la période : entrés au plus "
        "tard ce jour-là et pas encore sortis (une sortie ce jour-là n'est plus en cours).",
        "Dates d'entrée et de sortie des dispositifs.",
        jeunes=jeunes_ayant(en_cours_a_la_fin),
        valeurs=par_type,
        ordre=30,
    ),
    Indicateur(
        "allocations",
        "Demandes d'allocation",
        "dispositifs",
        "Demandes d'allocation PACEA et CEJ arrivées à cette étape dans la période, quel que "
        "soit leur état depuis : demandées (date de la demande), validées (date de la "
        "validation ; une demande transmise depuis compte), transmises à l'ASP (date de "
        "transmission). À côté : leur montant total. Les allocations payées ne sont pas "
        "encore connues : elles viendront avec les retours de paiement de l'ASP.",
        "Demandes d'allocation du dispositif (décret 2022-199 pour le CEJ ; allocation "
        "PACEA) ; leur circuit : enregistrée, soumise, validée, transmise.",
        lignes=allocations,
        valeurs=lambda structure: EtapeAllocation.choices,
        complement=montant_total,
        ordre=40,
    ),
    Indicateur(
        "sortis_cpo",
        "Jeunes sortis",
        "situations",
        "Jeunes sortis dans la période d'un PACEA ou d'un CEJ (ensemble, comme les compte la "
        "CPO), puis de chaque type de dispositif, quel que soit le motif de sortie : la base "
        "des deux lignes qui suivent.",
        "CPO État 2019-2022 (seed 003, « Les sorties de PACEA »).",
        jeunes=jeunes_ayant(sortis),
        valeurs=pour_le_ratio,
        ordre=60,
    ),
    Indicateur(
        "sortis_en_emploi_ou_alternance",
        "Jeunes sortis en emploi ou alternance",
        "situations",
        "Parmi les jeunes sortis, ceux en emploi ou en alternance à la date de sortie ou dans "
        "le premier mois qui la suit, quel que soit le motif de sortie : une situation "
        "« emploi » ou « alternance » en cours le jour de la sortie, ou qui commence au plus "
        "tard un mois après. À côté : leur part des jeunes sortis (le ratio de la CPO).",
        "CPO État 2019-2022 : « ne valorise que les jeunes en emploi ou alternance à la date "
        "de sortie ou dans le premier mois de la sortie, quel que soit le motif de sortie » "
        "(seed 003).",
        jeunes=jeunes_ayant(sortis_en_emploi_ou_alternance),
        valeurs=pour_le_ratio,
        complement=part_des_sortis(sortis_en_emploi_ou_alternance),
        ordre=70,
    ),
    Indicateur(
        "sortis_sans_situation_connue",
        "Jeunes sortis sans situation connue",
        "situations",
        "Parmi les jeunes sortis, ceux dont le dossier ne note aucune situation (de quelque "
        "catégorie) en cours le jour de la sortie ni commençant dans le mois qui suit : la "
        "situation à la sortie reste à renseigner. À côté : leur part des jeunes sortis.",
        "Charte PACEA : bien identifier la situation à l'entrée et à la sortie (seed 003).",
        jeunes=jeunes_ayant(sortis_sans_situation_connue),
        valeurs=pour_le_ratio,
        complement=part_des_sortis(sortis_sans_situation_connue),
        ordre=80,
    ),
]
