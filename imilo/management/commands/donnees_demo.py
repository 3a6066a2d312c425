"""Fill the database with a lived-in demo: two Missions Locales, their sites and staff.

Each app contributes through its own `demo.py` (a `peupler(demo)` function), called in the
order of dependency, so that later features add their files, appointments and dispositifs
without touching this command. Safe to re-run: everything is found or created by its
natural key.
"""

import importlib

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from imilo.commandes import CommandeImilo
from imilo.demo import Demo

APPS = ["admin_ml", "referentiels", "dossiers", "dispositifs", "offres"]


class Command(CommandeImilo):
    help = "Crée ou met à jour les données de démonstration (comptes au mot de passe connu)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--forcer",
            action="store_true",
            help="autorise la commande hors DEBUG (jamais sur une base de production)",
        )

    def handle(self, *args, forcer=False, **options):
        if not settings.DEBUG and not forcer:
            raise CommandError(
                "Les données de démonstration créent des comptes au mot de passe connu : "
                "lancez la commande avec DEBUG=true, ou --forcer sur une base de test."
            )
        demo = Demo()
        with transaction.atomic():
            for nom in APPS:
                try:
                    module = importlib.import_module(f"{nom}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{nom}.demo":
                        raise
                    continue
                module.peupler(demo)
        for ligne in demo.resume:
            self.stdout.write(ligne)
