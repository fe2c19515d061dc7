"""Every setting Steppe reads, declared once with its default and help.

Settings are built at the entry point (CLI or web app) and passed down; nothing reads the
environment anywhere else, so a test can build any configuration it needs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any, Mapping

from steppe.errors import InputError, quoted


def _setting(default: Any, env: str, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. Field metadata holds the environment variable and the help."""

    db: str = _setting("steppe.db", "STEPPE_DB",
                       "Database: a SQLite file path (default ./steppe.db).")
    debug: bool = _setting(False, "STEPPE_DEBUG",
                           "Show full tracebacks on errors instead of one-line messages.")
    max_record_bytes: int = _setting(8_000_000, "STEPPE_MAX_RECORD_BYTES",
                                     "Largest accepted input line or record, in bytes.")
    batch_size: int = _setting(64, "STEPPE_BATCH_SIZE",
                               "Articles sent through the enrichment pipeline per batch.")
    processes: int = _setting(0, "STEPPE_PROCESSES",
                              "Enrichment processes of ingest, reannotate, worker and watch when "
                              "--processes is not given; 0: one per core this process may use.")
    kb_file: str = _setting("steppe-kb.jsonl", "STEPPE_KB_FILE",
                            "Your knowledge-base additions (JSONL, written by 'steppe kb add'); "
                            "they extend and override the bundled entities.")
    user_agent: str = _setting(
        "Steppe/0.1 (news monitoring for Central Asia; +https://github.com/steppe-news/steppe)",
        "STEPPE_USER_AGENT", "User-Agent sent with every request to news sites.")
    fetch_timeout: float = _setting(20.0, "STEPPE_FETCH_TIMEOUT",
                                    "Seconds to wait for a remote server to connect or send "
                                    "data; a whole response must arrive within 3 times this.")
    max_fetch_bytes: int = _setting(5_000_000, "STEPPE_MAX_FETCH_BYTES",
                                    "Largest feed or page read, in bytes after decompression; "
                                    "longer responses are cut and refused.")
    host_delay: float = _setting(2.0, "STEPPE_HOST_DELAY",
                                 "Seconds between two requests to the same host (politeness).")
    fetch_allow: str = _setting("", "STEPPE_FETCH_ALLOW",
                                "Non-public hosts and ranges that feeds and pages may be fetched "
                                "from, comma-separated host names, addresses and CIDR ranges "
                                "(e.g. 127.0.0.1,intranet.example,10.1.0.0/16); loopback, "
                                "private, link-local and other non-public addresses are "
                                "refused otherwise, after DNS resolution and on every redirect.")
    job_lease: int = _setting(300, "STEPPE_JOB_LEASE",
                              "Seconds a worker holds a job; a job left by a dead worker is "
                              "retried once its lease expires (at once by a worker of the same "
                              "machine, which sees that the process is gone).")
    job_max_attempts: int = _setting(5, "STEPPE_JOB_MAX_ATTEMPTS",
                                     "Attempts before a failing job is parked (see 'steppe jobs').")
    job_retry_base: int = _setting(30, "STEPPE_JOB_RETRY_BASE",
                                   "Seconds before a failed job's first retry; doubles each time.")
    worker_heartbeat: float = _setting(10.0, "STEPPE_WORKER_HEARTBEAT",
                                       "Seconds between two heartbeats of a procrastinate worker "
                                       "(PostgreSQL's 'steppe worker').")
    worker_stalled_after: float = _setting(30.0, "STEPPE_WORKER_STALLED_AFTER",
                                           "Seconds without a heartbeat after which a worker is "
                                           "presumed dead and its running jobs are retried.")
    jobs_keep_hours: int = _setting(168, "STEPPE_JOBS_KEEP_HOURS",
                                    "Hours finished procrastinate jobs are kept before pruning "
                                    "(failed ones are kept until retried or cancelled).")
    near_duplicate_threshold: float = _setting(
        0.8, "STEPPE_NEAR_DUPLICATE_THRESHOLD",
        "Estimated word-shingle Jaccard similarity above which two texts are near-duplicates.")
    max_future_hours: float = _setting(6.0, "STEPPE_MAX_FUTURE_HOURS",
                                       "Publication dates further in the future are rejected.")

    index_dir: str = _setting("", "STEPPE_INDEX_DIR",
                              "Folder of the search index (default: beside a SQLite file, "
                              "or under ~/.cache/steppe/ for PostgreSQL).")
    web_host: str = _setting("127.0.0.1", "STEPPE_WEB_HOST",
                             "Address 'steppe serve' listens on (loopback by default; 0.0.0.0 "
                             "opens it to the network).")
    web_port: int = _setting(8000, "STEPPE_WEB_PORT", "Port 'steppe serve' listens on.")
    web_token: str = _setting("", "STEPPE_WEB_TOKEN",
                              "Secret that write endpoints of the web API require as "
                              "'Authorization: Bearer TOKEN'; empty (the default) disables writes.")
    web_anonymous: str = _setting("auto", "STEPPE_WEB_ANONYMOUS",
                                  "Whether visitors who are not logged in may read: 'yes', 'no', "
                                  "or 'auto' (the default: yes when the server listens on a "
                                  "loopback address such as 127.0.0.1, no otherwise; then pages "
                                  "send them to /connexion and /api answers 401).")
    web_max_body_bytes: int = _setting(1_000_000, "STEPPE_WEB_MAX_BODY_BYTES",
                                       "Largest request body the web app accepts, in bytes; larger "
                                       "ones are refused (413) before or while they are read.")
    web_write_rate: float = _setting(1.0, "STEPPE_WEB_WRITE_RATE",
                                     "Requests that may write (any method but GET, HEAD, OPTIONS) "
                                     "one client address may make per second, once its burst is "
                                     "spent; 0 turns the limit off.")
    web_write_burst: int = _setting(20, "STEPPE_WEB_WRITE_BURST",
                                    "Such requests one client address may make at once before "
                                    "the rate applies (429 with Retry-After beyond).")

    public_url: str = _setting("", "STEPPE_PUBLIC_URL",
                               "Address the web app is reached at (e.g. https://steppe.example"
                               ".org), used for the story links alerts send; empty: links are "
                               "paths (/stories/ID).")
    alert_timeout: float = _setting(10.0, "STEPPE_ALERT_TIMEOUT",
                                    "Seconds an alert delivery may take (webhook connect and "
                                    "answer, SMTP dialogue) before the attempt fails and is "
                                    "retried.")
    smtp_host: str = _setting("", "STEPPE_SMTP_HOST",
                              "SMTP server for alert e-mails; empty: e-mail deliveries fail "
                              "(and are retried, then parked) until one is set.")
    smtp_port: int = _setting(587, "STEPPE_SMTP_PORT", "Port of the SMTP server.")
    smtp_starttls: bool = _setting(True, "STEPPE_SMTP_STARTTLS",
                                   "Upgrade the SMTP connection with STARTTLS before logging "
                                   "in (turn off only for a server on the same machine).")
    smtp_user: str = _setting("", "STEPPE_SMTP_USER",
                              "SMTP login; empty: no login.")
    smtp_password: str = _setting("", "STEPPE_SMTP_PASSWORD", "SMTP password (with the login).")
    smtp_from: str = _setting("steppe@localhost", "STEPPE_SMTP_FROM",
                              "Sender address of alert e-mails.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, then environment variables, then explicit overrides (CLI options)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw not in (None, ""):
                try:
                    values[f.name] = _coerce(raw, type(f.default))
                except ValueError:
                    kind = "un nombre entier" if type(f.default) is int else "un nombre"
                    raise InputError(f"{f.metadata['env']} {quoted(raw)} : {kind} est attendu") \
                        from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)

    def anonymous_reading(self) -> bool:
        """Whether visitors who are not logged in may read (see ``web_anonymous``)."""
        choice = self.web_anonymous.strip().lower()
        if choice in {"1", "true", "yes", "on", "oui"}:
            return True
        if choice in {"0", "false", "no", "off", "non"}:
            return False
        if choice != "auto":
            raise InputError(f"STEPPE_WEB_ANONYMOUS {quoted(self.web_anonymous)} : "
                             "yes, no ou auto est attendu")
        host = self.web_host.strip().strip("[]").lower()
        return host == "localhost" or host == "::1" or host.startswith("127.")


def _coerce(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    if kind is float:
        return float(raw)
    return raw


def describe() -> list[tuple[str, str, Any, str]]:
    """(name, environment variable, default, help) for docs and the docs test."""
    return [(f.name, f.metadata["env"], f.default, f.metadata["help"]) for f in fields(Settings)]
