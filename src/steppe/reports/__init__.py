"""Reports: pure builders of what pages and digests show (from the store and search facets),
and renderers (inline SVG charts, highlighted article text). Nothing here knows HTTP."""

from steppe.reports.article import article_report
from steppe.reports.country import country_report, countries_overview
from steppe.reports.entity import entity_report
from steppe.reports.newsroom import latest_articles

__all__ = ["article_report", "countries_overview", "country_report", "entity_report",
           "latest_articles"]
