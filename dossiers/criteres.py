"""The criteria of the multi-criteria search: those of the youth file here; later apps add
theirs (their dispositifs, their enrolments…) to the registry dossiers.registres.CRITERES
from their AppConfig.ready(), without dossiers knowing."""

from datetime import date

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from admin_ml.models import LieuAccueil, Utilisateur
from dossiers.enums import CategorieSituation
from dossiers.models import Adresse, Evenement, JustificationIdentite, Situation
from dossiers.registres import CRITERES, Critere
from referentiels.enums import StatutQpv, StatutZrr

OUI_NON = [("", "indifférent"), ("oui", "oui"), ("non", "non")]


def _oui_non(libelle):
    return lambda structure: forms.ChoiceField(label=libelle, choices=OUI_NON, required=False)


def _il_y_a_ans(ans: int) -> date:
    aujourdhui = timezone.localdate()
    try:
        return aujourdhui.replace(year=aujourdhui.year - ans)
    except ValueError:  # 29 February
        return aujourdhui.replace(year=aujourdhui.year - ans, day=28)


def _adresse_courante(**filtre):
    return Exists(Adresse.objects.filter(jeune=OuterRef("pk"), fin__isnull=True, **filtre))


def _age_min(qs, ans):
    return qs.filter(date_naissance__lte=_il_y_a_ans(ans))


def _age_max(qs, ans):
    # Still `ans` years old: born after the day one turns ans + 1.
    return qs.filter(date_naissance__gt=_il_y_a_ans(ans + 1))


def _nir_certifie(qs, valeur):
    # "non": a NIR is there but not certified yet (files without NIR are not concerned).
    if valeur == "oui":
        return qs.filter(nir_certifie_le__isnull=False)
    return qs.exclude(nir="").filter(nir_certifie_le__isnull=True)


def _oui_non_filtre(condition):
    return lambda qs, valeur: qs.filter(condition if valeur == "oui" else ~condition)


# A file « sans contact » has had no event since that many months (home widget default).
MOIS_SANS_CONTACT = 3


def _situations(qs=None):
    return (Situation.objects.all() if qs is None else qs).filter(jeune=OuterRef("pk"))


def _situation_en_cours(qs, categorie):
    return qs.filter(Exists(_situations(Situation.objects.en_cours()).filter(categorie=categorie)))


FORMATION_SANS_OBJECTIF = Exists(
    _situations().filter(categorie=CategorieSituation.FORMATION, objectif__isnull=True)
)


def condition_sans_suite():
    """A situation has ended and nothing is in progress or planned after it."""
    return Exists(_situations(Situation.objects.terminees())) & ~Exists(
        _situations(Situation.objects.non_terminees())
    )


def sans_suite(qs, valeur):
    condition = condition_sans_suite()
    return qs.filter(condition if valeur == "oui" else ~condition)


def depuis_mois(mois: int) -> date:
    aujourdhui = timezone.localdate()
    annee, mois_du_jour = divmod(aujourdhui.year * 12 + aujourdhui.month - 1 - mois, 12)
    return date(annee, mois_du_jour + 1, min(aujourdhui.day, 28))


def condition_sans_contact(mois: int):
    """Files opened before the date with no event (contact) since."""
    limite = depuis_mois(mois)
    return Q(created_at__date__lt=limite) & ~Exists(
        Evenement.objects.filter(jeune=OuterRef("pk"), date__date__gte=limite)
    )


def sans_contact_depuis(qs, mois: int):
    return qs.filter(condition_sans_contact(mois))


CRITERES_DU_DOSSIER = [
    Critere(
        "conseiller",
        lambda structure: forms.ModelChoiceField(
            label="Conseiller référent",
            queryset=Utilisateur.objects.de_la_structure(structure).conseillers_referents(),
            required=False,
            empty_label="tous",
        ),
        lambda qs, valeur: qs.filter(conseiller_referent=valeur),
    ),
    # The files a user is référent of, whatever their functions now (the admin portal's
    # link before unsubscribing someone): hidden, reached by that link only.
    Critere(
        "referent_de",
        lambda structure: forms.ModelChoiceField(
            queryset=Utilisateur.objects.de_la_structure(structure),
            required=False,
            widget=forms.HiddenInput,
        ),
        lambda qs, valeur: qs.filter(conseiller_referent=valeur),
    ),
    Critere(
        "lieu",
        lambda structure: forms.ModelChoiceField(
            label="Lieu de rattachement",
            queryset=LieuAccueil.objects.de_la_structure(structure),
            required=False,
            empty_label="tous",
        ),
        lambda qs, valeur: qs.filter(lieu_rattachement=valeur),
    ),
    Critere(
        "age_min",
        lambda structure: forms.IntegerField(
            label="Âge minimum", min_value=0, max_value=99, required=False
        ),
        _age_min,
    ),
    Critere(
        "age_max",
        lambda structure: forms.IntegerField(
            label="Âge maximum", min_value=0, max_value=99, required=False
        ),
        _age_max,
    ),
    Critere(
        "qpv",
        lambda structure: forms.ChoiceField(
            label="QPV", choices=[("", "indifférent"), *StatutQpv.choices], required=False
        ),
        lambda qs, valeur: qs.filter(_adresse_courante(qpv=valeur)),
    ),
    Critere(
        "zrr",
        lambda structure: forms.ChoiceField(
            label="ZRR", choices=[("", "indifférent"), *StatutZrr.choices], required=False
        ),
        lambda qs, valeur: qs.filter(_adresse_courante(zrr=valeur)),
    ),
    Critere("npai", _oui_non("NPAI"), _oui_non_filtre(Q(npai=True))),
    Critere(
        "identite_justifiee",
        _oui_non("Identité justifiée"),
        _oui_non_filtre(Exists(JustificationIdentite.objects.filter(jeune=OuterRef("pk")))),
    ),
    Critere("nir_certifie", _oui_non("NIR certifié"), _nir_certifie),
    Critere(
        "situation_en_cours",
        lambda structure: forms.ChoiceField(
            label="Situation en cours",
            choices=[("", "indifférent"), *CategorieSituation.choices],
            required=False,
        ),
        _situation_en_cours,
    ),
    Critere(
        "formation_sans_objectif",
        _oui_non("Formation sans objectif (alerte n° 43)"),
        _oui_non_filtre(FORMATION_SANS_OBJECTIF),
    ),
    Critere("situation_sans_suite", _oui_non("Situation terminée sans suite"), sans_suite),
    Critere(
        "sans_contact_mois",
        lambda structure: forms.IntegerField(
            label="Sans contact depuis (mois)", min_value=1, max_value=120, required=False
        ),
        sans_contact_depuis,
    ),
]


def criteres_form(structure, donnees):
    """The filter form of the list, built from the registry."""
    from imilo.formulaires import FormulaireDsfr

    champs = {}
    for critere in CRITERES:
        for nom in critere.noms():
            champ = critere.champ(structure)
            if critere.periode:
                champ.label = f"{champ.label} : {'du' if nom.endswith('_du') else 'au'}"
            champs[nom] = champ
    classe = type("CriteresForm", (FormulaireDsfr, forms.Form), champs)
    return classe(donnees or None)


def appliquer_criteres(qs, formulaire):
    """Invalid criteria select nothing (never "everything": a group action may follow)."""
    if not formulaire.is_bound:
        return qs
    if not formulaire.is_valid():
        return qs.none()
    for critere in CRITERES:
        valeurs = [formulaire.cleaned_data.get(nom) for nom in critere.noms()]
        if all(valeur in (None, "") for valeur in valeurs):
            continue
        qs = critere.filtre(qs, tuple(valeurs) if critere.periode else valeurs[0])
    return qs
