import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from admin_ml.models import LieuAccueil, MissionLocale
from dossiers.enums import (
    CATEGORIES_AVEC_CONTRAT,
    CATEGORIES_DIPLOMANTES,
    CategorieSituation,
    EtapePermis,
    EtatProposition,
    EtatSituation,
    Nationalite,
    NatureProposition,
    NiveauFormation,
    NiveauIdentite,
    ResultatFormation,
    Rsa,
    Sexe,
    StatutRendezVous,
    ThemeProposition,
    TypeEvenement,
)
from dossiers.nir import nir_erreurs
from dossiers.telephones import telephone_affiche, telephone_normaliser
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet
from imilo.texte import cle_de_recherche, majuscules_sans_accents
from referentiels.models import (
    Commune,
    Epci,
    MetierRome,
    Pays,
    ReferenceField,
    StatutZrr,
    elements_indisponibles,
)

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
        if self.conseiller_referent_id is not None and (
            self.conseiller_referent.structure_id != self.structure_id
        ):
            erreurs["conseiller_referent"] = "Ce conseiller n'est pas de la mission locale."
        if (
            self.lieu_rattachement_id is not None
            and self.lieu_rattachement.structure_id != self.structure_id
        ):
            erreurs["lieu_rattachement"] = "Ce lieu d'accueil n'est pas celui de la structure."
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


class StatutNormalisation(models.TextChoices):
    A_NORMALISER = "a_normaliser", "à normaliser"
    NORMALISEE = "normalisee", "normalisée"
    INTROUVABLE = "introuvable", "introuvable"


class StatutQpv(models.TextChoices):
    OUI = "oui", "en QPV"
    NON = "non", "hors QPV"
    A_VERIFIER = "a_verifier", "QPV à vérifier"


class AdresseQuerySet(StructureQuerySet):
    def courantes(self):
        return self.filter(fin__isnull=True)


class Adresse(models.Model):
    """An address of a young person. Changing the address closes this one (`fin`) and
    opens a new one, so the previous addresses stay, dated (charte: « la précédente sera
    historisée »). The territorial statuses are those found at normalisation."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="adresses", verbose_name="jeune"
    )
    voie = models.CharField(
        "numéro et voie", max_length=200, help_text="« - » pour un lieu-dit sans voie."
    )
    complement = models.CharField("complément", max_length=200, blank=True)
    code_postal = models.CharField("code postal", max_length=5)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    statut = models.CharField(
        "normalisation",
        max_length=15,
        choices=StatutNormalisation.choices,
        default=StatutNormalisation.A_NORMALISER,
    )
    message_normalisation = models.CharField("message", max_length=300, blank=True)
    normalisation_tentee_le = models.DateTimeField(
        "dernière tentative de normalisation", null=True, blank=True
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    epci = models.ForeignKey(
        Epci,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="EPCI",
    )
    zrr = models.CharField("statut ZRR", max_length=2, choices=StatutZrr.choices, blank=True)
    qpv = models.CharField(
        "QPV", max_length=10, choices=StatutQpv.choices, default=StatutQpv.A_VERIFIER
    )
    code_qpv = models.CharField("code du QPV", max_length=20, blank=True)
    debut = models.DateField("depuis le", default=timezone.localdate)
    fin = models.DateField("jusqu'au", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AdresseQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "adresse"
        verbose_name_plural = "adresses"
        ordering = ["-debut", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune"],
                condition=Q(fin__isnull=True),
                name="adresse_une_seule_courante",
                violation_error_message="Un jeune n'a qu'une adresse en cours.",
            ),
            models.CheckConstraint(
                condition=Q(code_postal__regex=r"^\d{5}$"),
                name="adresse_code_postal_5_chiffres",
                violation_error_message="Le code postal comporte 5 chiffres.",
            ),
        ]
        indexes = [models.Index(fields=["statut"], name="adresse_statut_idx")]

    def __str__(self):
        lignes = [self.voie if self.voie != "-" else "", self.complement]
        lignes.append(f"{self.code_postal} {self.commune.nom}")
        return ", ".join(ligne for ligne in lignes if ligne)


# Charte: « Aucun » and « Autre » (daily life covered by the family) are noted with 0.
TYPES_RESSOURCE_SANS_MONTANT = {"aucun", "autre"}


class Ressource(models.Model):
    """A resource of the young person (not the household's), historised by its dates."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="ressources", verbose_name="jeune"
    )
    type = ReferenceField(table="type_ressource", verbose_name="type de ressource")
    montant = models.DecimalField("montant mensuel (€)", max_digits=8, decimal_places=2)
    debut = models.DateField("depuis le")
    fin = models.DateField("jusqu'au", null=True, blank=True)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0),
                name="ressource_montant_positif",
                violation_error_message="Le montant ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="ressource_fin_apres_debut",
                violation_error_message="La fin ne peut pas précéder le début.",
            ),
        ]

    def __str__(self):
        return f"{self.type} : {self.montant} €"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if erreurs:
            raise ValidationError(erreurs)
        if (
            self.type_id
            and self.type.code in TYPES_RESSOURCE_SANS_MONTANT
            and self.montant not in (None, 0)
        ):
            raise ValidationError({"montant": f"« {self.type} » se note avec un montant de 0."})

    @property
    def en_cours(self) -> bool:
        return self.fin is None or self.fin >= timezone.localdate()


class Permis(models.Model):
    """A driving (or special) licence and where the young person stands with it."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="permis", verbose_name="jeune"
    )
    permis = ReferenceField(table="permis", verbose_name="permis")
    etape = models.CharField("étape", max_length=10, choices=EtapePermis.choices)
    date_obtention = models.DateField("obtenu le", null=True, blank=True)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "permis"
        verbose_name_plural = "permis"
        ordering = ["permis__ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune", "permis"],
                name="permis_unique_par_jeune",
                violation_error_message="Ce permis est déjà noté : modifiez son étape.",
            ),
            models.CheckConstraint(
                condition=Q(etape=EtapePermis.OBTENU, date_obtention__isnull=False)
                | (~Q(etape=EtapePermis.OBTENU) & Q(date_obtention__isnull=True)),
                name="permis_date_si_obtenu",
                violation_error_message="Un permis obtenu a sa date d'obtention, et lui seul.",
            ),
        ]

    def __str__(self):
        return f"{self.permis} — {self.get_etape_display()}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if erreurs:
            raise ValidationError(erreurs)


class MoyenLocomotion(models.Model):
    """How the young person gets around; several possible, one principal."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="locomotions", verbose_name="jeune"
    )
    moyen = ReferenceField(table="locomotion", verbose_name="moyen de locomotion")
    principal = models.BooleanField("principal", default=False)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "moyen de locomotion"
        verbose_name_plural = "moyens de locomotion"
        constraints = [
            models.UniqueConstraint(fields=["jeune", "moyen"], name="locomotion_unique"),
            models.UniqueConstraint(
                fields=["jeune"],
                condition=Q(principal=True),
                name="locomotion_un_seul_principal",
                violation_error_message="Un seul moyen de locomotion est principal.",
            ),
        ]

    def __str__(self):
        return f"{self.moyen}{' (principal)' if self.principal else ''}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if erreurs:
            raise ValidationError(erreurs)


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


class RendezVousQuerySet(StructureQuerySet):
    def chevauchant(self, *, conseiller, debut, fin):
        """The counsellor's kept appointments overlapping [debut, fin)."""
        return self.filter(
            conseiller=conseiller,
            statut__in=[StatutRendezVous.PREVU, StatutRendezVous.PRESENT],
            debut__lt=fin,
            fin__gt=debut,
        )


class RendezVous(models.Model):
    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="rendez_vous", verbose_name="jeune"
    )
    debut = models.DateTimeField("date et heure")
    duree = models.PositiveSmallIntegerField("durée (minutes)", default=30)
    # Derived from debut + duree by the services; stored for the overlap query (indexed).
    fin = models.DateTimeField("fin", editable=False)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rendez_vous",
        verbose_name="conseiller",
    )
    lieu = models.ForeignKey(
        LieuAccueil,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lieu d'accueil",
    )
    lieu_autre = models.CharField("autre lieu", max_length=200, blank=True)
    objet = models.CharField("objet", max_length=200)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutRendezVous.choices, default=StatutRendezVous.PREVU
    )
    motif_absence = ReferenceField(
        table="motif_absence", null=True, blank=True, verbose_name="motif d'absence"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="pris par",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RendezVousQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree__gte=5, duree__lte=480),
                name="rdv_duree_plausible",
                violation_error_message="La durée va de 5 minutes à 8 heures.",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutRendezVous.ABSENT, motif_absence__isnull=False)
                | (~Q(statut=StatutRendezVous.ABSENT) & Q(motif_absence__isnull=True)),
                name="rdv_motif_si_absent",
                violation_error_message="Une absence a son motif, et seule une absence en a un.",
            ),
            models.CheckConstraint(
                condition=Q(lieu__isnull=False) | ~Q(lieu_autre=""),
                name="rdv_lieu_indique",
                violation_error_message="Indiquez le lieu d'accueil ou un autre lieu.",
            ),
        ]
        indexes = [models.Index(fields=["conseiller", "debut"], name="rdv_conseiller_debut_idx")]

    def __str__(self):
        return f"{self.debut:%d/%m/%Y %H:%M} — {self.objet}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if self.conseiller_id and self.conseiller.structure_id != self.jeune.structure_id:
            erreurs["conseiller"] = "Ce conseiller n'est pas de la mission locale."
        if self.lieu_id and self.lieu.structure_id != self.jeune.structure_id:
            erreurs["lieu"] = "Ce lieu d'accueil n'est pas celui de la mission locale."
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def manque(self) -> bool:
        return self.statut == StatutRendezVous.ABSENT

    @property
    def ou(self) -> str:
        return self.lieu.nom if self.lieu_id else self.lieu_autre


class Evenement(models.Model):
    """A contact with the young person (entretien, téléphone, atelier…)."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="evenements", verbose_name="jeune"
    )
    date = models.DateTimeField("date", default=timezone.now)
    type = models.CharField("type", max_length=10, choices=TypeEvenement.choices)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="auteur",
    )
    contexte = ReferenceField(table="contexte", null=True, blank=True, verbose_name="contexte")
    notes = models.TextField("notes", blank=True)
    rendez_vous = models.OneToOneField(
        RendezVous,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evenement",
        verbose_name="rendez-vous",
    )

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if self.date and self.date > timezone.now() + timedelta(minutes=5):
            erreurs["date"] = "Un événement est un contact qui a eu lieu : pas de date future."
        if erreurs:
            raise ValidationError(erreurs)


class Proposition(models.Model):
    """A demand of the young person or a proposal of the ML, by theme, followed to its end.

    A demand noted at a first reception may be dated the day it was expressed."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="propositions", verbose_name="jeune"
    )
    nature = models.CharField("nature", max_length=12, choices=NatureProposition.choices)
    theme = models.CharField("thème", max_length=12, choices=ThemeProposition.choices)
    libelle = models.CharField("libellé", max_length=200)
    date = models.DateField("date", default=timezone.localdate)
    etat = models.CharField(
        "état", max_length=10, choices=EtatProposition.choices, default=EtatProposition.EN_COURS
    )
    date_fin = models.DateField("terminée le", null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="auteur",
    )

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "demande ou proposition"
        verbose_name_plural = "demandes et propositions"
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat=EtatProposition.EN_COURS, date_fin__isnull=True)
                | (~Q(etat=EtatProposition.EN_COURS) & Q(date_fin__isnull=False)),
                name="proposition_fin_si_terminee",
                violation_error_message="Une demande terminée a sa date de fin, et elle seule.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date")),
                name="proposition_fin_apres_debut",
                violation_error_message="La fin ne peut pas précéder la date de la demande.",
            ),
        ]

    def __str__(self):
        return f"{self.get_theme_display()} : {self.libelle}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "La date ne peut pas être future."})


# Validation préparée → niveau (nomenclature 2019). A local element the ML adds has no level:
# the niveau then stays to be chosen by hand.
NIVEAU_DES_VALIDATIONS = {
    "clea": NiveauFormation.N2,
    "cap": NiveauFormation.N3,
    "bep": NiveauFormation.N3,
    "titre_pro_3": NiveauFormation.N3,
    "bac_pro": NiveauFormation.N4,
    "bac": NiveauFormation.N4,
    "bp": NiveauFormation.N4,
    "titre_pro_4": NiveauFormation.N4,
    "daeu": NiveauFormation.N4,
    "bts": NiveauFormation.N5,
    "titre_pro_5": NiveauFormation.N5,
    "but": NiveauFormation.N6,
    "licence": NiveauFormation.N6,
    "titre_pro_6": NiveauFormation.N6,
    "master": NiveauFormation.N7,
    "doctorat": NiveauFormation.N8,
}
# LHEO: "perfectionnement, élargissement des compétences" counts as professionnalisation.
OBJECTIFS_COMPTES_ENSEMBLE = {"professionnalisation": ("professionnalisation", "perfectionnement")}
# Contracts with a term: their expected end is known when they are signed.
CONTRATS_A_TERME = {
    "cdd",
    "interim",
    "saisonnier",
    "apprentissage",
    "professionnalisation",
    "pec",
    "iae",
}
CONTRATS_EN_ALTERNANCE = {"apprentissage", "professionnalisation"}
_FORMACODE = RegexValidator(r"^\d{5}$", "Un code Formacode a 5 chiffres.")


class SituationQuerySet(StructureQuerySet):
    """The state of a situation is derived from its dates (see EtatSituation)."""

    def prevues(self, jour=None):
        return self.filter(debut__gt=jour or timezone.localdate())

    def en_cours(self, jour=None):
        jour = jour or timezone.localdate()
        return self.filter(debut__lte=jour).filter(
            Q(fin_reelle__isnull=True) | Q(fin_reelle__gt=jour)
        )

    def terminees(self, jour=None):
        return self.filter(fin_reelle__lte=jour or timezone.localdate())

    def non_terminees(self, jour=None):
        """En cours or prévues."""
        return self.filter(
            Q(fin_reelle__isnull=True) | Q(fin_reelle__gt=jour or timezone.localdate())
        )

    def dans_l_etat(self, etat: str, jour=None):
        return {
            EtatSituation.PREVUE: self.prevues,
            EtatSituation.EN_COURS: self.en_cours,
            EtatSituation.TERMINEE: self.terminees,
        }[etat](jour)


class Situation(models.Model):
    """What the young person is doing over a period: emploi, formation, inactivité…"""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="situations", verbose_name="jeune"
    )
    categorie = models.CharField("catégorie", max_length=12, choices=CategorieSituation.choices)
    intitule = models.CharField(
        "intitulé",
        max_length=200,
        blank=True,
        help_text="Poste occupé, intitulé de la formation, classe…",
    )
    organisme = models.CharField(
        "employeur ou organisme",
        max_length=200,
        blank=True,
        help_text="Employeur, organisme de formation, établissement, structure d'accueil.",
    )
    debut = models.DateField("début")
    fin_prevue = models.DateField("fin prévue", null=True, blank=True)
    fin_reelle = models.DateField("fin réelle", null=True, blank=True)
    # Emploi, alternance.
    type_contrat = ReferenceField(
        table="type_contrat", null=True, blank=True, verbose_name="type de contrat"
    )
    heures_hebdo = models.DecimalField(
        "heures par semaine",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    metier = models.ForeignKey(
        MetierRome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="métier (ROME)",
        help_text="Z00 pour une formation générale ou de mobilisation, sans métier visé.",
    )
    # Formation (and the diploma an alternance prepares).
    objectif = ReferenceField(
        table="objectif_formation",
        null=True,
        blank=True,
        verbose_name="objectif général de formation",
    )
    validation = ReferenceField(
        table="validation_formation",
        null=True,
        blank=True,
        verbose_name="validation préparée",
    )
    niveau = models.CharField("niveau", max_length=1, choices=NiveauFormation.choices, blank=True)
    nsf = ReferenceField(table="nsf", null=True, blank=True, verbose_name="spécialité (NSF)")
    formacode = models.CharField("Formacode", max_length=5, blank=True, validators=[_FORMACODE])
    resultat = models.CharField(
        "résultat", max_length=6, choices=ResultatFormation.choices, blank=True
    )
    motif_interruption = ReferenceField(
        table="motif_interruption",
        null=True,
        blank=True,
        verbose_name="motif d'interruption",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="noté par",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SituationQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "situation"
        verbose_name_plural = "situations"
        ordering = ["-debut", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin_prevue__isnull=True) | Q(fin_prevue__gte=models.F("debut")),
                name="situation_fin_prevue_apres_debut",
                violation_error_message="La fin prévue ne peut pas précéder le début.",
            ),
            models.CheckConstraint(
                condition=Q(fin_reelle__isnull=True) | Q(fin_reelle__gte=models.F("debut")),
                name="situation_fin_reelle_apres_debut",
                violation_error_message="La fin réelle ne peut pas précéder le début.",
            ),
            models.CheckConstraint(
                condition=~Q(categorie=CategorieSituation.FORMATION)
                | (Q(fin_prevue__isnull=False) & ~Q(organisme="")),
                name="situation_formation_organisme_et_fin",
                violation_error_message=(
                    "Une formation a son organisme et sa date de fin (estimez-la)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(type_contrat__isnull=True) | Q(categorie__in=CATEGORIES_AVEC_CONTRAT),
                name="situation_contrat_si_emploi",
                violation_error_message="Seuls un emploi ou une alternance ont un contrat.",
            ),
            models.CheckConstraint(
                condition=Q(categorie__in=CATEGORIES_DIPLOMANTES)
                | (
                    Q(objectif__isnull=True)
                    & Q(validation__isnull=True)
                    & Q(niveau="")
                    & Q(nsf__isnull=True)
                    & Q(formacode="")
                    & Q(resultat="")
                ),
                name="situation_champs_formation",
                violation_error_message="Ces champs ne concernent qu'une formation.",
            ),
            models.CheckConstraint(
                condition=Q(resultat="") | Q(fin_reelle__isnull=False),
                name="situation_resultat_en_fin",
                violation_error_message="Le résultat se note à la fin de la formation.",
            ),
            models.CheckConstraint(
                condition=Q(motif_interruption__isnull=True)
                | Q(
                    fin_reelle__isnull=False,
                    fin_prevue__isnull=False,
                    fin_reelle__lt=models.F("fin_prevue"),
                ),
                name="situation_motif_si_sortie_anticipee",
                violation_error_message=(
                    "Le motif d'interruption ne se note que pour une sortie avant la fin prévue."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["categorie", "debut"], name="situation_categorie_debut_idx"),
        ]

    def __str__(self):
        libelle = self.get_categorie_display()
        return f"{libelle} : {self.intitule}" if self.intitule else libelle.capitalize()

    def get_absolute_url(self):
        return reverse(
            "dossiers:situation_modifier",
            kwargs={"jeune_id": self.jeune_id, "situation_id": self.pk},
        )

    @property
    def etat(self) -> EtatSituation:
        jour = timezone.localdate()
        if self.debut > jour:
            return EtatSituation.PREVUE
        if self.fin_reelle and self.fin_reelle <= jour:
            return EtatSituation.TERMINEE
        return EtatSituation.EN_COURS

    def get_etat_display(self) -> str:
        return self.etat.label

    @property
    def sortie_anticipee(self) -> bool:
        return bool(self.fin_reelle and self.fin_prevue and self.fin_reelle < self.fin_prevue)

    @property
    def duree_contrat_mois(self) -> int | None:
        """The contract's term in whole months, derived from its dates."""
        if not (self.fin_prevue and self.type_contrat_id):
            return None
        mois = (self.fin_prevue.year - self.debut.year) * 12 + self.fin_prevue.month
        mois -= self.debut.month
        return mois + (1 if self.fin_prevue.day >= self.debut.day else 0)

    @property
    def sans_objectif(self) -> bool:
        """The national tool's alert n° 43: a formation without its objective."""
        return self.categorie == CategorieSituation.FORMATION and self.objectif_id is None

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        aujourdhui = timezone.localdate()
        if self.fin_reelle and self.fin_reelle > aujourdhui:
            erreurs["fin_reelle"] = (
                "La fin réelle ne peut pas être future : notez la date prévue en fin prévue."
            )
        if self.categorie == CategorieSituation.FORMATION:
            if not self.organisme:
                erreurs["organisme"] = "Indiquez l'organisme de formation."
            if not self.fin_prevue:
                erreurs["fin_prevue"] = (
                    "La date de fin d'une formation n'est jamais vide : estimez-la."
                )
            if self.sortie_anticipee and not self.motif_interruption_id:
                erreurs["motif_interruption"] = (
                    "Sortie avant la fin prévue : indiquez le motif d'interruption."
                )
        if self.motif_interruption_id and not self.sortie_anticipee:
            erreurs["motif_interruption"] = (
                "Le motif d'interruption ne se note que pour une sortie avant la fin prévue."
            )
        if self.resultat and not self.fin_reelle:
            erreurs["resultat"] = (
                "Le résultat se note à la fin de la formation : notez la fin réelle."
            )
        if self.type_contrat_id:
            code = self.type_contrat.code
            if (
                self.categorie == CategorieSituation.ALTERNANCE
                and code not in CONTRATS_EN_ALTERNANCE
            ):
                erreurs["type_contrat"] = (
                    "Une alternance est un contrat d'apprentissage ou de professionnalisation."
                )
            elif code in CONTRATS_A_TERME and not self.fin_prevue:
                erreurs.setdefault(
                    "fin_prevue", f"Un contrat « {self.type_contrat} » a une fin prévue."
                )
        if erreurs:
            raise ValidationError(erreurs)


class Cursus(models.Model):
    """The young person's diplomas and certifications: typed, or created when a formation
    ends with « obtenu ». The highest level is the file's niveau de formation."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="cursus", verbose_name="jeune"
    )
    intitule = models.CharField("intitulé", max_length=200)
    validation = ReferenceField(
        table="validation_formation", null=True, blank=True, verbose_name="validation"
    )
    niveau = models.CharField("niveau", max_length=1, choices=NiveauFormation.choices, blank=True)
    obtenu_le = models.DateField("obtenu le")
    situation = models.OneToOneField(
        Situation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cursus",
        verbose_name="formation d'origine",
    )

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "diplôme du cursus"
        verbose_name_plural = "cursus"
        ordering = ["-obtenu_le", "-pk"]

    def __str__(self):
        return f"{self.intitule} ({self.obtenu_le:%Y})"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if self.obtenu_le and self.obtenu_le > timezone.localdate():
            erreurs["obtenu_le"] = "Un diplôme obtenu a une date passée."
        if erreurs:
            raise ValidationError(erreurs)


from dossiers.models_documents import Document  # noqa: E402, F401
from dossiers.models_messages import Message, ModeleCourrier  # noqa: E402, F401
