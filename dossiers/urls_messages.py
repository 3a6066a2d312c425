"""Messages to the young person (letters, SMS, email) and the ML's message templates.
Included by dossiers/urls.py: the names are `dossiers:<name>`."""

from django.urls import path

from dossiers import views_messages as vues
from dossiers.models_messages import CanalMessage

urlpatterns = [
    path("<int:jeune_id>/messages/", vues.messages_du_jeune, name="messages"),
    path("<int:jeune_id>/messages/ecrire/", vues.message_ecrire, name="message_ecrire"),
    path("<int:jeune_id>/messages/<int:message_id>/", vues.message_detail, name="message"),
    path(
        "<int:jeune_id>/messages/<int:message_id>/copie.pdf",
        vues.message_copie_pdf,
        name="message_copie_pdf",
    ),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/convocation.pdf",
        vues.convocation_pdf,
        name="convocation_pdf",
    ),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/rappel-sms/",
        vues.rappel,
        {"canal": CanalMessage.SMS},
        name="rappel_sms",
    ),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/rappel-courriel/",
        vues.rappel,
        {"canal": CanalMessage.COURRIEL},
        name="rappel_courriel",
    ),
    path("modeles-de-message/", vues.modeles_courrier, name="modeles_courrier"),
    path("modeles-de-message/nouveau/", vues.modele_courrier_creer, name="modele_courrier_creer"),
    path("modeles-de-message/<int:modele_id>/", vues.modele_courrier, name="modele_courrier"),
]
