"""Exports of youth files with the columns the user chooses (CSV, XLSX, printable PDF), from
the search or « Ma liste ». Every export reads the files: each file exported is logged in
the access log like an opening (`noter_export`).

The columns are a registry (`dossiers.registres.COLONNES`): dossiers declares the file's
own; other apps may add theirs. A column that shows what a right protects (the NIR) is
offered only to who has it.
"""

from django import forms
from django.db.models import Prefetch

from dossiers.models import AccesDossier, Adresse
from dossiers.registres import COLONNES, Colonne
from imilo.droits import Droit
from imilo.exports import csv_francais, xlsx
from imilo.formulaires import FormulaireDsfr

# Beyond this, the printable list is refused (a PDF of thousands of pages helps no one):
# narrow the search, or export to a spreadsheet.
LIGNES_MAX_PDF = 1000


def _adresse(jeune):
    adresses = jeune.adresse_courante_liste
    return adresses[0] if adresses else None


def _de_l_adresse(attribut):
    def valeur(jeune):
        adresse = _adresse(jeune)
        return attribut(adresse) if adresse else ""

    return valeur


def _oui_non(valeur: bool) -> str:
    return "oui" if valeur else "non"


COLONNES_DU_DOSSIER = [
    Colonne("nom_usage", "Nom d'usage", lambda j: j.nom_usage, par_defaut=True),
    Colonne("nom_naissance", "Nom de naissance", lambda j: j.nom_naissance, par_defaut=True),
    Colonne("prenom", "Prénom", lambda j: j.prenom, par_defaut=True),
    Colonne(
        "date_naissance",
        "Date de naissance",
        lambda j: j.date_naissance.strftime("%d/%m/%Y"),
        par_defaut=True,
    ),
    Colonne("age", "Âge", lambda j: j.age, par_defaut=True),
    Colonne("sexe", "Sexe", lambda j: j.get_sexe_display()),
    Colonne("nir", "NIR", lambda j: j.nir, droit=Droit.DOSSIERS_VOIR_NIR),
    Colonne(
        "conseiller_referent",
        "Conseiller référent",
        lambda j: str(j.conseiller_referent or ""),
        par_defaut=True,
    ),
    Colonne(
        "lieu_rattachement",
        "Lieu de rattachement",
        lambda j: str(j.lieu_rattachement or ""),
        par_defaut=True,
    ),
    Colonne("ouvert_le", "Dossier ouvert le", lambda j: f"{j.created_at:%d/%m/%Y}"),
    Colonne("email", "Courriel", lambda j: j.email, par_defaut=True),
    Colonne("mobile", "Mobile", lambda j: j.mobile_affiche, par_defaut=True),
    Colonne("fixe", "Téléphone fixe", lambda j: j.fixe_affiche),
    Colonne("npai", "NPAI", lambda j: _oui_non(j.npai), par_defaut=True),
    Colonne(
        "adresse",
        "Adresse",
        _de_l_adresse(lambda a: ", ".join(filter(None, [a.voie, a.complement]))),
    ),
    Colonne("code_postal", "Code postal", _de_l_adresse(lambda a: a.code_postal)),
    Colonne("commune", "Commune", _de_l_adresse(lambda a: a.commune.nom)),
    Colonne("qpv", "QPV", _de_l_adresse(lambda a: a.get_qpv_display())),
    Colonne("zrr", "ZRR", _de_l_adresse(lambda a: a.get_zrr_display() if a.zrr else "")),
    Colonne("hebergement", "Hébergement", lambda j: str(j.hebergement or "")),
    Colonne("rqth", "RQTH", lambda j: _oui_non(j.rqth)),
    Colonne(
        "identifiant_france_travail",
        "Identifiant France Travail",
        lambda j: j.identifiant_france_travail,
    ),
    Colonne("niveau", "Niveau de formation", lambda j: j.niveau_formation_affiche),
]


def colonnes_pour(utilisateur) -> list[Colonne]:
    return [
        colonne
        for colonne in COLONNES
        if colonne.droit is None or utilisateur.a_le_droit(colonne.droit)
    ]


class ColonnesForm(FormulaireDsfr, forms.Form):
    """The columns of an export, among those the user may see; the default ones when none
    is chosen."""

    def __init__(self, *args, utilisateur, **kwargs):
        super().__init__(*args, **kwargs)
        disponibles = colonnes_pour(utilisateur)
        self.fields["colonnes"] = forms.MultipleChoiceField(
            label="Colonnes de l'export",
            choices=[(colonne.code, colonne.titre) for colonne in disponibles],
            initial=[colonne.code for colonne in disponibles if colonne.par_defaut],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def colonnes(self) -> list[Colonne]:
        """The chosen columns in their declared order (the default ones if none)."""
        codes = self.cleaned_data.get("colonnes") if self.is_valid() else None
        codes = set(codes or self.fields["colonnes"].initial)
        return [COLONNES[code] for code, _ in self.fields["colonnes"].choices if code in codes]


def _jeunes_a_exporter(jeunes):
    return (
        jeunes.avec_donnees_liste()
        .select_related("hebergement")
        .prefetch_related(
            Prefetch(
                "adresses",
                queryset=Adresse.objects.courantes().select_related("commune"),
                to_attr="adresse_courante_liste",
            ),
            "cursus",
        )
        .order_by("nom_usage", "prenom", "pk")
    )


def lignes(jeunes, colonnes: list[Colonne]):
    yield [colonne.titre for colonne in colonnes]
    for jeune in _jeunes_a_exporter(jeunes).iterator(chunk_size=2000):
        yield [colonne.valeur(jeune) for colonne in colonnes]


def export_csv(jeunes, colonnes) -> bytes:
    return csv_francais(lignes(jeunes, colonnes))


def export_xlsx(jeunes, colonnes) -> bytes:
    return xlsx(lignes(jeunes, colonnes), feuille="Jeunes")


def noter_export(*, jeunes, par) -> None:
    """An export reads the files: each is logged like an opening."""
    AccesDossier.objects.bulk_create(
        [AccesDossier(jeune_id=pk, utilisateur=par) for pk in jeunes.values_list("pk", flat=True)],
        batch_size=2000,
    )
