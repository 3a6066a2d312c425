from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from stdnum.fr import siret as stdnum_siret

from imilo.droits import Droit
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet


def valider_siret(valeur: str) -> None:
    from django.core.exceptions import ValidationError

    if not stdnum_siret.is_valid(valeur):
        raise ValidationError("Ce SIRET n'est pas valide (14 chiffres, clé de contrôle).")


code_postal_validator = RegexValidator(r"^\d{5}$", "Le code postal comporte 5 chiffres.")
identifiant_validator = RegexValidator(
    # A number ends the identifier only when the first name has run out of letters.
    r"^[a-z]+\.[a-z][a-z-]*[0-9]*$",
    "L'identifiant s'écrit en minuscules sans accent : initiale(s) du prénom, un point, "
    "le nom (ex. s.debout).",
)

# What an unsubscribed user's name becomes (RGPD), wherever it was shown.
DONNEE_ANONYMISEE = "Donnée anonymisée"


class Region(models.Model):
    """The region whose association (ARML) animates the Missions Locales of its territory."""

    code = models.CharField("code INSEE de la région", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=150)

    history = historique()

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class AdresseMixin(models.Model):
    adresse = models.CharField("adresse", max_length=250)
    complement_adresse = models.CharField("complément d'adresse", max_length=250, blank=True)
    code_postal = models.CharField("code postal", max_length=5, validators=[code_postal_validator])
    commune = models.CharField("commune", max_length=150)
    telephone = models.CharField("téléphone", max_length=20, blank=True)

    class Meta:
        abstract = True

    @property
    def adresse_complete(self) -> str:
        lignes = [self.adresse, self.complement_adresse, f"{self.code_postal} {self.commune}"]
        return ", ".join(ligne for ligne in lignes if ligne)


class MissionLocale(AdresseMixin):
    """The tenant: every case datum belongs to one Mission Locale."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name="région")
    nom = models.CharField("nom", max_length=200)
    code = models.CharField(
        "code structure",
        max_length=10,
        unique=True,
        help_text="Code national de la structure.",
    )
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[valider_siret])
    email = models.EmailField("adresse électronique", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = historique()

    class Meta:
        verbose_name = "mission locale"
        verbose_name_plural = "missions locales"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class LieuAccueilQuerySet(StructureQuerySet):
    def actifs(self):
        """The sites still open, offered by the lists (a closed one stays on the records
        that name it)."""
        return self.filter(actif=True)


class LieuAccueil(AdresseMixin):
    """A site where young people are received (siège, antenne, permanence)."""

    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        related_name="lieux",
        verbose_name="mission locale",
    )
    nom = models.CharField("nom", max_length=200)
    est_siege = models.BooleanField("siège", default=False)
    actif = models.BooleanField("actif", default=True)

    objects = LieuAccueilQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"
        ordering = ["-est_siege", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "nom"],
                name="lieu_accueil_nom_unique_par_ml",
                violation_error_message="Cette mission locale a déjà un lieu d'accueil de ce nom.",
            ),
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(est_siege=True),
                name="lieu_accueil_un_seul_siege",
                violation_error_message="Une mission locale n'a qu'un siège.",
            ),
        ]

    def __str__(self):
        return self.nom


class ProfilQuerySet(StructureQuerySet):
    # `de_la_structure(ml)` gives the ML's own profiles only: the standard ones are shared
    # and read-only.

    def disponibles_pour(self, structure):
        """The national standard profiles and the ML's own ones."""
        return self.filter(Q(structure__isnull=True) | Q(structure=structure))


class Profil(models.Model):
    """A named set of rights. Standard profiles (no structure) are shipped by the code."""

    chemin_structure = "structure"

    code = models.SlugField("code", max_length=50)
    nom = models.CharField("nom", max_length=100)
    description = models.TextField("description", blank=True)
    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="profils",
        verbose_name="mission locale",
        help_text="Vide pour un profil national standard.",
    )

    objects = ProfilQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "profil"
        verbose_name_plural = "profils"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(structure__isnull=True),
                name="profil_standard_code_unique",
                violation_error_message="Un profil standard porte déjà ce code.",
            ),
            models.UniqueConstraint(
                fields=["structure", "code"],
                name="profil_code_unique_par_ml",
                violation_error_message="Cette mission locale a déjà un profil de ce code.",
            ),
        ]

    def __str__(self):
        return self.nom

    @property
    def est_standard(self) -> bool:
        return self.structure_id is None


class ProfilDroit(models.Model):
    profil = models.ForeignKey(
        Profil, on_delete=models.CASCADE, related_name="droits", verbose_name="profil"
    )
    droit = models.CharField("droit", max_length=60, choices=Droit.choices)

    history = historique()

    class Meta:
        verbose_name = "droit d'un profil"
        verbose_name_plural = "droits des profils"
        constraints = [
            models.UniqueConstraint(fields=["profil", "droit"], name="profil_droit_unique"),
        ]

    def __str__(self):
        return f"{self.profil} : {self.get_droit_display()}"


# Who may be chosen for a role, one rule each, read by the QuerySet (the lists a form offers)
# and by the predicates of one user (what a service re-checks).
# Référent of a youth file or a dispositif: an active user with the function (a référent
# who later loses it does not lock the file: the rule holds when one is chosen).
CONDITIONS_REFERENT = {"is_active": True, "fonction_conseiller_referent": True}
CONDITIONS_PRESCRIPTEUR = {"is_active": True, "fonction_prescripteur": True}
# Validating allocation requests: an active validateur holding the ML's RGS certificate
# delegation (seed 003), through a profile that has the right.
CONDITIONS_VALIDATEUR = {"is_active": True, "fonction_validateur": True, "delegation_rgs": True}


class UtilisateurQuerySet(StructureQuerySet):
    def actifs(self):
        return self.filter(is_active=True)

    def non_desabonnes(self):
        return self.filter(desabonne_le__isnull=True)

    def conseillers_referents(self):
        """Everyone with the function, active or not (to find the files they follow)."""
        return self.filter(fonction_conseiller_referent=True)

    def referents_possibles(self):
        return self.filter(**CONDITIONS_REFERENT)

    def prescripteurs_possibles(self):
        return self.filter(**CONDITIONS_PRESCRIPTEUR)

    def peuvent_valider(self):
        return self.filter(
            **CONDITIONS_VALIDATEUR, profil__droits__droit=Droit.DISPOSITIFS_VALIDER_ALLOCATION
        )


class UtilisateurManager(BaseUserManager.from_queryset(UtilisateurQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, identifiant):
        # Identifiers are stored lower case; people type them as they like.
        return self.get(identifiant=(identifiant or "").strip().lower())

    def create_user(self, identifiant, password=None, **champs):
        utilisateur = self.model(identifiant=identifiant.strip().lower(), **champs)
        utilisateur.email = self.normalize_email(utilisateur.email)
        utilisateur.set_password(password)
        utilisateur.save(using=self._db)
        return utilisateur


class Utilisateur(AbstractBaseUser):
    """A physical person working for a Mission Locale (no shared accounts such as "Accueil").

    The lifecycle (homonym logins, recovery of an account from another ML, deactivation,
    unsubscription with anonymisation) is the admin portal's; the fields leave room for it.
    """

    chemin_structure = "structure"

    identifiant = models.CharField(
        "identifiant",
        max_length=60,
        unique=True,
        validators=[identifiant_validator],
        help_text="Initiale du prénom, un point, le nom : s.debout.",
    )
    nom = models.CharField("nom", max_length=150)
    prenom = models.CharField("prénom", max_length=150)
    date_naissance = models.DateField("date de naissance")
    email = models.EmailField("adresse électronique")
    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        related_name="utilisateurs",
        verbose_name="mission locale",
    )
    profil = models.ForeignKey(Profil, on_delete=models.PROTECT, verbose_name="profil")
    # Functions are what the person does for the ML; several at once are possible.
    fonction_direction = models.BooleanField("direction", default=False)
    fonction_conseiller_referent = models.BooleanField("conseiller référent", default=False)
    fonction_validateur = models.BooleanField("validateur", default=False)
    fonction_prescripteur = models.BooleanField("prescripteur", default=False)
    fonction_accueil = models.BooleanField("accueil", default=False)
    # The ML's RGS certificate is delegated to the validateurs who may validate allocations.
    delegation_rgs = models.BooleanField(
        "délégation du certificat RGS",
        default=False,
        help_text="Permet de valider les demandes d'allocation (avec la fonction validateur).",
    )
    is_active = models.BooleanField(
        "actif",
        default=True,
        help_text="Un compte désactivé ne peut plus se connecter ; il peut être réactivé.",
    )
    # Unsubscription (RGPD) is definitive: the person's data is erased, the row stays so
    # that what they did keeps an author, shown as « Donnée anonymisée ».
    desabonne_le = models.DateTimeField("désabonné le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = UtilisateurManager()
    history = historique(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "identifiant"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nom", "prenom", "email", "date_naissance", "structure", "profil"]

    FONCTIONS = (
        "fonction_direction",
        "fonction_conseiller_referent",
        "fonction_validateur",
        "fonction_prescripteur",
        "fonction_accueil",
    )

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["nom", "prenom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delegation_rgs=False) | Q(fonction_validateur=True),
                name="delegation_rgs_pour_validateur",
                violation_error_message=(
                    "La délégation du certificat RGS ne va qu'à un validateur."
                ),
            ),
            # Domain rule (admin portal): only one account per ML holds the "Direction"
            # function, deactivated accounts included.
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(fonction_direction=True),
                name="une_seule_direction_par_ml",
                violation_error_message=(
                    "Un autre compte de cette mission locale a déjà la fonction Direction : "
                    "retirez-la lui d'abord."
                ),
            ),
            models.CheckConstraint(
                condition=Q(desabonne_le__isnull=True) | Q(is_active=False),
                name="desabonne_inactif",
                violation_error_message="Un compte désabonné ne peut pas être réactivé.",
            ),
        ]
        indexes = [
            models.Index(fields=["structure", "nom", "prenom"]),
            # Creating a user first looks for the same person across all MLs.
            models.Index(fields=["date_naissance"], name="utilisateur_naissance_idx"),
        ]

    def __str__(self):
        return self.nom_complet

    @property
    def nom_complet(self) -> str:
        if self.est_desabonne:
            return DONNEE_ANONYMISEE
        return f"{self.prenom} {self.nom}"

    @property
    def est_desabonne(self) -> bool:
        return self.desabonne_le is not None

    def get_full_name(self):
        return self.nom_complet

    def get_short_name(self):
        return DONNEE_ANONYMISEE if self.est_desabonne else self.prenom

    @property
    def fonctions(self) -> list[str]:
        return [
            self._meta.get_field(champ).verbose_name
            for champ in self.FONCTIONS
            if getattr(self, champ)
        ]

    @cached_property
    def droits(self) -> frozenset[str]:
        """The codes of the rights of the user's profile (prefetched by the backend)."""
        if not self.is_active or self.profil_id is None:
            return frozenset()
        return frozenset(ligne.droit for ligne in self.profil.droits.all())

    def a_le_droit(self, droit: str) -> bool:
        return droit in self.droits

    def _remplit(self, conditions: dict) -> bool:
        return all(getattr(self, champ) == valeur for champ, valeur in conditions.items())

    def peut_etre_referent(self, structure) -> bool:
        """May be made référent of a youth file or a dispositif of `structure` (an ML or
        its id)."""
        return self.structure_id == getattr(structure, "pk", structure) and self._remplit(
            CONDITIONS_REFERENT
        )

    def peut_etre_prescripteur(self, structure) -> bool:
        return self.structure_id == getattr(structure, "pk", structure) and self._remplit(
            CONDITIONS_PRESCRIPTEUR
        )

    @property
    def peut_valider_les_allocations(self) -> bool:
        return self._remplit(CONDITIONS_VALIDATEUR) and self.a_le_droit(
            Droit.DISPOSITIFS_VALIDER_ALLOCATION
        )
