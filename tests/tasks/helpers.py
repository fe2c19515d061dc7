"""Annotate factories for worker processes started by the task tests (spawned, so they must
be importable by name): the light enricher of the crash campaigns, and one that hangs."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from tests.crash import LightEnricher

HANG_MARKER = "STEPPE_TEST_HANG_MARKER"   # where the hanging worker writes what it holds
HANG_AFTER = 40                           # it hangs on its 40th batch


def light(batch_size: int = 64, kb_file: str = "") -> Callable:
    return LightEnricher(batch_size).annotate_pairs


def hanging(batch_size: int = 64, kb_file: str = "") -> Callable:
    """Like ``light``, but on its HANG_AFTER-th call it writes the article ids it holds to
    the file named by $STEPPE_TEST_HANG_MARKER and hangs (the test kills it there)."""
    calls = [0]
    inner = light(batch_size)

    def annotate(articles):
        calls[0] += 1
        articles = list(articles)
        if calls[0] == HANG_AFTER:
            Path(os.environ[HANG_MARKER]).write_text(",".join(a.id for a in articles))
            time.sleep(600)
        time.sleep(0.002)  # a little work, so the workers interleave
        return list(inner(articles))
    return annotate


def failing_on(marker_word: str) -> Callable:
    """A factory whose pipeline raises on any article whose text holds ``marker_word``."""
    def factory(batch_size: int = 64, kb_file: str = "") -> Callable:
        inner = light(batch_size)

        def annotate(articles):
            articles = list(articles)
            if any(marker_word in a.text for a in articles):
                raise ValueError(f"cannot enrich a text holding {marker_word!r}")
            return list(inner(articles))
        return annotate
    return factory


poisoned = failing_on("POISON")
