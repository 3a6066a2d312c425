"""Forms drawn with the State design system (DSFR) without per-template markup.

`RenduDsfr` is the project's form renderer: `{{ form }}` gives DSFR groups, labels, hints
and the error next to its field. `FormulaireDsfr` puts the DSFR classes on the widgets.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.renderers import TemplatesSetting

from imilo.erreurs import RegleMetierError


class RenduDsfr(TemplatesSetting):
    form_template_name = "socle/formulaire.html"
    field_template_name = "socle/champ.html"


def _classe_dsfr(widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    if isinstance(widget, forms.Select):
        return "fr-select"
    return "fr-input"


def classes_dsfr(formulaire) -> None:
    """Put the DSFR classes on the widgets (idempotent)."""
    for champ in formulaire.fields.values():
        classe = _classe_dsfr(champ.widget)
        existantes = champ.widget.attrs.get("class", "")
        if classe and classe not in existantes.split():
            champ.widget.attrs["class"] = f"{existantes} {classe}".strip()


class FormulaireDsfr:
    """The DSFR classes go on the widgets when the form is drawn, so that the fields a form
    adds in its own __init__ (the ML's lists) get them too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        classes_dsfr(self)

    def get_context(self):
        classes_dsfr(self)
        return super().get_context()


def erreurs_dans_le_formulaire(formulaire, erreur) -> None:
    """Put a ValidationError or RegleMetierError next to its field, else at the top."""
    if isinstance(erreur, RegleMetierError):
        champ = erreur.champ if erreur.champ in formulaire.fields else None
        formulaire.add_error(champ, erreur.message)
        return
    if not hasattr(erreur, "error_dict"):
        formulaire.add_error(None, erreur)
        return
    for champ, erreurs in erreur.error_dict.items():
        cible = champ if champ in formulaire.fields else None
        formulaire.add_error(cible, ValidationError(erreurs))


def garder_valeurs_actuelles(formulaire) -> None:
    """Lists offer active values only (users, sites, reference elements); a value the
    record already holds stays selectable even if deactivated since, so that saving the
    page never silently erases it. The values come from the record (`initial`), never from
    what was posted."""
    for nom, champ in formulaire.fields.items():
        if not isinstance(champ, forms.ModelChoiceField):
            continue
        actuel = formulaire.initial.get(nom)
        valeurs = actuel if isinstance(actuel, list | tuple | set) else [actuel]
        cles = [getattr(valeur, "pk", valeur) for valeur in valeurs if valeur not in (None, "")]
        if cles:
            modele = champ.queryset.model
            champ.queryset = modele._default_manager.filter(
                Q(pk__in=champ.queryset.values("pk")) | Q(pk__in=cles)
            )


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChampDateHeure(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
