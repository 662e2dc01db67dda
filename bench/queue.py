"""One admin import of N pages worked by K `db_worker` processes on PostgreSQL: wall time, duplicates."""

import subprocess
import sys
import time

from django.conf import settings

from bench.databases import create_database, drop_database, query
from bench.processes import manage, production_env

# Run in `manage.py shell`: a job of the pages in DIR (uploads, as the import page takes them), queued.
CREATE_JOB = """
import io
from pathlib import Path
from articles import tasks
from articles.models import ImportJob
from articles.pipeline import jobs
paths = sorted(Path({directory!r}).glob("*.html"))[:{pages}]
uploads = [jobs.Upload(path.name, "", io.BytesIO(path.read_bytes())) for path in paths]
job = jobs.create_job(user=None, urls_text="", uploads=uploads)
ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWED)
job.refresh_from_db()
assert tasks.enqueue_import(job)
print(job.pk)
"""


def timed_import(url, directory, pages, workers, *, timeout=3600):
    """(seconds from the workers' start to the job's end, articles, duplicate canonical URLs, job status)."""
    create_database(url)
    try:
        pk = int(
            manage("shell", "-c", CREATE_JOB.format(directory=str(directory), pages=pages), url=url).stdout.split()[-1]
        )
        started = time.perf_counter()
        processes = [
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
                cwd=settings.BASE_DIR,
                # Photos are not downloaded: a benchmark never reaches the web (bench_ingest says why).
                env=production_env(url, NEWSROOM_PHOTOS_DOWNLOAD="0"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        try:
            status = ""
            while time.perf_counter() - started < timeout:
                status = query(url, "SELECT status FROM articles_importjob WHERE id = %s", (pk,))[0][0]
                if status in ("done", "failed"):
                    break
                time.sleep(0.25)
            seconds = time.perf_counter() - started
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(60)
        articles = query(url, "SELECT COUNT(*) FROM articles_article")[0][0]
        duplicates = query(
            url,
            "SELECT COUNT(*) FROM (SELECT canonical_url FROM articles_article GROUP BY canonical_url"
            " HAVING COUNT(*) > 1) d",
        )[0][0]
        return seconds, articles, duplicates, status
    finally:
        drop_database(url)
