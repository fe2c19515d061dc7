"""Hypothesis strategies for news-like input: French and Russian words, dates, figures,
currencies, quotes and query operators, mixed with arbitrary text."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = [
    "le", "la", "à", "Astana", "Bichkek", "Tokaïev", "Sénat", "réforme", "l’élection", "gaz",
    "président", "Ташкент", "выборы", "года", "марта", "в", "млрд", "тенге", "сомов", "le 1er",
    "25", "1er", "31", "2025", "1999", "2030", "12/03/2024", "2025-09-30", "30.11.2025", "mars",
    "septembre", "févr.", "Sept.", "août", "mi-", "fin", "début", "du", "au", "et", "entre",
    "5,9", "1 200", "1\u202f200", "0,5", "3.5", "-2", "+4,1", "1e9", "10¹²", "milliards",
    "millions", "Md€", "M€", "$", "€", "USD", "KZT", "dollars", "euros", "tenges", "soms",
    "%", "pour cent", "points", "процентов", "«", "»", "“", "”", '"', "(", ")", "…", ".", ",",
    ":", ";", "-", "–", "—", "/", "\u00a0", "\u202f", "ᵉ", "ᵉʳ", "İ", "ß", "\t", "\n", "\n\n",
]
QUERY_TOKENS = [
    "gaz", "Tokaïev", "élection", "électr*", "*", "**", "a*b", "AND", "OR", "NOT", "and", "or",
    "-", "-Russie", "+gaz", "(", ")", "((", "))", '"', '"Banque centrale"', "«", "»", "“", "”",
    "„", "country:KZ", "country:", "entity:Q1", 'entity:"Kassym-Jomart Tokaïev"', "type:person",
    "topic:politique", "lang:fr", "source:", 'source:"Le Monde"', "story:s1a2b3c4d5e6",
    "group:story", "group:x", "sort:date", "sort:x", "from:2025", "from:2025-06",
    "to:2025-02-30", "to:2024-13", "from:0000", "to:9999-12-31", "from:2025-1-1", "foo:bar",
    "to:2024", "from:2026-01-01", "to:2025-01",
    "Country:kz", "::", ":", "é", "Ж", "\u00a0", "\t", "\n",
]

plain_text = st.text(max_size=300)
news_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=40).map(" ".join)
any_text = plain_text | news_text
query_text = (st.lists(st.sampled_from(QUERY_TOKENS) | st.text(max_size=4), max_size=20)
              .map(lambda parts: " ".join(parts)) | st.text(max_size=80)
              | st.lists(st.sampled_from(QUERY_TOKENS), max_size=12).map("".join))
