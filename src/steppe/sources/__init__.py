"""Raw input → Article: text dumps, JSONL, plain text (feeds and pages come later)."""
