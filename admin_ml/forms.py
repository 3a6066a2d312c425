from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.db.models import F
from django.template import loader

from admin_ml.models import LieuAccueil, Profil, Utilisateur
from imilo.droits import Droit
from imilo.formulaires import ChampDate, FormulaireDsfr
from imilo.taches import mettre_en_file
from imilo.tasks import envoyer_email


class ConnexionForm(FormulaireDsfr, AuthenticationForm):
    username = forms.CharField(
        label="Identifiant",
        help_text="Par exemple s.debout",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect. Les majuscules comptent "
        "dans le mot de passe.",
        "inactive": "Ce compte est désactivé : adressez-vous à la direction de votre structure.",
    }


class MotDePasseOublieForm(FormulaireDsfr, PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Rendered here (the context holds the user and the token), sent by a task so that
        # a slow mail server never holds the page.
        sujet = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        corps = loader.render_to_string(email_template_name, context)
        mettre_en_file(envoyer_email, sujet=sujet, corps=corps, destinataires=[to_email])


class NouveauMotDePasseForm(FormulaireDsfr, SetPasswordForm):
    pass


class ChangementMotDePasseForm(FormulaireDsfr, PasswordChangeForm):
    pass


class LieuAccueilForm(FormulaireDsfr, forms.ModelForm):
    class Meta:
        model = LieuAccueil
        fields = ["nom", "adresse", "complement_adresse", "code_postal", "commune", "telephone"]
        labels = {"adresse": "Numéro et voie"}
        help_texts = {
            "complement_adresse": "Bâtiment, étage, résidence… : imprimé sur les courriers.",
        }


class RechercheCompteForm(FormulaireDsfr, forms.Form):
    """Step 1 of creating a user: is this person already known, in any ML?"""

    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(
        label="Nom",
        max_length=150,
        help_text="Si la personne a changé de nom, cherchez aussi sous son nom précédent.",
    )
    date_naissance = ChampDate(label="Date de naissance")


def _champs_fonctions() -> dict[str, forms.BooleanField]:
    return {
        champ: forms.BooleanField(
            label=Utilisateur._meta.get_field(champ).verbose_name.capitalize(), required=False
        )
        for champ in Utilisateur.FONCTIONS
    }


class _ProfilEtFonctions(forms.Form):
    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profil"] = forms.ModelChoiceField(
            label="Profil",
            queryset=Profil.objects.disponibles_pour(structure).order_by(
                F("structure").asc(nulls_first=True), "nom"
            ),
            help_text="L'ensemble des droits de la personne.",
        )
        for nom, champ in _champs_fonctions().items():
            self.fields[nom] = champ
        self.fields[
            "fonction_direction"
        ].help_text = "Une seule personne de la mission locale, comptes désactivés compris."
        self.fields["delegation_rgs"] = forms.BooleanField(
            label="Délégation du certificat RGS de la mission locale",
            required=False,
            help_text="Permet de valider les demandes d'allocation ; seulement avec la "
            "fonction validateur.",
        )


class CreationUtilisateurForm(FormulaireDsfr, _ProfilEtFonctions):
    """Step 2: the new account, once the search has been seen (`empreinte`)."""

    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    date_naissance = ChampDate(label="Date de naissance")
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Obligatoire : le lien pour choisir le mot de passe y est envoyé.",
    )
    empreinte = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["prenom", "nom", "date_naissance", "email", "profil"])


class _ChampsRecuperation(forms.Form):
    prenom = forms.CharField(widget=forms.HiddenInput, max_length=150)
    nom = forms.CharField(widget=forms.HiddenInput, max_length=150)
    date_naissance = forms.DateField(widget=forms.HiddenInput)

    def __init__(self, *args, structure, comptes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compte"] = forms.TypedChoiceField(
            label="Compte à récupérer",
            coerce=int,
            widget=forms.RadioSelect,
            choices=[
                (
                    compte.pk,
                    f"{compte.nom_complet} — {compte.identifiant} — {compte.structure}"
                    f" ({'actif' if compte.is_active else 'désactivé'})",
                )
                for compte in comptes
            ],
        )
        self.fields["profil"] = forms.ModelChoiceField(
            label="Profil dans votre mission locale",
            queryset=Profil.objects.disponibles_pour(structure).order_by(
                F("structure").asc(nulls_first=True), "nom"
            ),
            help_text="Les fonctions et la délégation RGS se règlent ensuite sur sa fiche.",
        )


class RecuperationForm(FormulaireDsfr, _ChampsRecuperation):
    """Recover one of the accounts found by the search (its names and birth date are
    posted again: only an account matching them can be recovered)."""


class UtilisateurForm(FormulaireDsfr, _ProfilEtFonctions):
    email = forms.EmailField(label="Adresse électronique")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["email", "profil"])


class ChangementNomForm(FormulaireDsfr, forms.Form):
    nom = forms.CharField(label="Nouveau nom", max_length=150)


class ConfirmationForm(FormulaireDsfr, forms.Form):
    confirmer = forms.BooleanField(
        label="J'ai compris que le désabonnement est définitif",
        error_messages={"required": "Cochez la case pour confirmer le désabonnement."},
    )


class ProfilForm(FormulaireDsfr, forms.Form):
    nom = forms.CharField(label="Nom du profil", max_length=100)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    droits = forms.MultipleChoiceField(
        label="Droits",
        choices=Droit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def champ_referent(structure, label: str = "Conseiller référent", **options):
    """The référents the ML may choose (`Utilisateur.objects.referents_possibles()`)."""
    options = {"required": False, "empty_label": "—", **options}
    return forms.ModelChoiceField(
        label=label,
        queryset=Utilisateur.objects.de_la_structure(structure).referents_possibles(),
        **options,
    )


def champ_lieu(structure, label: str = "Lieu d'accueil", **options):
    """The ML's open sites (`LieuAccueil.objects.actifs()`)."""
    options = {"required": False, "empty_label": "—", **options}
    return forms.ModelChoiceField(
        label=label, queryset=LieuAccueil.objects.de_la_structure(structure).actifs(), **options
    )
