"""What dossiers tells the admin portal (admin_ml registries, filled in ready()):

- the youth files a user is still référent of block unsubscribing or moving the account
  (`admin_ml.blocages`), with the link to those files in the list;
- the group transfers of youth files (`admin_ml.transferts`): another conseiller référent,
  another lieu de rattachement, from « Ma liste ».
"""

from django.urls import reverse

from admin_ml.models import LieuAccueil, Utilisateur
from admin_ml.registres import Blocage, GenreTransfert
from dossiers import ma_liste
from dossiers.models import Jeune
from imilo.droits import Droit


def dossiers_suivis(utilisateur) -> list[Blocage]:
    nombre = Jeune.objects.filter(conseiller_referent=utilisateur).count()
    return [
        Blocage(
            f"référent de {nombre} dossier{'s' if nombre > 1 else ''} "
            f"jeune{'s' if nombre > 1 else ''}",
            nombre,
            f"{reverse('dossiers:liste')}?referent_de={utilisateur.pk}",
        )
    ]


def _changer_referent(*, objets, destination, par) -> int:
    return ma_liste.jeunes_changer_referent(jeunes=objets, referent=destination, par=par)


def _changer_lieu(*, objets, destination, par) -> int:
    return ma_liste.jeunes_changer_lieu(jeunes=objets, lieu=destination, par=par)


GENRES_DE_TRANSFERT_DES_DOSSIERS = [
    GenreTransfert(
        code="jeunes_referent",
        libelle="Dossiers jeunes : d'un conseiller référent à un autre",
        nom_objet="dossier jeune",
        nom_objets="dossiers jeunes",
        objets=Jeune,
        destination=Utilisateur,
        droit=Droit.DOSSIERS_MODIFIER,
        executer=_changer_referent,
        selection="dossiers:ma_liste",
        aide="Filtrez la liste des jeunes par conseiller, ajoutez les résultats à Ma liste, "
        "puis « Nouveau conseiller référent ».",
    ),
    GenreTransfert(
        code="jeunes_lieu",
        libelle="Dossiers jeunes : changer de lieu de rattachement",
        nom_objet="dossier jeune",
        nom_objets="dossiers jeunes",
        objets=Jeune,
        destination=LieuAccueil,
        droit=Droit.DOSSIERS_MODIFIER,
        executer=_changer_lieu,
        selection="dossiers:ma_liste",
        aide="Filtrez la liste des jeunes par lieu, ajoutez les résultats à Ma liste, puis "
        "« Nouveau lieu de rattachement ».",
    ),
]
