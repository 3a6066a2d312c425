from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from dispositifs.models import Dispositif
from tests.admin_ml.factories import UtilisateurFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element

LIBELLES = {"pacea": "PACEA", "cej": "Contrat d'Engagement Jeune (CEJ)", "diagnostic": "Diagnostic"}


class DispositifFactory(DjangoModelFactory):
    """A dispositif row written as is, outside the rules of dispositifs.services: for the
    states the rules reach only over months or from old files (a PACEA numbered for its
    CERFA, a PACEA left last week, a CEP of level 1 closed). A test of the rules enters
    through the services (tests.dispositifs.donnees.entrer).

    `par`: the counsellor who prescribes, follows and writes it (the référent of the young
    person by default). Traits: `pacea`, `cej` (the type; a PACEA has its CERFA n° 0),
    `sorti` (left yesterday, for the `motif` given)."""

    class Meta:
        model = Dispositif

    class Params:
        code = "diagnostic"
        libelle = factory.LazyAttribute(lambda d: LIBELLES.get(d.code, d.code.upper()))
        par = factory.SelfAttribute("jeune.conseiller_referent")
        motif = "autonomie"
        pacea = factory.Trait(code="pacea", numero_cerfa=0)
        cej = factory.Trait(code="cej")
        sorti = factory.Trait(
            fin_reelle=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)),
            motif_sortie=factory.LazyAttribute(
                lambda d: element("motif_sortie", d.motif, d.motif.replace("_", " "))
            ),
        )

    jeune = factory.SubFactory(
        JeuneFactory, suivi_par=factory.SubFactory(UtilisateurFactory, fonction_prescripteur=True)
    )
    type = factory.LazyAttribute(lambda d: element("type_dispositif", d.code, d.libelle))
    entree_le = factory.LazyFunction(timezone.localdate)
    fin_prevue = factory.LazyAttribute(lambda d: d.entree_le + timedelta(days=365))
    prescripteur = factory.SelfAttribute("par")
    referent = factory.SelfAttribute("par")
    created_by = factory.SelfAttribute("par")
