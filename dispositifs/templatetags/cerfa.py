"""`{% etat_cerfa dispositif jeune as cerfa %}`: the CERFA of a PACEA or a CEJ as the
dispositif page shows it (dispositifs/cerfa.py decides). One query: the latest version."""

from django import template

from dispositifs.cerfa import a_un_cerfa, dernier_cerfa, raison_sans_cerfa

register = template.Library()


@register.simple_tag(takes_context=True)
def etat_cerfa(context, dispositif, jeune) -> dict:
    """{"concerne": a PACEA or a CEJ, "document": the latest CERFA or None, "en_cours":
    asked for after it, "raison": why it may not be generated ("" if it may),
    "raison_telechargement": why this user may not download it ("" if they may)}."""
    if not a_un_cerfa(dispositif):
        return {"concerne": False}
    document = dernier_cerfa(dispositif)
    demande = dispositif.cerfa_demande_le
    utilisateur = context["request"].user
    return {
        "concerne": True,
        "document": document,
        "en_cours": demande is not None and (document is None or demande > document.created_at),
        "raison": raison_sans_cerfa(dispositif, jeune),
        "raison_telechargement": document.raison_non_telechargeable(utilisateur)
        if document is not None
        else "",
    }
