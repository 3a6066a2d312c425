"""Signing in, passwords and one's own account, at the root of the site (no namespace: the
URL names `connexion`, `mot_de_passe_oublie`… are those of Django's auth settings).
Included by imilo/urls.py; the views are public where Django marks them so."""

from django.contrib.auth import views as auth_views
from django.urls import path

from admin_ml import views as admin_ml_views

urlpatterns = [
    path("connexion/", admin_ml_views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path(
        "mot-de-passe/oublie/",
        admin_ml_views.MotDePasseOublieView.as_view(),
        name="mot_de_passe_oublie",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="mot_de_passe_oublie_envoye",
    ),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        admin_ml_views.NouveauMotDePasseView.as_view(),
        name="mot_de_passe_reinitialiser",
    ),
    path(
        "mot-de-passe/reinitialise/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="mot_de_passe_reinitialise",
    ),
    path(
        "mot-de-passe/changer/",
        admin_ml_views.ChangementMotDePasseView.as_view(),
        name="mot_de_passe_changer",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="mot_de_passe_change",
    ),
    path("compte/", admin_ml_views.compte, name="compte"),
]
