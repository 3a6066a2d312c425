"""Demo reference data of the Missions Locales: their own « origine de la venue » elements
and a transfer planned for the night, so that the portal's pages are lived-in (see
imilo/management/commands/donnees_demo.py). Runs before the youth files exist."""

from referentiels.enums import Portee
from referentiels.models import ElementReference, TableReference, TransfertReference
from referentiels.services import element_ajouter, transfert_planifier

TABLE = "origine_venue"
# The last one duplicates the national « Famille / amis »: the transfer planned below merges
# them, as an ML does after years of local habits.
LOCAUX = ["Forum de l'emploi", "Réseaux sociaux de la mission locale", "Bouche à oreille"]
DESTINATION = "famille_amis"


def peupler(demo) -> None:
    table = TableReference.objects.filter(code=TABLE).first()
    destination = ElementReference.objects.filter(
        table_id=TABLE, portee=Portee.NATIONALE, code=DESTINATION
    ).first()
    if table is None or destination is None:
        demo.resume.append(
            "Tables de référence de démonstration non créées : chargez d'abord les "
            "référentiels (python manage.py charger_referentiels)."
        )
        return
    for structure in demo.objets.get("structures", []):
        ml = structure["ml"]
        direction = structure["utilisateurs"]["direction"]
        elements = []
        for libelle in LOCAUX:
            element = ElementReference.objects.filter(
                table=table, portee=Portee.LOCALE, structure=ml, libelle=libelle
            ).first() or element_ajouter(structure=ml, table=table, libelle=libelle, par=direction)
            elements.append(element)
        source = elements[-1]
        if not TransfertReference.objects.filter(structure=ml, source=source).exists():
            transfert_planifier(structure=ml, source=source, destination=destination, par=direction)
    demo.resume.append(
        f"Tables de référence : {len(LOCAUX)} origines de la venue propres à chaque mission "
        f"locale, et le transfert « {LOCAUX[-1]} » → « {destination} » planifié pour 4 h."
    )
