"""Reference data: geography (COG), countries, ROME, and the generic reference tables.

Geography rows are keyed by their official code and reloaded by `charger_referentiels`;
a code absent from a newer vintage is deactivated, never deleted (files point at it).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from admin_ml.models import MissionLocale, Region
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet
from referentiels.enums import GroupePays, Portee, StatutTransfert, StatutZrr, Zone


class RegionInsee(models.Model):
    """An administrative region (COG). Not to confuse with admin_ml.Region, the ARML's."""

    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    zone = models.CharField("zone", max_length=5, choices=Zone.choices)

    class Meta:
        verbose_name = "région administrative"
        verbose_name_plural = "régions administratives"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        RegionInsee, on_delete=models.PROTECT, null=True, verbose_name="région"
    )
    zone = models.CharField("zone", max_length=5, choices=Zone.choices)

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class Epci(models.Model):
    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=5)
    population = models.PositiveIntegerField("population", null=True)

    class Meta:
        verbose_name = "établissement public de coopération intercommunale (EPCI)"
        verbose_name_plural = "établissements publics de coopération intercommunale (EPCI)"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class CommuneQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(actif=True)


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    # Upper case, no accents, separators as spaces: what the commune search compares.
    nom_recherche = models.CharField("nom normalisé", max_length=100)
    type = models.CharField("type", max_length=30)
    commune_parente = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrondissements",
        verbose_name="commune parente",
    )
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, verbose_name="département"
    )
    epci = models.ForeignKey(
        Epci, on_delete=models.PROTECT, null=True, blank=True, verbose_name="EPCI"
    )
    zone = models.CharField("zone", max_length=5, choices=Zone.choices)
    population = models.PositiveIntegerField("population", null=True)
    zrr = models.CharField("statut ZRR", max_length=2, choices=StatutZrr.choices, blank=True)
    millesime = models.CharField("millésime", max_length=20)
    actif = models.BooleanField("en vigueur", default=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["nom"]
        indexes = [
            # Prefix search on the normalised name (LIKE 'X%' needs the pattern opclass).
            models.Index(
                fields=["nom_recherche"],
                name="commune_nom_recherche_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.departement_id})"


class CodePostal(models.Model):
    code_postal = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="codes_postaux", verbose_name="commune"
    )

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        constraints = [
            models.UniqueConstraint(
                fields=["code_postal", "commune"], name="code_postal_commune_unique"
            )
        ]

    def __str__(self):
        return f"{self.code_postal} {self.commune.nom}"


class Pays(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    libelle = models.CharField("libellé", max_length=100)
    groupe = models.CharField("groupe", max_length=1, choices=GroupePays.choices)
    actif = models.BooleanField("en vigueur", default=True)

    class Meta:
        verbose_name = "pays"
        verbose_name_plural = "pays"
        ordering = ["libelle"]

    def __str__(self):
        return self.libelle


class MetierRome(models.Model):
    code = models.CharField("code ROME", max_length=5, primary_key=True)
    libelle = models.CharField("libellé", max_length=200)
    actif = models.BooleanField("en vigueur", default=True)

    class Meta:
        verbose_name = "métier ROME"
        verbose_name_plural = "métiers ROME"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.libelle}"


class TableReference(models.Model):
    """A list of values (situation familiale, moyen de garde…), identified by its code."""

    code = models.SlugField("code", max_length=50, primary_key=True)
    libelle = models.CharField("libellé", max_length=150)

    class Meta:
        verbose_name = "table de référence"
        verbose_name_plural = "tables de référence"
        ordering = ["libelle"]

    def __str__(self):
        return self.libelle


class ElementReferenceQuerySet(StructureQuerySet):
    # `de_la_structure(ml)` (StructureQuerySet): the ML's own, local elements, the only ones
    # it may change; national and regional elements belong to no ML.

    def de_la_table(self, table: str):
        return self.filter(table_id=table)

    def disponibles_pour(self, structure):
        """Active national elements, the structure's region's, and its own."""
        return self.visibles_pour(structure).filter(actif=True)

    def visibles_pour(self, structure):
        """Like `disponibles_pour`, deactivated elements included: what the ML's reference
        table page lists and what a transfer may take as its source."""
        return self.filter(
            Q(portee=Portee.NATIONALE)
            | Q(portee=Portee.REGIONALE, region_id=structure.region_id)
            | Q(portee=Portee.LOCALE, structure=structure)
        )


class ElementReference(models.Model):
    """One value of a reference table. Every field of the project that holds such a value is
    a `ReferenceField` (a foreign key to this model): the nightly transfer finds them all
    with `champs_de_reference()` and replaces a source element by a destination one.

    Elements are deactivated, never deleted while used (PROTECT).
    """

    table = models.ForeignKey(
        TableReference, on_delete=models.PROTECT, related_name="elements", verbose_name="table"
    )
    code = models.SlugField("code", max_length=50)
    libelle = models.CharField("libellé", max_length=200)
    portee = models.CharField(
        "portée", max_length=10, choices=Portee.choices, default=Portee.NATIONALE
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name="région"
    )
    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="mission locale",
    )
    actif = models.BooleanField("actif", default=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    objects = ElementReferenceQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "élément de référence"
        verbose_name_plural = "éléments de référence"
        ordering = ["table", "ordre", "libelle"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(portee=Portee.NATIONALE, region__isnull=True, structure__isnull=True)
                    | Q(portee=Portee.REGIONALE, region__isnull=False, structure__isnull=True)
                    | Q(portee=Portee.LOCALE, region__isnull=True, structure__isnull=False)
                ),
                name="element_reference_portee_coherente",
                violation_error_message=(
                    "Un élément national n'a ni région ni mission locale ; un élément régional "
                    "a sa région ; un élément local a sa mission locale."
                ),
            ),
            models.UniqueConstraint(
                fields=["table", "code"],
                condition=Q(portee=Portee.NATIONALE),
                name="element_national_code_unique",
                violation_error_message="Cette table a déjà un élément national de ce code.",
            ),
            models.UniqueConstraint(
                fields=["table", "region", "code"],
                condition=Q(portee=Portee.REGIONALE),
                name="element_regional_code_unique",
                violation_error_message="Cette table a déjà un élément régional de ce code.",
            ),
            models.UniqueConstraint(
                fields=["table", "structure", "code"],
                condition=Q(portee=Portee.LOCALE),
                name="element_local_code_unique",
                violation_error_message="Cette table a déjà un élément local de ce code.",
            ),
        ]

    def __str__(self):
        return self.libelle

    def disponible_pour(self, structure) -> bool:
        """National, of the structure's region, or the structure's own."""
        return (
            self.portee == Portee.NATIONALE
            or (self.portee == Portee.REGIONALE and self.region_id == structure.region_id)
            or (self.portee == Portee.LOCALE and self.structure_id == structure.pk)
        )

    def est_local_de(self, structure) -> bool:
        """An ML changes (activates, deactivates, deletes) its own local elements only;
        national and regional ones are read-only for it."""
        return self.portee == Portee.LOCALE and self.structure_id == structure.pk


class ReferenceField(models.ForeignKey):
    """A field holding one element of the reference table named `table`."""

    def __init__(self, *args, table: str, **kwargs):
        self.table_reference = table
        kwargs["to"] = "referentiels.ElementReference"
        kwargs.setdefault("on_delete", models.PROTECT)
        kwargs["limit_choices_to"] = {"table_id": table}
        kwargs.setdefault("related_name", "+")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["table"] = self.table_reference
        kwargs.pop("limit_choices_to", None)
        kwargs.pop("to", None)
        return name, path, args, kwargs


def elements_indisponibles(objet, structure) -> dict:
    """The ReferenceFields of `objet` holding an element of another ML (or region): such an
    element cannot be chosen, whatever the path (form, service, import). {field: message}."""
    erreurs = {}
    for champ in objet._meta.concrete_fields:
        if not isinstance(champ, ReferenceField) or getattr(objet, champ.attname) is None:
            continue
        if not getattr(objet, champ.name).disponible_pour(structure):
            erreurs[champ.name] = "Cette valeur n'est pas disponible pour la structure."
    return erreurs


def champs_de_reference(table: str | None = None):
    """(model, field) of every ReferenceField of the project, optionally of one table.

    Historical models (django-simple-history) are left out: history keeps the old values.
    """
    from django.apps import apps

    for modele in apps.get_models():
        if hasattr(modele, "instance_type"):
            continue
        for champ in modele._meta.get_fields():
            if isinstance(champ, ReferenceField) and (
                table is None or champ.table_reference == table
            ):
                yield modele, champ


EN_ATTENTE = (StatutTransfert.PLANIFIE, StatutTransfert.EN_COURS)
# The nightly job's hour (Europe/Paris); CELERY_BEAT_SCHEDULE runs it.
HEURE_DES_TRANSFERTS = 4


class TransfertReferenceQuerySet(StructureQuerySet):
    def en_attente(self):
        """Planned, or started and interrupted: what the next run of the job processes."""
        return self.filter(statut__in=EN_ATTENTE)

    def avec_donnees_liste(self):
        return self.select_related("table", "source", "destination", "planifie_par", "annule_par")


class TransfertReference(models.Model):
    """A request of an ML to replace, in its own records, one element of a reference table by
    another (seed 003, « mode transfert »). Planned in the day, run by the 4 a.m. job
    (referentiels/transferts.py), which counts the records changed as it commits each batch.

    Source and destination are kept as labels too: once the transfer is done, the source
    can be deleted and the request still says what it did.
    """

    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        related_name="transferts_reference",
        verbose_name="mission locale",
    )
    table = models.ForeignKey(TableReference, on_delete=models.PROTECT, verbose_name="table")
    source = models.ForeignKey(
        ElementReference,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transferts_depuis",
        verbose_name="élément remplacé (source)",
    )
    destination = models.ForeignKey(
        ElementReference,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transferts_vers",
        verbose_name="élément qui le remplace (destination)",
    )
    source_libelle = models.CharField("source", max_length=200)
    destination_libelle = models.CharField("destination", max_length=200)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutTransfert.choices, default=StatutTransfert.PLANIFIE
    )
    planifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="planifié par",
    )
    planifie_le = models.DateTimeField("planifié le", default=timezone.now)
    annule_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="annulé par",
    )
    annule_le = models.DateTimeField("annulé le", null=True, blank=True)
    demarre_le = models.DateTimeField("commencé le", null=True, blank=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    # Added in the same transaction as each batch it counts: exact after an interruption.
    nombre_modifies = models.PositiveIntegerField("enregistrements modifiés", default=0)
    # Records of the ML still holding the source at the end: a uniqueness rule kept them
    # (a young person holding both the source and the destination, for instance).
    nombre_restants = models.PositiveIntegerField("enregistrements restés sur la source", default=0)
    detail_restants = models.CharField("où la source reste utilisée", max_length=500, blank=True)

    objects = TransfertReferenceQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "transfert de références"
        verbose_name_plural = "transferts de références"
        ordering = ["-planifie_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("destination")),
                name="transfert_source_differente_de_destination",
                violation_error_message="La source et la destination doivent être différentes.",
            ),
            models.UniqueConstraint(
                fields=["structure", "source"],
                condition=Q(statut__in=EN_ATTENTE),
                name="transfert_un_seul_en_attente_par_source",
                violation_error_message="Un transfert de cet élément est déjà planifié.",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=EN_ATTENTE)
                | Q(source__isnull=False, destination__isnull=False),
                name="transfert_en_attente_avec_source_et_destination",
                violation_error_message="Un transfert à faire a sa source et sa destination.",
            ),
        ]

    def __str__(self):
        return f"{self.table} : {self.source_libelle} → {self.destination_libelle}"

    @property
    def peut_etre_annule(self) -> bool:
        """Only before the job has started on it."""
        return self.statut == StatutTransfert.PLANIFIE

    @property
    def execution_prevue(self) -> datetime:
        """The first 4 a.m. (Europe/Paris) after the request was planned."""
        planifie = timezone.localtime(self.planifie_le)
        jour = planifie.date()
        if planifie.time() >= time(HEURE_DES_TRANSFERTS):
            jour += timedelta(days=1)
        return timezone.make_aware(datetime.combine(jour, time(HEURE_DES_TRANSFERTS)))


class Qpv(models.Model):
    """A quartier prioritaire de la politique de la ville, with its outline (GeoJSON).

    Imported from the official GeoJSON (ANCT) by `importer_qpv`; the bounding box narrows
    the candidates in SQL, the point-in-polygon test runs in Python (referentiels/qpv.py).
    """

    code = models.CharField("code", max_length=20, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    geometrie = models.JSONField("contour (GeoJSON)")
    lon_min = models.FloatField()
    lat_min = models.FloatField()
    lon_max = models.FloatField()
    lat_max = models.FloatField()
    millesime = models.CharField("millésime", max_length=20)

    class Meta:
        verbose_name = "quartier prioritaire (QPV)"
        verbose_name_plural = "quartiers prioritaires (QPV)"
        ordering = ["code"]
        indexes = [models.Index(fields=["lon_min", "lon_max", "lat_min", "lat_max"])]

    def __str__(self):
        return f"{self.code} {self.nom}"
