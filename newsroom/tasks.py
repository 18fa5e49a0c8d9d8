"""Enqueueing background tasks (django.tasks) the way every app here wants it."""

from django.db import transaction


def enqueue_after_commit(task, *args, run_after=None):
    """Enqueue a task once the current transaction commits (at once outside one), so that
    the worker finds the rows the task is about.

    `run_after` defers it where the backend can (the database and Redis backends); a backend
    that cannot (the immediate backend of the tests) runs it now, and the task itself checks
    that its time has come.
    """

    def go():
        deferred = task
        if run_after is not None and task.get_backend().supports_defer:
            deferred = task.using(run_after=run_after)
        deferred.enqueue(*args)

    transaction.on_commit(go)
