"""What dispositifs tells the admin portal: a user who is prescripteur or référent of an
open dispositif cannot be unsubscribed, nor their account moved to another ML (seed 003).
The link leads to the youth files concerned, through a search criterion kept out of the
form's visible fields (it is reached from the admin portal only)."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from admin_ml.models import Utilisateur
from admin_ml.registres import Blocage
from dispositifs.models import Dispositif
from dossiers.registres import Critere


def _intervient(utilisateur):
    return Q(prescripteur=utilisateur) | Q(referent=utilisateur)


def dispositifs_ouverts(utilisateur) -> list[Blocage]:
    nombre = Dispositif.objects.ouverts().filter(_intervient(utilisateur)).count()
    return [
        Blocage(
            f"prescripteur ou référent de {nombre} dispositif{'s' if nombre > 1 else ''} "
            f"ouvert{'s' if nombre > 1 else ''}",
            nombre,
            f"{reverse('dossiers:liste')}?intervenant_dispositif={utilisateur.pk}",
        )
    ]


CRITERE_INTERVENANT = Critere(
    "intervenant_dispositif",
    lambda structure: forms.ModelChoiceField(
        label="Prescripteur ou référent d'un dispositif ouvert",
        queryset=Utilisateur.objects.de_la_structure(structure),
        required=False,
        widget=forms.HiddenInput,
    ),
    lambda qs, valeur: qs.filter(
        Exists(Dispositif.objects.ouverts().filter(_intervient(valeur), jeune=OuterRef("pk")))
    ),
)
