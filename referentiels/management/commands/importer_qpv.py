from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from imilo.commandes import CommandeImilo
from referentiels.qpv import importer_qpv


class Command(CommandeImilo):
    help = (
        "Remplace la liste des quartiers prioritaires (QPV) par celle d'un fichier GeoJSON "
        "officiel (ANCT, data.gouv.fr, coordonnées WGS 84). --dry-run compte sans écrire."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--millesime", default="2024", help="millésime de la géographie")
        parser.add_argument("--dry-run", action="store_true", help="ne rien écrire")

    def handle(self, *args, fichier, millesime, dry_run, **options):
        if not fichier.exists():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            with transaction.atomic():
                nombre = importer_qpv(fichier, millesime=millesime)
                if dry_run:
                    transaction.set_rollback(True)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"GeoJSON illisible : {exc}") from exc
        prefixe = "Simulation : " if dry_run else ""
        self.stdout.write(f"{prefixe}{nombre} quartiers prioritaires (millésime {millesime}).")
