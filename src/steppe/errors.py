"""One exception tree for Steppe.

Every failure a user can cause is a ``SteppeError`` carrying a one-line message, a CLI exit
code and an HTTP status, so the CLI and the web app translate errors in one place each and
never show a traceback unless asked to (``--debug``).
"""

from __future__ import annotations


def grouped(n: int) -> str:
    """A count with French grouping for messages (narrow no-break space): 1 000 000."""
    return f"{n:,}".replace(",", "\u202f")


def quoted(value: object) -> str:
    """A value quoted in a message, in French quotes: « 2025-13-01 ». Control characters are
    escaped as repr() would, so a message stays on one line."""
    text = str(value)
    if not text.isprintable():
        text = repr(text)[1:-1]
    return f"« {text} »"


class SteppeError(Exception):
    """Root of Steppe's errors: a message fit for one line, an exit code, an HTTP status."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(SteppeError):
    """Input that cannot be read as asked (missing path, binary file, bad JSON, no text…)."""

    exit_code = 2
    http_status = 400


class RecordError(InputError):
    """One bad record inside an otherwise readable input; names its file and line."""

    def __init__(self, where: str, line: int | None, reason: str) -> None:
        self.where, self.line, self.reason = where, line, reason
        loc = f"{where}:{line}" if line is not None else where
        super().__init__(f"{loc} : {reason}")


class StoreError(SteppeError):
    """The database cannot be opened or written (path, permissions, schema version)."""

    exit_code = 3
    http_status = 503


class SchemaVersionError(StoreError):
    """The database was written by a newer Steppe; refusing protects the user's data."""


class StorageFull(StoreError):
    """The disk (or a size limit) filled during a write; the write was rolled back whole."""

    http_status = 507


class ReadOnlyStorage(StoreError):
    """The database's file, folder or file system cannot be written; reads may still work."""


class NotFound(SteppeError):
    """An id or name that does not exist (article, entity, country)."""

    exit_code = 4
    http_status = 404


class UnknownStory(NotFound):
    """A story id that never existed: a usage error on the command line (exit 2), 404 on the web."""

    exit_code = 2


class QueryError(SteppeError):
    """A search query that cannot be parsed; the message points at the problem."""

    exit_code = 2
    http_status = 400


class FetchError(SteppeError):
    """A remote resource that could not be fetched or read (HTTP error, timeout, size cap…).

    The message names the URL; the watcher records it on the source or job and goes on.
    """

    exit_code = 5
    http_status = 502


class DeliveryError(SteppeError):
    """An alert delivery failed (webhook refused or silent, SMTP refusing): retried, then
    parked."""

    exit_code = 5
    http_status = 502


class Unauthorized(SteppeError):
    """A write to the web API without the operator's token, or with a wrong one."""

    exit_code = 2
    http_status = 401


class Forbidden(SteppeError):
    """A write the server does not allow (writes are off until the operator sets a token)."""

    exit_code = 2
    http_status = 403


class Conflict(SteppeError):
    """A write made against a state someone else has changed since (two editors curating the
    same entity): refused whole, nothing written, so the second person reloads and decides."""

    exit_code = 2
    http_status = 409


class EnrichmentError(SteppeError):
    """An enrichment worker process died (killed, out of memory) or could not start; the
    articles it held were not stored, and a re-run resumes after the last stored chunk."""

    exit_code = 1
    http_status = 500
