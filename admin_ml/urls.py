from django.urls import path

from admin_ml import views

app_name = "admin_ml"

urlpatterns = [
    path("structure/", views.structure, name="structure"),
    path("lieux/<int:lieu_id>/", views.lieu, name="lieu"),
    path("utilisateurs/", views.utilisateurs, name="utilisateurs"),
    path("utilisateurs/<int:utilisateur_id>/", views.utilisateur, name="utilisateur"),
]
