from django import forms

from imilo.formulaires import ChampDate, FormulaireDsfr


class SemaineForm(FormulaireDsfr, forms.Form):
    """The week of the printable list: any day of it (the list runs Monday to Sunday)."""

    semaine = ChampDate(
        label="Semaine du",
        required=False,
        help_text="Un jour de la semaine voulue ; par défaut, la semaine précédente.",
    )
