"""Steppe: open-source news intelligence for Central Asia, French first.

``steppe.annotate(text, title=None, published=None)`` and ``steppe.annotate_many(items)`` are
the Python API (see ``steppe.api``); they load the enrichment pipeline on first use.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["annotate", "annotate_many", "__version__"]


def __getattr__(name: str) -> Any:
    # imported lazily so that `import steppe` stays cheap (no spaCy until asked)
    if name in ("annotate", "annotate_many"):
        from steppe import api

        return getattr(api, name)
    raise AttributeError(f"module 'steppe' has no attribute {name!r}")
