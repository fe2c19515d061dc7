"""IPTC Media Topics (top level) with scores, from Steppe's weighted lexicons."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import SEPARATOR, context, doc_text, state
from steppe.enrich.topics import classify_topics
from steppe.enrich.components.batching import Batched


class TopicClassifier(Batched):
    def __call__(self, doc: Doc) -> Doc:
        ctx = context(doc)
        if ctx.has_title:
            title, text = doc_text(doc)[:ctx.title_len], doc_text(doc)[ctx.title_len + len(SEPARATOR):]
        else:
            title, text = None, doc_text(doc)
        state(doc)["topics"] = classify_topics(title, text, ctx.lang or "fr")
        return doc


@Language.factory("steppe_topics")
def make_topic_classifier(nlp: Language, name: str) -> TopicClassifier:
    return TopicClassifier()
