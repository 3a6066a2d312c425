"""Base of the project's management commands: history records who ran them.

`--par IDENTIFIANT` names the person running the command (the ops on duty); without it the
historical rows have no author but say "commande <name>" as their origin.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imilo.historique import agir_en_tant_que


class CommandeImilo(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        self._nom = subcommand
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--par",
            metavar="IDENTIFIANT",
            help="identifiant de la personne qui lance la commande (auteur dans l'historique)",
        )
        return parser

    def execute(self, *args, **options):
        identifiant = options.get("par")
        auteur = None
        if identifiant:
            auteur = get_user_model().objects.filter(identifiant=identifiant.lower()).first()
            if auteur is None:
                raise CommandError(f"Aucun utilisateur n'a l'identifiant « {identifiant} ».")
        with agir_en_tant_que(auteur, origine=f"commande {getattr(self, '_nom', '')}"):
            return super().execute(*args, **options)
