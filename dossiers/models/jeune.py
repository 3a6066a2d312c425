"""The youth file: identity and the person's situation (JeuneQuerySet, Jeune), the pieces that
justify the identity, the access log and a user's working selection (« Ma liste »)."""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from admin_ml.models import LieuAccueil, MissionLocale
from dossiers.enums import Nationalite, NiveauFormation, NiveauIdentite, Rsa, Sexe, StatutRendezVous
from dossiers.nir import nir_erreurs
from dossiers.telephones import telephone_affiche, telephone_normaliser
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet, hors_de_la_structure
from imilo.texte import cle_de_recherche, majuscules_sans_accents
from referentiels.models import Commune, Pays, ReferenceField, elements_indisponibles

_IDENTIFIANT_FT = re.compile(r"^(\d{7}[A-Z]|[A-Z0-9]{11})$")


# The fields a justification of identity vouches for: changing one needs a new one.
CHAMPS_JUSTIFIES = ("prenom", "nom_naissance", "nom_usage", "date_naissance", "sexe")


# Charte: "Moyen de garde … frein à l'insertion si « Difficulté de garde » ou « Aucun »".
MOYENS_DE_GARDE_FREIN = {"difficulte", "aucun"}


class JeuneQuerySet(StructureQuerySet):
    def rechercher(self, texte: str, *, voit_nir: bool = True):
        """Name in any order (prénom nom, nom prénom, nom de naissance), by prefix, case and
        accents ignored; a birth date (jj/mm/aaaa); a NIR (its beginning for who may see
        it); a France Travail identifier."""
        from dossiers.recherche import filtre_recherche

        return self.filter(filtre_recherche(texte, voit_nir=voit_nir))

    def avec_donnees_liste(self):
        return self.select_related("conseiller_referent", "lieu_rattachement")

    def doublons_possibles(self, *, noms: list[str], prenom: str, date_naissance: date):
        """Files that may be the same person: same birth date, same first name, and one of
        `noms` (usage and birth names) equal to their usage or birth name, either way round.
        Names are compared normalised (case, accents)."""
        noms = [majuscules_sans_accents(nom) for nom in noms if nom]
        return self.filter(
            date_naissance=date_naissance,
            cle_prenom=cle_de_recherche(prenom),
        ).filter(Q(nom_usage__in=noms) | Q(nom_naissance__in=noms))


class Jeune(models.Model):
    """The youth file (dossier jeune) of one Mission Locale."""

    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        related_name="jeunes",
        verbose_name="mission locale",
    )
    # Identity (charte de saisie: prénom as on the ID card, names upper case, no accents).
    prenom = models.CharField("prénom", max_length=100)
    nom_usage = models.CharField("nom d'usage", max_length=100)
    nom_naissance = models.CharField("nom de naissance", max_length=100, blank=True)
    date_naissance = models.DateField("date de naissance")
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    ne_etranger = models.BooleanField("né à l'étranger", default=False)
    pays_naissance = models.ForeignKey(
        Pays, on_delete=models.PROTECT, null=True, blank=True, verbose_name="pays de naissance"
    )
    commune_naissance = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune de naissance",
    )
    nationalite = models.CharField(
        "nationalité", max_length=1, choices=Nationalite.choices, blank=True
    )
    situation_familiale = ReferenceField(
        table="situation_familiale", null=True, blank=True, verbose_name="situation familiale"
    )
    situation_familiale_confirmee_le = models.DateField(
        "situation familiale toujours vraie le", null=True, blank=True
    )
    enfants_a_charge = models.PositiveSmallIntegerField("enfants à charge", default=0)
    moyen_garde = ReferenceField(
        table="moyen_garde", null=True, blank=True, verbose_name="moyen de garde des enfants"
    )
    recense = models.BooleanField("recensé", default=False)
    jdc = models.BooleanField("JDC effectuée", default=False)
    # NIR: optional, with an explicit "pas de NIR"; certification is a separate act.
    nir = models.CharField("NIR", max_length=15, blank=True)
    pas_de_nir = models.BooleanField("pas de NIR", default=False)
    nir_certifie_le = models.DateTimeField("NIR certifié le", null=True, blank=True)
    nir_certifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="NIR certifié par",
    )
    conseiller_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jeunes_suivis",
        verbose_name="conseiller référent",
    )
    lieu_rattachement = models.ForeignKey(
        LieuAccueil,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jeunes",
        verbose_name="lieu de rattachement",
    )
    # Coordonnées. NPAI: no letter or SMS leaves for this file.
    npai = models.BooleanField("NPAI (n'habite pas à l'adresse indiquée)", default=False)
    hebergement = ReferenceField(
        table="hebergement", null=True, blank=True, verbose_name="hébergement"
    )
    probleme_logement = models.BooleanField("problématique logement", default=False)
    email = models.EmailField("adresse électronique", blank=True)
    telephone_mobile = models.CharField("téléphone mobile", max_length=20, blank=True)
    mobile_joignable = models.BooleanField("joignable sur le mobile", default=True)
    mobile_commentaire = models.CharField("commentaire (mobile)", max_length=200, blank=True)
    telephone_fixe = models.CharField("téléphone fixe", max_length=20, blank=True)
    fixe_joignable = models.BooleanField("joignable sur le fixe", default=True)
    fixe_commentaire = models.CharField("commentaire (fixe)", max_length=200, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True)
    bic = models.CharField("BIC", max_length=11, blank=True)
    # Compléments.
    couverture_principale = ReferenceField(
        table="couverture_principale",
        null=True,
        blank=True,
        verbose_name="couverture sociale principale",
    )
    couverture_complementaire = ReferenceField(
        table="couverture_complementaire",
        null=True,
        blank=True,
        verbose_name="couverture complémentaire",
    )
    rsa = models.CharField("RSA", max_length=15, choices=Rsa.choices, blank=True)
    rqth = models.BooleanField("RQTH", default=False)
    categorie_rqth = ReferenceField(
        table="categorie_rqth", null=True, blank=True, verbose_name="catégorie RQTH"
    )
    inscrit_france_travail = models.BooleanField("inscrit à France Travail", default=False)
    identifiant_france_travail = models.CharField(
        "identifiant France Travail", max_length=11, blank=True
    )
    origine_venue = ReferenceField(
        table="origine_venue", null=True, blank=True, verbose_name="origine de la venue"
    )
    codes_auxiliaires = models.CharField("codes auxiliaires", max_length=100, blank=True)
    savoirs_base = ReferenceField(
        table="savoirs_base", null=True, blank=True, verbose_name="savoirs de base"
    )
    # Mobilité (charte: « jusqu'où le jeune est prêt à se déplacer », as a radius).
    mobilite = ReferenceField(table="mobilite", null=True, blank=True, verbose_name="mobilité")
    # Search keys, set by the services from the names (imilo.texte.cle_de_recherche).
    cle_prenom = models.CharField(max_length=100, editable=False)
    cle_nom_prenom = models.CharField(max_length=210, editable=False)
    cle_prenom_nom = models.CharField(max_length=210, editable=False)
    cle_naissance_prenom = models.CharField(max_length=210, editable=False)
    created_at = models.DateTimeField("ouvert le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ouvert par",
    )

    objects = JeuneQuerySet.as_manager()
    history = historique(
        excluded_fields=["cle_prenom", "cle_nom_prenom", "cle_prenom_nom", "cle_naissance_prenom"]
    )

    class Meta:
        verbose_name = "dossier jeune"
        verbose_name_plural = "dossiers jeunes"
        ordering = ["nom_usage", "prenom"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        ne_etranger=True,
                        pays_naissance__isnull=False,
                        commune_naissance__isnull=True,
                    )
                    | Q(
                        ne_etranger=False,
                        pays_naissance__isnull=True,
                        commune_naissance__isnull=False,
                    )
                ),
                name="jeune_lieu_de_naissance",
                violation_error_message=(
                    "Né à l'étranger : indiquez le pays de naissance (pas de commune) ; né en "
                    "France : indiquez la commune de naissance."
                ),
            ),
            models.CheckConstraint(
                condition=Q(pas_de_nir=False) | Q(nir=""),
                name="jeune_pas_de_nir_sans_nir",
                violation_error_message="« Pas de NIR » est coché : le NIR doit rester vide.",
            ),
            models.CheckConstraint(
                condition=Q(nir_certifie_le__isnull=True)
                | Q(nir__startswith="1")
                | Q(nir__startswith="2"),
                name="jeune_nir_certifiable",
                violation_error_message=(
                    "Seul un NIR commençant par 1 ou 2 peut être certifié (7 et 8 sont des "
                    "numéros provisoires)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(inscrit_france_travail=True) | Q(identifiant_france_travail=""),
                name="jeune_identifiant_ft_si_inscrit",
                violation_error_message=(
                    "L'identifiant France Travail ne se renseigne que pour un jeune inscrit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rqth=True) | Q(categorie_rqth__isnull=True),
                name="jeune_categorie_rqth_si_rqth",
                violation_error_message="La catégorie RQTH suppose une RQTH.",
            ),
            models.CheckConstraint(
                condition=Q(nom_usage__regex=r"^[A-Z' -]+$")
                & Q(nom_naissance__regex=r"^[A-Z' -]*$"),
                name="jeune_nom_majuscules_sans_accents",
                violation_error_message=(
                    "Les noms s'écrivent en majuscules sans accents (lettres, espace, tiret, "
                    "apostrophe)."
                ),
            ),
        ]
        indexes = [
            # Name search by prefix within an ML (docs/recherche.md explains the plan).
            *(
                models.Index(
                    fields=["structure", cle],
                    name=f"jeune_{cle}_idx"[:30],
                    opclasses=["int8_ops", "varchar_pattern_ops"],
                )
                for cle in ("cle_nom_prenom", "cle_prenom_nom", "cle_naissance_prenom")
            ),
            models.Index(fields=["structure", "date_naissance"], name="jeune_naissance_idx"),
            models.Index(fields=["structure", "identifiant_france_travail"], name="jeune_ft_idx"),
            models.Index(
                fields=["structure", "nir"],
                name="jeune_nir_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.nom_usage} {self.prenom}"

    def get_absolute_url(self):
        return reverse("dossiers:fiche", kwargs={"jeune_id": self.pk})

    def clean(self):
        """The rules of the charte de saisie that concern one file (called by full_clean,
        hence by every service that writes a file)."""
        erreurs = {}
        aujourdhui = timezone.localdate()
        if self.date_naissance and not (
            date(aujourdhui.year - 100, 1, 1) <= self.date_naissance <= aujourdhui
        ):
            erreurs["date_naissance"] = "Cette date de naissance n'est pas plausible."
        if self.ne_etranger:
            if self.pays_naissance_id is None:
                erreurs["pays_naissance"] = "Né à l'étranger : indiquez le pays de naissance."
            elif self.pays_naissance.groupe == "1":
                erreurs["pays_naissance"] = "Ce pays est la France : décochez « né à l'étranger »."
            self.commune_naissance = None
        else:
            if self.commune_naissance_id is None:
                erreurs["commune_naissance"] = "Indiquez la commune de naissance."
            self.pays_naissance = None
        if self.pas_de_nir and self.nir:
            erreurs["nir"] = "Vous avez coché « pas de NIR » : laissez le NIR vide."
        elif self.nir:
            messages = nir_erreurs(self.nir, sexe=self.sexe, date_naissance=self.date_naissance)
            if messages:
                erreurs["nir"] = messages
        if (
            self.situation_familiale_confirmee_le
            and self.situation_familiale_confirmee_le > aujourdhui
        ):
            erreurs["situation_familiale_confirmee_le"] = "Cette date est dans le futur."
        erreurs.update(
            hors_de_la_structure(
                self, self.structure_id, "conseiller_referent", "lieu_rattachement"
            )
        )
        for champ in ("telephone_mobile", "telephone_fixe"):
            try:
                setattr(self, champ, telephone_normaliser(getattr(self, champ)))
            except ValueError as exc:
                erreurs[champ] = str(exc)
        self.iban = stdnum_iban.compact(self.iban or "")
        if self.iban and not stdnum_iban.is_valid(self.iban):
            erreurs["iban"] = "Cet IBAN n'est pas valide (vérifiez la clé et la longueur)."
        self.bic = (self.bic or "").replace(" ", "").upper()
        if self.bic and not stdnum_bic.is_valid(self.bic):
            erreurs["bic"] = "Ce BIC n'est pas valide (8 ou 11 caractères)."
        self.identifiant_france_travail = (
            (self.identifiant_france_travail or "").replace(" ", "").upper()
        )
        if self.identifiant_france_travail and not _IDENTIFIANT_FT.match(
            self.identifiant_france_travail
        ):
            erreurs["identifiant_france_travail"] = (
                "L'identifiant France Travail comporte 7 chiffres puis une lettre, ou 11 "
                "caractères (nouveau format)."
            )
        if not self.inscrit_france_travail and self.identifiant_france_travail:
            erreurs["identifiant_france_travail"] = (
                "Cochez « inscrit à France Travail » pour renseigner son identifiant."
            )
        if not self.rqth and self.categorie_rqth_id:
            erreurs["categorie_rqth"] = "La catégorie RQTH suppose une RQTH."
        erreurs.update(elements_indisponibles(self, self.structure))
        if erreurs:
            raise ValidationError(erreurs)

    def referent_admissible(self) -> bool:
        """Who may be made référent: a user of the ML with the function (checked when the
        référent is chosen, so that a référent who later loses the function does not lock
        the file)."""
        referent = self.conseiller_referent
        return referent is None or referent.peut_etre_referent(self.structure_id)

    def calculer_cles(self) -> None:
        """Normalise the names and derive the search keys (called by the services)."""
        self.nom_usage = majuscules_sans_accents(self.nom_usage)
        self.nom_naissance = majuscules_sans_accents(self.nom_naissance)
        self.prenom = " ".join((self.prenom or "").split())
        prenom, nom = cle_de_recherche(self.prenom), cle_de_recherche(self.nom_usage)
        naissance = cle_de_recherche(self.nom_naissance) or nom
        self.cle_prenom = prenom
        self.cle_nom_prenom = f"{nom} {prenom}"
        self.cle_prenom_nom = f"{prenom} {nom}"
        self.cle_naissance_prenom = f"{naissance} {prenom}"

    @property
    def age(self) -> int:
        aujourdhui = timezone.localdate()
        anniversaire_passe = (aujourdhui.month, aujourdhui.day) >= (
            self.date_naissance.month,
            self.date_naissance.day,
        )
        return aujourdhui.year - self.date_naissance.year - (0 if anniversaire_passe else 1)

    @property
    def adresse_courante(self):
        """From the prefetched addresses of the file page (no query of its own)."""
        return next((a for a in self.adresses.all() if a.fin is None), None)

    @property
    def anciennes_adresses(self) -> list:
        return [a for a in self.adresses.all() if a.fin is not None]

    @property
    def rendez_vous_a_venir(self) -> list:
        """Appointments still to be marked (prévu), from the prefetched ones."""
        return [rdv for rdv in self.rendez_vous.all() if rdv.statut == StatutRendezVous.PREVU]

    @property
    def niveau_formation(self) -> str:
        """The highest level of the cursus (from the prefetched entries), or ""."""
        return max((entree.niveau for entree in self.cursus.all() if entree.niveau), default="")

    @property
    def niveau_formation_affiche(self) -> str:
        niveau = self.niveau_formation
        return NiveauFormation(niveau).label if niveau else ""

    @property
    def ressources_en_cours(self) -> list:
        return [r for r in self.ressources.all() if r.en_cours]

    @property
    def mobile_affiche(self) -> str:
        return telephone_affiche(self.telephone_mobile)

    @property
    def fixe_affiche(self) -> str:
        return telephone_affiche(self.telephone_fixe)

    @property
    def joignable(self) -> bool:
        """A phone the young person answers, and no NPAI: SMS and letters may leave."""
        return not self.npai and (
            (bool(self.telephone_mobile) and self.mobile_joignable)
            or (bool(self.telephone_fixe) and self.fixe_joignable)
        )

    @property
    def nir_certifie(self) -> bool:
        return self.nir_certifie_le is not None

    @property
    def frein_garde(self) -> bool:
        return self.moyen_garde_id is not None and self.moyen_garde.code in MOYENS_DE_GARDE_FREIN

    def valeurs_justifiees(self) -> dict:
        return {champ: str(getattr(self, champ)) for champ in CHAMPS_JUSTIFIES}

    @property
    def justification_en_cours(self):
        """The latest justification if it still vouches for the current identity."""
        derniere = max(self.justifications.all(), key=lambda j: j.date, default=None)
        if derniere is not None and derniere.valeurs == self.valeurs_justifiees():
            return derniere
        return None

    @property
    def niveau_identite(self) -> NiveauIdentite:
        complet = all(
            (
                self.prenom,
                self.nom_usage,
                self.nom_naissance,
                self.nationalite,
                self.situation_familiale_id,
                self.nir or self.pas_de_nir,
            )
        )
        if not complet:
            return NiveauIdentite.PARTIEL
        if self.justification_en_cours is None:
            return NiveauIdentite.COMPLET
        return NiveauIdentite.JUSTIFIE


class JustificationIdentite(models.Model):
    """The counsellor saw an identity document: which one, when, and for which values."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="justifications", verbose_name="jeune"
    )
    piece = ReferenceField(table="piece_identite", verbose_name="pièce présentée")
    date = models.DateTimeField("justifiée le", default=timezone.now)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    # The identity as it was justified: a later change of one of these fields shows.
    valeurs = models.JSONField("valeurs justifiées")

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "justification d'identité"
        verbose_name_plural = "justifications d'identité"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.piece} ({self.date:%d/%m/%Y})"


class AccesDossier(models.Model):
    """Append-only log of who opened which file, when (RGPD traceability)."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.PROTECT, related_name="acces", verbose_name="jeune"
    )
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    date = models.DateTimeField("ouvert le", default=timezone.now, db_index=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "accès à un dossier"
        verbose_name_plural = "accès aux dossiers"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.utilisateur} → {self.jeune} ({self.date:%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Le journal des accès ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Le journal des accès ne se supprime pas.")


class SelectionJeune(models.Model):
    """« Ma liste »: the files a user has put aside for a group action or an export."""

    chemin_structure = "jeune__structure"

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="utilisateur",
    )
    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="+", verbose_name="jeune"
    )
    ajoute_le = models.DateTimeField("ajouté le", default=timezone.now)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "jeune de ma liste"
        verbose_name_plural = "jeunes de ma liste"
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "jeune"], name="selection_unique")
        ]

    def __str__(self):
        return f"{self.utilisateur} : {self.jeune}"
