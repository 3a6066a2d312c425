from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template import loader

from admin_ml.models import LieuAccueil
from imilo.formulaires import FormulaireDsfr
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
