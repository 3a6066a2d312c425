"""`{% empechements_envoi jeune rdv as blocages %}`: why a letter, an SMS or an email may
not be sent (dossiers/messagerie.py decides; computed once per file, however many
appointments the page shows)."""

from django import template

from dossiers.messagerie import empechements, raison_rendez_vous

register = template.Library()


@register.simple_tag
def empechements_envoi(jeune, rendez_vous=None) -> dict:
    """{"courrier": reason or "", "sms": …, "courriel": …, "rendez_vous": reason about
    the appointment itself (past, cancelled) or ""}."""
    return {**empechements(jeune, rendez_vous), "rendez_vous": raison_rendez_vous(rendez_vous)}
