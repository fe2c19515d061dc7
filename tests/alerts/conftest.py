"""Fixtures of the alert tests: a webhook receiver, an SMTP server, settings pointing at them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from steppe.settings import Settings
from tests.alerts.helpers import Mailbox, Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    yield box
    box.close()


def alert_settings(db: str, tmp: Path, mailbox: Mailbox, **changes) -> Settings:
    """Settings for fast tests: local SMTP without TLS, short timeouts, no retry wait."""
    values = dict(db=db, kb_file=str(tmp / "kb.jsonl"), smtp_host="127.0.0.1",
                  smtp_port=mailbox.port, smtp_starttls=False, alert_timeout=2.0,
                  job_retry_base=0, job_max_attempts=2, public_url="https://steppe.test")
    values.update(changes)
    return Settings.from_env({}, **values)
