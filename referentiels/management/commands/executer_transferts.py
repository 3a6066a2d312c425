from imilo.commandes import CommandeImilo
from referentiels.transferts import transferts_executer


class Command(CommandeImilo):
    help = (
        "Exécute les transferts de références en attente (planifiés, ou commencés puis "
        "interrompus), comme la tâche de 4 h. --dry-run compte les enregistrements sans rien "
        "écrire. Sans danger si relancée : un transfert fait ne se refait pas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="compter les enregistrements à modifier, sans rien écrire",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        def apres_lot(transfert, modele, nombre):
            self.stdout.write(
                f"  transfert n° {transfert.pk} : lot de {nombre} "
                f"{modele._meta.verbose_name_plural} enregistré"
            )

        bilans = transferts_executer(
            simulation=dry_run, apres_lot=apres_lot if verbosity >= 2 else None
        )
        if not bilans:
            self.stdout.write("Aucun transfert de références en attente.")
        for bilan in bilans:
            transfert = bilan.transfert
            detail = ", ".join(str(utilisation) for utilisation in bilan.par_champ) or "aucun"
            entete = (
                f"Transfert n° {transfert.pk} ({transfert.structure}) : {transfert.table} "
                f"« {transfert.source_libelle} » → « {transfert.destination_libelle} »"
            )
            if dry_run:
                self.stdout.write(f"Simulation — {entete} : {bilan.total} à modifier ({detail}).")
                continue
            ligne = (
                f"{entete} : {transfert.get_statut_display()}, {transfert.nombre_modifies} "
                f"enregistrements modifiés au total, {bilan.total} par cette exécution ({detail})."
            )
            if transfert.nombre_restants:
                ligne += f" Restés sur la source : {transfert.detail_restants}."
            self.stdout.write(ligne)
