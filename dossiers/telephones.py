"""Phone numbers typed as people say them, metropolitan or overseas."""

import phonenumbers

# A French number typed without +: tried as metropolitan, then as each overseas territory
# (0692… is Réunion, 0690… Guadeloupe: libphonenumber files them under their own region).
REGIONS = ("FR", "RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF", "NC", "PF", "WF")


def telephone_normaliser(saisie: str) -> str:
    """The number in E.164 (+33612345678); ValueError with a French message if invalid."""
    saisie = (saisie or "").strip()
    if not saisie:
        return ""
    for region in REGIONS:
        try:
            numero = phonenumbers.parse(saisie, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(numero):
            return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError("Ce numéro de téléphone n'est pas valide.")


def telephone_affiche(e164: str) -> str:
    if not e164:
        return ""
    numero = phonenumbers.parse(e164)
    # France and the overseas départements dial with a leading 0 (0692…, 0590…).
    if numero.country_code in (33, 262, 508, 590, 594, 596):
        return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def est_mobile(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164)) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
