"""Background work of notifications, run by ``manage.py db_worker``."""

from django_tasks import task

from notifications import services


@task()
def notify_event(event_id: int) -> int:
    """Tell whoever an audit event concerns (in-app, and mail for immediate readers); queued by
    ``portfolio.services.audit.record_event`` once the event's transaction has committed."""
    return len(services.notify_event(event_id=event_id))
