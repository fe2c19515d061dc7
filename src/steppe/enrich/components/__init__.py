"""spaCy components of Steppe's pipeline, one module each, registered by import."""
