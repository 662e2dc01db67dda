"""Extraction in a child process with a deadline, so one pathological page never stalls a batch."""

import multiprocessing

from .core import extract
from .result import ExtractionError

# fork: the child starts at once with trafilatura already imported, and needs nothing
# from the parent but the page. It only runs extract(), which takes no lock that another
# thread of the parent could be holding.
_context = multiprocessing.get_context("fork")


def _run(connection, html, url):
    try:
        connection.send(("ok", extract(html, url)))
    except ExtractionError as error:
        connection.send(("error", error))
    except Exception as error:  # a crash inside trafilatura/lxml: report it, never hang
        connection.send(("error", ExtractionError("extraction_crashed", error=f"{type(error).__name__}: {error}")))
    finally:
        connection.close()


def extract_with_timeout(html, url=None, timeout=60.0):
    """extract() in a child process; ExtractionError when it fails or passes `timeout` seconds."""
    receiver, sender = _context.Pipe(duplex=False)
    process = _context.Process(target=_run, args=(sender, html, url), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ExtractionError("extraction_timeout", seconds=timeout)
        status, value = receiver.recv()
    except EOFError:
        raise ExtractionError("extraction_died") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "error":
        raise value
    return value
