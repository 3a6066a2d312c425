from django.urls import include, path

from imilo import views

handler500 = "imilo.views.erreur_serveur"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("sante/", views.sante, name="sante"),
    # Signing in, passwords and the account page: the accounts are admin_ml's.
    path("", include("admin_ml.urls_connexion")),
    path("administration/", include("admin_ml.urls")),
    path("referentiels/", include("referentiels.urls")),
    path("jeunes/", include("dossiers.urls")),
    path("jeunes/", include("dispositifs.urls")),
    path("offres/", include("offres.urls")),
]
