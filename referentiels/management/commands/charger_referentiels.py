from pathlib import Path

from django.db import transaction

from imilo.commandes import CommandeImilo
from referentiels.chargement import DOSSIER_DONNEES, charger_tout


class Command(CommandeImilo):
    help = (
        "Charge les données de référence livrées (communes, EPCI, pays, ROME, ZRR, tables de "
        "référence nationales). Idempotente ; --dry-run montre ce qui serait chargé sans écrire."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=Path, default=DOSSIER_DONNEES)
        parser.add_argument(
            "--zrr", type=Path, help="liste de zones à la place de zrr_2022.csv (même format)"
        )
        parser.add_argument("--dry-run", action="store_true", help="ne rien écrire")

    def handle(self, *args, dossier, zrr, dry_run, **options):
        with transaction.atomic():
            compte = charger_tout(dossier, zrr=zrr)
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            self.stdout.write("Simulation : rien n'a été écrit.")
        for nom, nombre in sorted(compte.items()):
            self.stdout.write(f"{nom} : {nombre}")
