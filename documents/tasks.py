"""Background work of the documents app, run by the task worker (`emulation.tasks`)."""

from django_tasks import task

from documents import stored


@task()
def store_published_documents(*, publication_id: int) -> int:
    """Render and store the documents of a published version; returns how many were stored
    (0 when every one was already there: the task can run twice)."""
    return len(stored.store_all(publication_id))
