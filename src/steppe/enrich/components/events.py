"""Events of each article (``steppe.enrich.events``): parsed in batches across articles.

Why a ``pipe``: the candidate sentences of a whole batch of articles go through the parser
together, which costs less than one small parse per article.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from steppe.enrich.doc_state import state
from steppe.enrich.events.candidates import candidates
from steppe.enrich.events.extract import events_of
from steppe.enrich.events.parser_text import parse_input
from steppe.enrich.events.parsing import parse
from steppe.enrich.kb_access import get_kb


class EventFinder:
    def __init__(self, kb_file: str) -> None:
        self.kb = get_kb(kb_file)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        chosen = [candidates(doc, self.kb) for doc in docs]
        texts = [parse_input(doc, w0, w1) for doc, (picked, _) in zip(docs, chosen)
                 for *_, w0, w1 in picked]
        parsed = iter(parse(texts))
        for doc, (picked, sentences) in zip(docs, chosen):
            st = state(doc)
            st["events"] = events_of(doc, picked, [next(parsed) for _ in picked], self.kb)
            st["event_sentences"] = (sentences, len(picked))
        return docs


@Language.factory("steppe_events", default_config={"kb_file": ""})
def make_event_finder(nlp: Language, name: str, kb_file: str) -> EventFinder:
    return EventFinder(kb_file)
