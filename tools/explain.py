"""Developer aid: show what each pipeline stage found for one record of a JSONL gold/input file.

    .venv/bin/python tools/explain.py tests/quality/dev_gold.jsonl dev-002
"""

import json
import sys

from steppe.api import _article, enricher
from steppe.enrich.doc_state import Context, join_fields, state


def main(path: str, rid: str) -> None:
    rec = next(json.loads(line) for line in open(path, encoding="utf-8") if f'"{rid}"' in line)
    e = enricher()
    art = _article(rec["text"], rec.get("title"), rec.get("published"), rec.get("lang"))
    text, _ = join_fields(art.title, art.text)
    doc = e.nlp.make_doc(text)
    state(doc)["context"] = Context(len(art.title or ""), bool(art.title), art.published, art.lang)
    doc = e.nlp(doc)
    print("NER  ", [(x.text, x.label_) for x in doc.ents])
    print("KB   ", [(x.text, x.label_, x.kb_id_) for x in doc.spans["kb"]])
    print("RULES", [(x.text, x.label_) for x in doc.spans["patterns"]])
    print("FINAL", [(x.text, x.label_, x.kb_id_) for x in doc.spans["entities"]])
    print("GOLD ", {k: v for k, v in rec.get("gold", {}).items() if k in ("persons", "orgs", "places")})


if __name__ == "__main__":
    main(*sys.argv[1:3])
