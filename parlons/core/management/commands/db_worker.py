from django_tasks_db.management.commands import db_worker

from parlons.core.worker import WorkerMonitor


class Command(db_worker.Command):
    help = (
        "Exécute les tâches de fond (courriels, masquage des textes…). Plusieurs exécuteurs "
        "peuvent tourner ensemble ; une tâche laissée par un exécuteur arrêté brutalement est "
        "reprise par un autre. --batch traite la file puis s'arrête."
    )

    def handle(self, *args, **options):
        monitor = WorkerMonitor(worker_id=options["worker_id"])
        monitor.tick()  # beat before the first task, and take up what a dead worker left
        monitor.start()
        try:
            super().handle(*args, **options)
        finally:
            monitor.stop()
