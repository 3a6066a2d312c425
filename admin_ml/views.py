import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from admin_ml.forms import (
    ChangementMotDePasseForm,
    ConnexionForm,
    LieuAccueilForm,
    MotDePasseOublieForm,
    NouveauMotDePasseForm,
)
from admin_ml.models import LieuAccueil
from admin_ml.services import lieu_modifier
from imilo.droits import Droit, droit_requis
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.vues import objet_de_la_ml


class ConnexionView(auth_views.LoginView):
    form_class = ConnexionForm
    redirect_authenticated_user = True


class MotDePasseOublieView(auth_views.PasswordResetView):
    form_class = MotDePasseOublieForm
    success_url = reverse_lazy("mot_de_passe_oublie_envoye")
    subject_template_name = "registration/mot_de_passe_oublie_sujet.txt"
    email_template_name = "registration/mot_de_passe_oublie_email.txt"


class NouveauMotDePasseView(auth_views.PasswordResetConfirmView):
    form_class = NouveauMotDePasseForm
    success_url = reverse_lazy("mot_de_passe_reinitialise")


class ChangementMotDePasseView(auth_views.PasswordChangeView):
    form_class = ChangementMotDePasseForm
    success_url = reverse_lazy("mot_de_passe_change")


def compte(request):
    return render(request, "admin_ml/compte.html")


@droit_requis(Droit.ADMIN_ML_GERER_STRUCTURE)
def structure(request):
    lieux = LieuAccueil.objects.de_la_structure(request.structure)
    return render(request, "admin_ml/structure.html", {"lieux": lieux})


@droit_requis(Droit.ADMIN_ML_GERER_STRUCTURE)
def lieu(request, lieu_id):
    lieu = objet_de_la_ml(request, LieuAccueil, pk=lieu_id)
    # The form works on a copy: a refused change does not show as the site's name above.
    formulaire = LieuAccueilForm(request.POST or None, instance=copy.copy(lieu))
    if request.method == "POST" and formulaire.is_valid():
        try:
            lieu_modifier(lieu=lieu, par=request.user, **formulaire.cleaned_data)
        except ValidationError as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(request, "Le lieu d'accueil est enregistré.")
            return redirect("admin_ml:lieu", lieu_id=lieu.pk)
    return render(request, "admin_ml/lieu.html", {"lieu": lieu, "form": formulaire})


def connexion_verrouillee(request, reponse_originale=None, identifiants=None):
    """django-axes' answer once the failure limit is reached: a French page, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/verrouille.html", {"minutes": minutes}, status=429)
