"""Steppe: open-source news intelligence for Central Asia, French first."""

__version__ = "0.1.0"
