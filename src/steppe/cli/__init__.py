"""The ``steppe`` command line: parse arguments, call one library function, print.

Each module adds its commands to the root group; importing them here registers them.
"""

from steppe.cli import (alerts, articles, bench, briefing, curate, db, digest, events, export, jobs, kb,  # noqa: F401
                       reannotate, search, sources, stories, users, web)  # (registers)
from steppe.cli.root import cli, main

__all__ = ["cli", "main"]
