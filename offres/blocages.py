"""What offres tells the admin portal (admin_ml registries, filled in ready()):

- the offres de service and the partners a user is still référent of block unsubscribing
  the account (`admin_ml.blocages`; seed 003: « référentes … d'entreprises, d'offres de
  services »), with the link to those records in their list;
- the group transfers of référent (`admin_ml.transferts`): offres de service and partners,
  selected in their lists.
"""

from django.urls import reverse

from admin_ml.models import Utilisateur
from admin_ml.registres import Blocage, GenreTransfert
from imilo.droits import Droit
from offres.enums import EtatOffre
from offres.models import Entreprise, OffreDeService
from offres.services import offres_changer_referent
from offres.services_entreprises import entreprises_changer_referent


def offres_suivies(utilisateur) -> list[Blocage]:
    nombre = OffreDeService.objects.filter(referent=utilisateur).count()
    # Every state: a finished offer keeps its référent too.
    etats = "&".join(f"etats={etat}" for etat in EtatOffre.values)
    return [
        Blocage(
            f"référent de {nombre} offre{'s' if nombre > 1 else ''} de service",
            nombre,
            f"{reverse('offres:offres')}?referent={utilisateur.pk}&{etats}",
        )
    ]


def partenaires_suivis(utilisateur) -> list[Blocage]:
    nombre = Entreprise.objects.filter(referent=utilisateur).count()
    return [
        Blocage(
            f"référent de {nombre} partenaire{'s' if nombre > 1 else ''}",
            nombre,
            f"{reverse('offres:entreprises')}?referent={utilisateur.pk}",
        )
    ]


def _offres(*, objets, destination, par) -> int:
    return offres_changer_referent(offres=objets, referent=destination, par=par)


def _partenaires(*, objets, destination, par) -> int:
    return entreprises_changer_referent(entreprises=objets, referent=destination, par=par)


GENRES_DE_TRANSFERT_DES_OFFRES = [
    GenreTransfert(
        code="offres_referent",
        libelle="Offres de service : d'un référent à un autre",
        nom_objet="offre de service",
        nom_objets="offres de service",
        objets=OffreDeService,
        destination=Utilisateur,
        droit=Droit.OFFRES_GERER,
        executer=_offres,
        selection="offres:offres",
        aide="Filtrez les offres par référent (cochez aussi l'état « terminée »), cochez-les, "
        "puis « Transférer au référent ».",
    ),
    GenreTransfert(
        code="partenaires_referent",
        libelle="Entreprises et partenaires : d'un référent à un autre",
        nom_objet="partenaire",
        nom_objets="partenaires",
        objets=Entreprise,
        destination=Utilisateur,
        droit=Droit.OFFRES_GERER,
        executer=_partenaires,
        selection="offres:entreprises",
        aide="Filtrez les partenaires par référent, cochez-les, puis « Transférer au référent ».",
    ),
]
