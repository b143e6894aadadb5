"""Background work, run by ``manage.py db_worker`` (django-tasks with the database backend)."""

from django_tasks import task

from portfolio.services import outcomes


@task()
def run_outcome_import(import_id: int) -> dict:
    """Import a large outcome file stored on its OutcomeImport row (queued by the API or the
    economy page); the row carries the progress and, at the end, the counts or the bad rows."""
    batch = outcomes.run_queued_import(import_id=import_id)
    return {"id": batch.pk, "state": batch.state, "rows": batch.rows}
