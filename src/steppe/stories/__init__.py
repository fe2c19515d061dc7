"""Stories: the same event across outlets, days and languages, clustered as articles arrive."""

from steppe.stories.cluster import cluster_new, rebuild

__all__ = ["cluster_new", "rebuild"]
