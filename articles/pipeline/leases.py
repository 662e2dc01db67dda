"""Import jobs whose worker died: a running job renews its lease, one whose lease ran out is marked failed.

The process running a job (`manage.py db_worker`) writes its name and renews
ImportJob.heartbeat_at every NEWSROOM_IMPORT_HEARTBEAT_SECONDS from a thread of its own, so a
long fetch or extraction does not look like death. A job still "running" whose last sign of
life is older than NEWSROOM_IMPORT_LEASE_SECONDS lost its worker (kill -9, a lost machine):
`recover_stale_jobs()` marks it failed with that reason, and the admin offers to resume it
(articles.tasks.enqueue_resume), which skips what was already imported. An import split into
chunks (articles.pipeline.chunks) holds a lease a chunk: a chunk whose worker died is queued
again by `requeue_stale_chunks()`, and the job goes on. The state is in the database, so any app
server or worker can tell, and several workers can share the queue.
"""

import contextlib
import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import ImportChunk, ImportJob

logger = logging.getLogger(__name__)
WORKING = (ImportJob.Status.PREVIEWING, ImportJob.Status.RUNNING)


def worker_name():
    """This process, as a lease names it: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


@contextlib.contextmanager
def held(holder):
    """Run the block holding the lease of `holder` (an ImportJob or an ImportChunk): this process
    named, heartbeat_at renewed."""
    holder.worker = worker_name()
    holder.heartbeat_at = timezone.now()
    holder.save(update_fields=["worker", "heartbeat_at"])
    working = WORKING if isinstance(holder, ImportJob) else (ImportChunk.Status.RUNNING,)
    rows = type(holder).objects.filter(pk=holder.pk, status__in=working, worker=holder.worker)
    stop = threading.Event()
    beat = threading.Thread(target=_renew, args=(rows, stop), name=f"lease-{holder}", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=settings.NEWSROOM_IMPORT_HEARTBEAT_SECONDS)


def _renew(rows, stop):
    try:
        while not stop.wait(settings.NEWSROOM_IMPORT_HEARTBEAT_SECONDS):
            try:
                rows.update(heartbeat_at=timezone.now())
            except DatabaseError as error:  # a busy database: the next beat tries again
                logger.warning("%s: heartbeat not written (%s)", rows.model.__name__, error)
    finally:
        connection.close()  # this thread's own connection


def _stale(now):
    cutoff = now - timedelta(seconds=settings.NEWSROOM_IMPORT_LEASE_SECONDS)
    # A job that never beat (written before leases existed) counts from when it started. A job
    # split into chunks lives in its chunks' leases (requeue_stale_chunks), not its own.
    return (
        Q(status__in=WORKING)
        & (Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None, started_at__lt=cutoff))
        & ~Exists(ImportChunk.objects.filter(job=OuterRef("pk")))
    )


def requeue_stale_chunks(now=None):
    """Put back in the queue every running chunk whose worker stopped renewing its lease; their ids.

    The caller queues a task for each (articles.tasks). A chunk that already lost
    NEWSROOM_IMPORT_CHUNK_ATTEMPTS workers fails its job instead, with the reason.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NEWSROOM_IMPORT_LEASE_SECONDS)
    stale = Q(status=ImportChunk.Status.RUNNING, heartbeat_at__lt=cutoff, job__status=ImportJob.Status.RUNNING)
    requeued = []
    for chunk in ImportChunk.objects.filter(stale).select_related("job"):
        if chunk.attempts >= settings.NEWSROOM_IMPORT_CHUNK_ATTEMPTS:
            job = chunk.job
            job.worker, job.heartbeat_at = chunk.worker, chunk.heartbeat_at
            ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
                status=ImportJob.Status.FAILED, error=interrupted_reason(job), finished_at=now
            )
        elif ImportChunk.objects.filter(stale, pk=chunk.pk).update(status=ImportChunk.Status.QUEUED, worker=""):
            requeued.append(chunk.pk)
    return requeued


def recover_stale_jobs(now=None):
    """Mark failed, with the reason, every job whose worker stopped renewing its lease; how many."""
    now = now or timezone.now()
    recovered = 0
    for job in ImportJob.objects.filter(_stale(now)).only("pk", "status", "worker", "heartbeat_at", "started_at"):
        # The same condition again in the UPDATE: a worker that beat in the meantime keeps its job.
        recovered += ImportJob.objects.filter(_stale(now), pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=interrupted_reason(job), finished_at=now
        )
    return recovered


def recover_if_stale(job, now=None):
    """recover_stale_jobs() for one job already in hand: no query unless its lease ran out."""
    now = now or timezone.now()
    last = job.heartbeat_at or job.started_at
    cutoff = now - timedelta(seconds=settings.NEWSROOM_IMPORT_LEASE_SECONDS)
    if job.status not in WORKING or last is None or last >= cutoff or job.chunks.exists():
        return False
    reason = interrupted_reason(job)
    if not ImportJob.objects.filter(_stale(now), pk=job.pk).update(
        status=ImportJob.Status.FAILED, error=reason, finished_at=now
    ):
        return False
    job.status, job.error, job.finished_at = ImportJob.Status.FAILED, reason, now
    return True


def interrupted_reason(job):
    last = timezone.localtime(job.heartbeat_at or job.started_at)
    worker = f" ({job.worker})" if job.worker else ""
    what = "L'importation" if job.status == ImportJob.Status.RUNNING else "La prévisualisation"
    again = "reprendre : ce qui est déjà importé ne sera pas refait" if what == "L'importation" else "relancer"
    return (
        f"{what} s'est interrompue : le processus qui la menait{worker} ne donne plus signe de vie depuis le "
        f"{date_format(last, 'j F Y à H:i:s')}. Vous pouvez la {again}."
    )
