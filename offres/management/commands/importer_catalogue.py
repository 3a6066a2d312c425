from pathlib import Path

from django.core.management.base import CommandError

from imilo.commandes import CommandeImilo
from offres.catalogue import COLONNES, CatalogueInvalide, catalogue_importer


class Command(CommandeImilo):
    help = (
        "Charge les actions du catalogue régional de formation depuis un fichier CSV "
        f"(colonnes : {', '.join(COLONNES)}). Idempotente : une action est retrouvée par son "
        "identifiant. --dry-run compte sans écrire."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="ne rien écrire")

    def handle(self, *args, fichier, dry_run, **options):
        if not fichier.exists():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            rapport = catalogue_importer(fichier.read_bytes(), ecrire=not dry_run)
        except CatalogueInvalide as exc:
            raise CommandError(f"Catalogue illisible : {exc}") from exc
        for rejet in rapport.rejets:
            self.stderr.write(f"Rejetée : {rejet}")
        compte = rapport.compte
        prefixe = "Simulation (rien n'est écrit) : " if dry_run else ""
        self.stdout.write(
            f"{prefixe}{compte['créées']} actions créées, {compte['mises à jour']} mises à jour, "
            f"{compte['inchangées']} inchangées, {compte['rejetées']} rejetées."
        )
