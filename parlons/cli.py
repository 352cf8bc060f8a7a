"""The `parlons` command: Django's management commands and Parlons' own.

`parlons --help` lists them in plain words, grouped by what they are for;
`parlons COMMAND --help` explains one.
"""

import os
import sys

GROUPS = [
    (
        "Mettre en route",
        [
            ("migrate", "crée ou met à jour la base de données"),
            ("setup", "crée le territoire, ses communes et le premier administrateur"),
            ("load_demo", "charge le territoire de démonstration (une seule fois)"),
            ("createsuperuser", "crée un compte administrateur (tous les rôles de l'équipe)"),
            ("collectstatic", "rassemble les feuilles de style et images à servir"),
            ("runserver", "sert le site sur cette machine (http://127.0.0.1:8000)"),
            ("db_worker", "exécute les tâches de fond (courriels, purges, analyses)"),
        ],
    ),
    (
        "Données et analyses",
        [
            ("import_paper_forms", "importe des contributions sur papier depuis un CSV"),
            ("import_decidim", "reprend l'historique d'une plateforme Decidim (export ouvert)"),
            ("import_places", "importe des lieux de médiation numérique (standard national)"),
            ("export_places", "exporte les lieux de médiation numérique (standard national)"),
            ("import_outline", "importe le contour du territoire (GeoJSON) pour les cartes"),
            ("count_budget", "dépouille un budget participatif au format pabulib"),
            ("scrub", "masque les données personnelles de textes (JSON lines)"),
            ("themes", "regroupe des textes en thèmes et repère les doublons"),
            ("opinion_groups", "trouve les groupes d'opinion à partir de votes"),
            ("search_index", "reconstruit l'index de recherche de l'atelier de synthèse"),
        ],
    ),
    (
        "Vie privée et exploitation",
        [
            ("purge_personal_data", "efface ce qui a dépassé sa durée de conservation"),
            ("send_digests", "envoie les récapitulatifs quotidiens par courriel"),
            ("send_meeting_reminders", "envoie les rappels avant les réunions"),
            ("backup", "sauvegarde la base et les fichiers envoyés dans une archive"),
            ("restore", "restaure une sauvegarde dans une installation vide"),
        ],
    ),
]


def print_help() -> None:
    print("parlons : la plateforme de participation citoyenne.\n")
    print("Usage : parlons COMMANDE [options]   (parlons COMMANDE --help pour le détail)\n")
    for title, commands in GROUPS:
        print(f"{title} :")
        for name, text in commands:
            print(f"  {name:<26}{text}")
        print()
    print("Toutes les commandes de Django sont aussi disponibles : parlons help --commands")
    print("Réglages : variables d'environnement PARLONS_* (voir docs/deployment.md).")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlons.settings")
    if len(argv) == 1 or argv[1] in {"-h", "--help"}:
        print_help()
        return
    if argv[1] == "scrub":
        # Scrubbing needs no database: a plain run skips Django's start-up (about a
        # second); anything only Django handles falls through to the command.
        from parlons.privacy.scrubber.jsonlines import run_fast

        status = run_fast(argv[2:])
        if status is not None:
            sys.exit(status)
    from django.core.management import execute_from_command_line

    argv[0] = "parlons"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
