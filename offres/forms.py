"""Forms of the offres app: parse and validate input only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from admin_ml.models import LieuAccueil, Utilisateur
from dossiers.enums import ThemeProposition
from dossiers.forms.suivi import FiltresDeLaPeriodeForm
from imilo.dates import debut_du_jour
from imilo.formulaires import ChampDate, ChampDateHeure, FormulaireDsfr, garder_valeurs_actuelles
from offres.enums import (
    ETATS_INSCRIPTION_REFUS,
    ETATS_OFFRE_ACTIFS,
    TRANSITIONS_MER,
    EtatInscription,
    EtatOffre,
    NiveauCep,
    OrigineAction,
)
from offres.indicateurs import inscriptions_des_jeunes
from offres.models import ActionFormation, OffreDeService, OffreEmploi, Session
from offres.referents import referents_possibles
from referentiels.forms import ChampRome, CommuneField, champ_element
from referentiels.models import RegionInsee


def _lieux(structure):
    return LieuAccueil.objects.de_la_structure(structure).actifs()


# --- Offres de service and sessions -------------------------------------------------------


class OffreForm(FormulaireDsfr, forms.Form):
    # The fields in the page's order; the edit page's initial values too.
    champs = [
        "code",
        "intitule",
        "groupe",
        "theme",
        "description",
        "referent",
        "etat",
        "debut",
        "fin",
        "places",
        "lieu",
        "niveau_cep",
        "motif_sollicitation",
    ]
    code = forms.CharField(label="Code", max_length=10, help_text="Par exemple P61.")
    intitule = forms.CharField(label="Intitulé", max_length=200)
    theme = forms.ChoiceField(
        label="Thème",
        choices=ThemeProposition.choices,
        help_text="Le thème de la proposition notée dans le dossier du jeune inscrit.",
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    etat = forms.ChoiceField(label="État", choices=EtatOffre.choices, initial=EtatOffre.EN_COURS)
    debut = ChampDate(label="Début", required=False)
    fin = ChampDate(label="Fin", required=False, help_text="Aucune pour une offre permanente.")
    places = forms.IntegerField(
        label="Places", min_value=1, required=False, help_text="Vide : sans limite."
    )
    niveau_cep = forms.TypedChoiceField(
        label="Niveau CEP",
        choices=[("", "aucun"), *NiveauCep.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Inscrire un jeune à une offre de niveau 2 ou 3 ouvre son CEP ou le relève.",
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groupe"] = champ_element("groupe_offre", structure, label="Groupe")
        self.fields["referent"] = forms.ModelChoiceField(
            label="Conseiller référent", queryset=referents_possibles(structure)
        )
        self.fields["lieu"] = forms.ModelChoiceField(
            label="Lieu d'accueil", queryset=_lieux(structure), required=False, empty_label="—"
        )
        self.fields["motif_sollicitation"] = champ_element(
            "motif_sollicitation_cep",
            structure,
            label="Motif de sollicitation CEP",
            help_text="Pour une offre de niveau CEP : le motif noté dans le CEP du jeune.",
        )
        self.order_fields(self.champs)
        garder_valeurs_actuelles(self)


class FiltresOffresForm(FormulaireDsfr, forms.Form):
    etats = forms.MultipleChoiceField(
        label="États",
        choices=EtatOffre.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="En cours et permanent par défaut.",
    )
    texte = forms.CharField(label="Code ou intitulé", max_length=100, required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"] = forms.ModelChoiceField(
            label="Conseiller référent",
            queryset=Utilisateur.objects.de_la_structure(structure),
            required=False,
            empty_label="tous",
        )

    def filtrer(self, offres):
        donnees = self.cleaned_data
        offres = offres.filter(etat__in=donnees["etats"] or ETATS_OFFRE_ACTIFS)
        if donnees["referent"]:
            offres = offres.filter(referent=donnees["referent"])
        texte = donnees["texte"].strip()
        if texte:
            offres = offres.filter(intitule__icontains=texte) | offres.filter(code__iexact=texte)
        return offres


class FiltresSessionsForm(FiltresDeLaPeriodeForm):
    """The ML's sessions by offer and period; `jeunes` (hidden, a figure of the Pilotage
    page): the sessions where one of the young people of that search holds a place, their
    enrolled and present counted among those young people only."""

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, structure=structure, **kwargs)
        self.fields["offre"] = forms.ModelChoiceField(
            label="Offre de service",
            queryset=OffreDeService.objects.de_la_structure(structure),
            required=False,
            empty_label="toutes",
        )
        self.order_fields(["offre", "du", "au"])

    def inscriptions(self):
        """The enrolments the list counts (call once valid)."""
        return inscriptions_des_jeunes(self.structure, self.cleaned_data["jeunes"])

    def filtrer(self, sessions):
        donnees = self.cleaned_data
        if donnees["offre"]:
            sessions = sessions.filter(offre=donnees["offre"])
        sessions = self.filtrer_dates(sessions, "debut")
        if donnees["jeunes"]:
            sessions = sessions.ou_sont_inscrits(self.inscriptions())
        return sessions


class TransfertReferentForm(FormulaireDsfr, forms.Form):
    """The group transfer of référent from a list (offres de service, partners)."""

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"] = forms.ModelChoiceField(
            label="Nouveau conseiller référent",
            queryset=referents_possibles(structure),
            error_messages={"required": "Choisissez le nouveau référent."},
        )


class SessionForm(FormulaireDsfr, forms.Form):
    champs = [
        "type",
        "debut",
        "duree",
        "lieu",
        "lieu_autre",
        "capacite",
        "animateur",
        "date_limite_inscription",
    ]
    debut = ChampDateHeure(label="Date et heure")
    duree = forms.IntegerField(label="Durée (minutes)", min_value=15, max_value=720, initial=120)
    lieu_autre = forms.CharField(
        label="Autre lieu",
        max_length=200,
        required=False,
        help_text="Si la session n'a pas lieu dans un lieu d'accueil.",
    )
    capacite = forms.IntegerField(label="Capacité (places)", min_value=1, max_value=500)
    date_limite_inscription = ChampDate(
        label="Date limite d'inscription",
        required=False,
        help_text="Vide : on peut s'inscrire jusqu'à la session.",
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"] = champ_element(
            "type_session", structure, label="Type de session", required=True
        )
        self.fields["lieu"] = forms.ModelChoiceField(
            label="Lieu d'accueil", queryset=_lieux(structure), required=False, empty_label="—"
        )
        self.fields["animateur"] = forms.ModelChoiceField(
            label="Animateur", queryset=referents_possibles(structure), empty_label=None
        )
        self.order_fields(self.champs)
        garder_valeurs_actuelles(self)


class InscriptionForm(FormulaireDsfr, forms.Form):
    """From the youth file: an offer without session, or a session of an offer."""

    commentaire = forms.CharField(label="Commentaire", max_length=300, required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"] = forms.ModelChoiceField(
            label="Session",
            queryset=Session.objects.de_la_structure(structure)
            .filter(
                offre__etat__in=ETATS_OFFRE_ACTIFS, debut__gte=debut_du_jour(timezone.localdate())
            )
            .select_related("offre")
            .order_by("debut"),
            required=False,
            empty_label="— (offre sans session)",
            help_text="Les sessions à venir des offres en cours ou permanentes.",
        )
        self.fields["session"].label_from_instance = _libelle_session
        self.fields["offre"] = forms.ModelChoiceField(
            label="Offre de service",
            queryset=OffreDeService.objects.de_la_structure(structure).actives(),
            required=False,
            empty_label="—",
            help_text="Inutile si une session est choisie.",
        )
        self.order_fields(["session", "offre", "commentaire"])

    def clean(self):
        donnees = super().clean()
        session, offre = donnees.get("session"), donnees.get("offre")
        if not session and not offre and not self.errors:
            raise ValidationError("Choisissez une session, ou une offre de service.")
        if session and offre and session.offre_id != offre.pk:
            self.add_error("session", "Cette session n'est pas une session de l'offre choisie.")
        return donnees


def _libelle_session(session) -> str:
    return (
        f"{session.offre.code} {session.offre.intitule} — "
        f"{timezone.localtime(session.debut):%d/%m/%Y %H:%M}"
    )


class InscriptionGroupeeForm(FormulaireDsfr, forms.Form):
    """« Ma liste » enrolled at once, all or nothing."""

    def __init__(self, *args, jeunes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jeunes"] = forms.ModelMultipleChoiceField(
            label="Jeunes de Ma liste à inscrire",
            queryset=jeunes,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Cochez au moins un jeune de Ma liste."},
        )
        self.fields["jeunes"].label_from_instance = lambda j: f"{j.nom_usage} {j.prenom}"


CHOIX_ETAT_INSCRIPTION = [
    (EtatInscription.REALISE.value, EtatInscription.REALISE.label),
    *[(etat.value, etat.label) for etat in ETATS_INSCRIPTION_REFUS],
]


class EtatInscriptionForm(FormulaireDsfr, forms.Form):
    etat = forms.ChoiceField(label="Issue", choices=CHOIX_ETAT_INSCRIPTION)
    commentaire = forms.CharField(label="Commentaire", max_length=300, required=False)


# --- Training catalogue and mises en relation ---------------------------------------------


class RechercheCatalogueForm(FormulaireDsfr, forms.Form):
    q = forms.CharField(
        label="Mots de l'intitulé",
        max_length=100,
        required=False,
        help_text="Un ou deux mots clés plutôt que l'intitulé complet : « cuisin », « caces ».",
    )
    rome = ChampRome(label="Métier (code ROME)", required=False)
    origine = forms.ChoiceField(
        label="Catalogue",
        choices=[("", "tous"), *OrigineAction.choices],
        required=False,
    )
    terminees = forms.BooleanField(label="Afficher aussi les actions terminées", required=False)
    # The young person to put in touch with the action found (from the youth file).
    jeune = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = forms.ModelChoiceField(
            label="Région",
            queryset=RegionInsee.objects.all(),
            required=False,
            empty_label="toutes",
            help_text="Élargissez aux régions voisines si besoin.",
        )
        self.fields["rome"].widget.attrs.pop("list", None)
        self.order_fields(["q", "rome", "region", "origine", "terminees"])

    def filtrer(self, actions):
        donnees = self.cleaned_data
        if donnees["q"]:
            actions = actions.rechercher(donnees["q"])
        if donnees["rome"]:
            actions = actions.filter(metier=donnees["rome"])
        if donnees["region"]:
            actions = actions.filter(region=donnees["region"])
        if donnees["origine"]:
            actions = actions.filter(origine=donnees["origine"])
        if not donnees["terminees"]:
            actions = actions.non_terminees()
        return actions


class ActionFormationForm(FormulaireDsfr, forms.Form):
    champs = [
        "intitule",
        "organisme",
        "formacode",
        "metier",
        "objectif",
        "validation",
        "region",
        "commune",
        "debut",
        "fin",
        "places",
    ]
    intitule = forms.CharField(label="Intitulé", max_length=255)
    organisme = forms.CharField(label="Organisme de formation", max_length=200)
    formacode = forms.RegexField(
        label="Formacode",
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": "Un code Formacode a 5 chiffres."},
    )
    metier = ChampRome(
        label="Métier préparé (code ROME)",
        required=False,
        help_text="Z00 pour une formation générale ou de mobilisation.",
    )
    commune = CommuneField(label="Commune", required=False)
    debut = ChampDate(label="Début", required=False)
    fin = ChampDate(label="Fin", required=False)
    places = forms.IntegerField(label="Places", min_value=1, required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectif"] = champ_element(
            "objectif_formation", structure, label="Objectif général de formation"
        )
        self.fields["validation"] = champ_element(
            "validation_formation",
            structure,
            label="Validation préparée",
            help_text="Elle fixe le niveau.",
        )
        self.fields["region"] = forms.ModelChoiceField(
            label="Région", queryset=RegionInsee.objects.all(), required=False, empty_label="—"
        )
        self.order_fields(self.champs)
        garder_valeurs_actuelles(self)


class MerForm(FormulaireDsfr, forms.Form):
    """A mise en relation from the youth file: a job offer of the ML, or an action of the
    catalogue found by the search (then carried as a hidden field)."""

    commentaire = forms.CharField(
        label="Commentaire", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offre_emploi"] = forms.ModelChoiceField(
            label="Offre d'emploi",
            queryset=OffreEmploi.objects.de_la_structure(structure)
            .ouvertes()
            .select_related("entreprise"),
            required=False,
            empty_label="—",
        )
        self.fields["action_formation"] = forms.ModelChoiceField(
            queryset=ActionFormation.objects.de_la_structure(structure),
            required=False,
            widget=forms.HiddenInput,
        )
        self.order_fields(["offre_emploi", "action_formation", "commentaire"])

    def clean(self):
        donnees = super().clean()
        cible = donnees.get("offre_emploi") or donnees.get("action_formation")
        if not cible and not self.errors:
            raise ValidationError(
                "Choisissez une offre d'emploi, ou cherchez une action dans le catalogue."
            )
        return donnees


class EtatMerForm(FormulaireDsfr, forms.Form):
    etat = forms.ChoiceField(label="Nouvel état", choices=[])
    commentaire = forms.CharField(
        label="Commentaire", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    debut = ChampDate(
        label="Début de la formation",
        required=False,
        help_text="Pour une formation réalisée : la situation est créée avec ces dates.",
    )
    fin_prevue = ChampDate(
        label="Fin prévue de la formation",
        required=False,
        help_text="Jamais vide : estimez-la si l'action n'en a pas.",
    )

    def __init__(self, *args, structure, mer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["etat"].choices = [
            (etat.value, etat.label) for etat in TRANSITIONS_MER.get(mer.etat, ())
        ]
        self.fields["issue"] = champ_element("issue_mer", structure, label="Résultat")
        if not mer.est_formation:
            del self.fields["debut"]
            del self.fields["fin_prevue"]
        self.order_fields(["etat", "issue", "debut", "fin_prevue", "commentaire"])
