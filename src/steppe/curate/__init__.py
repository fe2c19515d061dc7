"""Knowledge-base curation: plan a change (``plan``), record it with its targeted
re-annotation, and undo it (``apply``). See ``steppe.kb.curation`` for the overlay itself."""

from steppe.curate.apply import Applied, apply_change, curated_kb, default_actor, describe, undo_change

__all__ = ["Applied", "apply_change", "curated_kb", "default_actor", "describe", "undo_change"]
