"""Form fields for reference data: a commune typed as people say it, an element of a table."""

import re

from django import forms
from django.core.exceptions import ValidationError

from imilo.formulaires import FormulaireDsfr
from imilo.texte import cle_de_recherche
from referentiels.models import Commune, ElementReference, MetierRome, Pays, TableReference
from referentiels.recherche import communes_rechercher

_CODE_EN_TETE = re.compile(r"^\s*(\d{5}|2[AB]\d{3})\b")


def libelle_commune(commune: Commune) -> str:
    return f"{commune.code_insee} {commune.nom} ({commune.departement_id})"


class CommuneWidget(forms.TextInput):
    """A text input with the proposals of the commune search (datalist, filled by htmx)."""

    template_name = "referentiels/widgets/commune.html"

    def format_value(self, value):
        if isinstance(value, Commune):
            return libelle_commune(value)
        if value and re.fullmatch(r"\d{5}|2[AB]\d{3}", str(value)):
            commune = Commune.objects.filter(pk=value).select_related("departement").first()
            return libelle_commune(commune) if commune else value
        return value


class CommuneField(forms.CharField):
    widget = CommuneWidget
    # Required or not depending on another field (born abroad): the model decides.
    conditionnel = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text", "Nom, code postal ou code INSEE ; ajoutez le département : Saint Pierre 17"
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        texte = super().to_python(value)
        if not texte:
            return None
        commune = _commune_designee(texte)
        if commune is not None:
            return commune
        trouvees = list(communes_rechercher(texte))
        if len(trouvees) == 1:
            return trouvees[0]
        # "Agen" among Agen, Agen-d'Aveyron…: the exact name wins when it is unique.
        nom = cle_de_recherche(_DEPARTEMENT_ENTRE_PARENTHESES.sub("", texte))
        exactes = [c for c in trouvees if c.nom_recherche == nom]
        if len(exactes) == 1:
            return exactes[0]
        if not trouvees:
            raise ValidationError("Aucune commune ne correspond : vérifiez l'orthographe.")
        raise ValidationError(
            "Plusieurs communes correspondent : choisissez-en une dans la liste ou ajoutez le "
            "département (ex. « Saint Pierre 17 »)."
        )


_DEPARTEMENT_ENTRE_PARENTHESES = re.compile(r"\(\s*[0-9AB]{2,3}\s*\)")


def _commune_designee(texte: str) -> Commune | None:
    """The commune named as the proposals show it, « 35238 Rennes (35) », or by its bare
    INSEE code. A code followed by another name is not trusted: 13001 is both the INSEE
    code of Aix-en-Provence and a postcode of Marseille. Communes no longer in force are
    accepted here, for the files that already point at them."""
    code = _CODE_EN_TETE.match(texte)
    if not code:
        return None
    commune = Commune.objects.filter(pk=code.group(1)).first()
    if commune is None:
        return None
    reste = cle_de_recherche(_DEPARTEMENT_ENTRE_PARENTHESES.sub("", texte[code.end() :]))
    return commune if reste in ("", commune.nom_recherche) else None


def champ_element(table: str, structure, **kwargs) -> forms.ModelChoiceField:
    """A select of the elements of `table` available to the ML (national, regional, own)."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("empty_label", "—")
    return forms.ModelChoiceField(
        queryset=ElementReference.objects.de_la_table(table).disponibles_pour(structure),
        **kwargs,
    )


class PaysField(forms.ModelChoiceField):
    conditionnel = True


def champ_pays(**kwargs) -> forms.ModelChoiceField:
    return PaysField(
        queryset=Pays.objects.filter(actif=True).exclude(groupe="1"),
        empty_label="—",
        **kwargs,
    )


def libelle_element(element: ElementReference) -> str:
    """The element as the transfer lists show it: label, scope, state."""
    portee = {"nationale": "national", "regionale": "régional", "locale": "local"}[element.portee]
    return f"{element.libelle} ({portee}{'' if element.actif else ', désactivé'})"


class ElementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return libelle_element(obj)


class ElementLocalForm(FormulaireDsfr, forms.Form):
    libelle = forms.CharField(
        label="Libellé du nouvel élément",
        max_length=200,
        help_text="Propre à la mission locale ; son code est tiré du libellé.",
    )


class TableChoixForm(FormulaireDsfr, forms.Form):
    table = forms.ModelChoiceField(
        label="Table", queryset=TableReference.objects.all(), empty_label="— choisir —"
    )


class TransfertForm(FormulaireDsfr, forms.Form):
    """Source → destination within one table, among the elements the ML sees: any source
    (a deactivated element is the usual one to empty), an active destination."""

    source = ElementChoiceField(
        label="Élément à remplacer (source)",
        queryset=ElementReference.objects.none(),
        empty_label="— choisir —",
    )
    destination = ElementChoiceField(
        label="Élément qui le remplace (destination)",
        queryset=ElementReference.objects.none(),
        empty_label="— choisir —",
    )

    def __init__(self, *args, table: TableReference, structure, **kwargs):
        super().__init__(*args, **kwargs)
        elements = ElementReference.objects.de_la_table(table.code).visibles_pour(structure)
        self.fields["source"].queryset = elements
        self.fields["destination"].queryset = elements.filter(actif=True)


class ChampRome(forms.CharField):
    """A ROME code typed or picked from the list (« M1607 » or « M1607 Secrétariat »)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 210)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "metiers-rome", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, MetierRome):
            return str(value)
        if isinstance(value, str) and len(value) == 5:
            return str(MetierRome.objects.filter(code=value.upper()).first() or value)
        return value

    def clean(self, value):
        texte = super().clean(value)
        if not texte:
            return None
        code = texte.split()[0].upper()
        metier = MetierRome.objects.filter(code=code).first()
        if metier is None:
            raise ValidationError(
                "Code ROME inconnu : tapez un code comme M1607, ou Z00 sans métier visé.",
                code="rome_inconnu",
            )
        return metier
