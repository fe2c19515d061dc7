"""The query language, parsed into a small tree whose leaves remember their column.

    élection présidentielle            words, all required (AND is the default)
    "Banque centrale"                  an exact phrase ("…", “…” or «…»)
    Tokaïev OR Mirziyoyev              either
    gaz -Russie                        exclusion (also NOT Russie)
    électr*                            prefix
    (gaz OR pétrole) country:KZ        grouping, filters anywhere
    from:2025-06 to:2025-09-30 sort:date     whole-query options
    story:s1a2b3c4d5e6 group:story           one story's articles; one hit per story

Every mistake raises ``QueryError`` with a one-line message naming the column, before the index
is touched. Filter values that need the knowledge base or the index (entities, topics, countries)
are checked when the tree is compiled (``compile.py``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Union

from steppe.errors import QueryError

MAX_LENGTH = 1_000
MAX_LEAVES = 64
MAX_DEPTH = 16
FILTERS = ("country", "entity", "type", "topic", "source", "lang", "story", "from", "to", "sort",
           "group")
GLOBAL = ("story", "from", "to", "sort", "group")
ONCE = ("story", "group")
SORTS = ("date", "relevance")
GROUPS = ("story",)
OPEN_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}
CLOSE_QUOTES = {'"', "”", "»", "“"}
_SPECIAL = set("()") | set(OPEN_QUOTES) | CLOSE_QUOTES
_FILTER = re.compile(r"([A-Za-z_]+):(.*)", re.S)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class Word:
    text: str
    col: int
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    col: int


@dataclass(frozen=True)
class Filter:
    name: str
    value: str
    col: int


@dataclass
class Not:
    child: "Node"
    col: int


@dataclass
class And:
    children: list["Node"]


@dataclass
class Or:
    children: list["Node"]


Node = Union[Word, Phrase, Filter, Not, And, Or]


@dataclass
class ParsedQuery:
    """The tree (None when the query holds only options) and the whole-query options."""

    text: str
    root: Node | None
    sort: str | None = None
    date_from: int | None = None   # YYYYMMDD, inclusive
    date_to: int | None = None
    story: Filter | None = None    # story:ID, resolved against the store by the engine
    group: str | None = None       # group:story


@dataclass(frozen=True)
class Token:
    kind: str        # WORD PHRASE FILTER LP RP OR AND NOT
    value: str
    col: int
    extra: str = ""  # a filter's value


def parse_query(text: str) -> ParsedQuery:
    """Parse ``text`` or raise QueryError pointing at the problem."""
    if len(text) > MAX_LENGTH:
        raise QueryError(f"requête trop longue ({len(text)} caractères ; la limite est de {MAX_LENGTH})")
    tokens = tokenize(text)
    leaves = sum(t.kind in ("WORD", "PHRASE", "FILTER") for t in tokens)
    if leaves > MAX_LEAVES:
        raise QueryError(f"trop de termes ({leaves}) ; la limite est de {MAX_LEAVES}")
    root = _Parser(tokens).parse() if tokens else None
    parsed = ParsedQuery(text=text, root=root)
    parsed.root = _take_options(root, parsed)
    return parsed


# -- lexer ---------------------------------------------------------------------------------------
def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(Token("LP" if c == "(" else "RP", c, i + 1))
            i += 1
        elif c in OPEN_QUOTES:
            value, i = _quoted(text, i)
            tokens.append(Token("PHRASE", value, i - len(value) - 1))
        elif c in CLOSE_QUOTES:
            raise QueryError(f"guillemet non apparié : le {c} de la colonne {i + 1} ne ferme rien")
        elif c == "-" and i + 1 < n and not text[i + 1].isspace():
            tokens.append(Token("NOT", "-", i + 1))
            i += 1
        elif c == "-":
            raise QueryError(f"le « - » de la colonne {i + 1} doit être suivi de ce qu’il exclut, "
                             "sans espace (par exemple -Russie)")
        else:
            i = _bare(text, i, tokens)
    return tokens


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text between a quote at ``start`` and its closing quote; the index after it."""
    closers = CLOSE_QUOTES
    for j in range(start + 1, len(text)):
        if text[j] in closers:
            return text[start + 1:j], j + 1
    raise QueryError(f"guillemet non apparié : le {text[start]} de la colonne {start + 1} n’est jamais fermé")


def _bare(text: str, start: int, tokens: list[Token]) -> int:
    j = start
    while j < len(text) and not text[j].isspace() and text[j] not in _SPECIAL:
        j += 1
    chunk, col = text[start:j], start + 1
    if chunk in ("OR", "AND", "NOT"):
        tokens.append(Token(chunk, chunk, col))
        return j
    chunk = chunk.lstrip("+")
    match = _FILTER.fullmatch(chunk)
    if match:
        name, value = match.group(1).lower(), match.group(2)
        if name not in FILTERS:
            raise QueryError(f"filtre inconnu « {match.group(1)}: » à la colonne {col} ; "
                             f"filtres connus : {', '.join(f + ':' for f in FILTERS)}")
        if not value and j < len(text) and text[j] in OPEN_QUOTES:
            value, j = _quoted(text, j)
        if not value.strip():
            raise QueryError(f"« {name}: » à la colonne {col} attend une valeur, par exemple {_EXAMPLES[name]}")
        tokens.append(Token("FILTER", name, col, value.strip()))
        return j
    if chunk:
        tokens.append(Token("WORD", chunk, col))
    return j


_EXAMPLES = {
    "country": "country:KZ", "entity": 'entity:"Kassym-Jomart Tokaïev"', "type": "type:person",
    "topic": "topic:politique", "source": 'source:"Le Monde"', "lang": "lang:fr",
    "from": "from:2025-06-01", "to": "to:2025-09-30", "sort": "sort:date",
    "story": "story:s1a2b3c4d5e6", "group": "group:story",
}


# -- parser --------------------------------------------------------------------------------------
class _Parser:
    """or := and (OR and)* ;  and := unary+ ;  unary := (NOT|-) primary | primary ;
    primary := '(' or ')' | WORD | PHRASE | FILTER"""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node:
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:  # only a stray ')' can stop parse_or early
            raise QueryError(f"parenthèse non appariée : la « ) » de la colonne {tok.col} ne ferme rien")
        return node

    def parse_or(self) -> Node:
        self._no_operator_first()
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            self._operand_after(tok)
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(items)

    def parse_and(self) -> Node:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RP"):
            if tok.kind == "AND":
                if not items:
                    raise QueryError(f"AND à la colonne {tok.col} doit suivre un terme")
                self.i += 1
                self._operand_after(tok)
                continue
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(items)

    def parse_unary(self) -> Node:
        tok = self.peek()
        assert tok is not None
        if tok.kind == "NOT":
            self.i += 1
            self._operand_after(tok)
            nxt = self.peek()
            if nxt is not None and nxt.kind == "NOT":
                raise QueryError(f"double exclusion à la colonne {nxt.col}")
            return Not(self.parse_primary(), tok.col)
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.peek()
        assert tok is not None
        self.i += 1
        if tok.kind == "WORD":
            return _word(tok)
        if tok.kind == "PHRASE":
            return Phrase(tok.value, tok.col)
        if tok.kind == "FILTER":
            return Filter(tok.value, tok.extra, tok.col)
        if tok.kind == "LP":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"parenthèses trop imbriquées à la colonne {tok.col}")
            if (nxt := self.peek()) is not None and nxt.kind == "RP":
                raise QueryError(f"parenthèses vides à la colonne {tok.col}")
            node = self.parse_or()
            close = self.peek()
            if close is None or close.kind != "RP":
                raise QueryError(f"parenthèse non appariée : la « ( » de la colonne {tok.col} n’est jamais fermée")
            self.i += 1
            self.depth -= 1
            return node
        raise QueryError(f"« {_shown(tok.value)} » inattendu à la colonne {tok.col}")

    def _no_operator_first(self) -> None:
        tok = self.peek()
        if tok is not None and tok.kind == "OR":
            raise QueryError(f"OR à la colonne {tok.col} doit suivre un terme")
        if tok is not None and tok.kind == "RP":
            raise QueryError(f"parenthèse non appariée : la « ) » de la colonne {tok.col} ne ferme rien")

    def _operand_after(self, op: Token) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind in ("OR", "AND", "RP"):
            what = "« - »" if op.value == "-" else op.kind
            raise QueryError(f"{what} à la colonne {op.col} doit être suivi d’un terme")


def _word(tok: Token) -> Word:
    text = tok.value
    star = text.find("*")
    if star == -1:
        return Word(text, tok.col)
    stem = text.rstrip("*")
    if "*" in stem:
        raise QueryError(f"« * » à la colonne {tok.col + star} marque un préfixe et doit finir le mot "
                         "(par exemple électr*)")
    if not stem:
        raise QueryError(f"« * » à la colonne {tok.col} doit suivre des lettres (par exemple électr*)")
    return Word(stem, tok.col, prefix=True)


# -- whole-query options -------------------------------------------------------------------------
def _take_options(root: Node | None, parsed: ParsedQuery) -> Node | None:
    """Move story:/from:/to:/sort:/group: out of the tree; only allowed at its top level."""
    top = root.children if isinstance(root, And) else [root] if root is not None else []
    kept: list[Node] = []
    date_col = 0  # the later of from:/to:, where a reversed range is noticed
    for node in top:
        if isinstance(node, Filter) and node.name in GLOBAL:
            _set_option(parsed, node)
            date_col = node.col if node.name in ("from", "to") else date_col
        else:
            _refuse_nested_options(node)
            kept.append(node)
    if parsed.date_from and parsed.date_to and parsed.date_from > parsed.date_to:
        raise QueryError(f"from:{_fmt(parsed.date_from)} est postérieur à to:{_fmt(parsed.date_to)} "
                         f"(colonne {date_col})")
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else And(kept)


def _refuse_nested_options(node: Node) -> None:
    if isinstance(node, Filter) and node.name in GLOBAL:
        raise QueryError(f"« {node.name}: » à la colonne {node.col} s’applique à toute la requête ; "
                         "il ne peut être exclu, groupé ni combiné avec OR")
    for child in _children(node):
        _refuse_nested_options(child)


def _children(node: Node) -> list[Node]:
    if isinstance(node, (And, Or)):
        return node.children
    if isinstance(node, Not):
        return [node.child]
    return []


def _set_option(parsed: ParsedQuery, node: Filter) -> None:
    if node.name in ONCE and getattr(parsed, node.name) is not None:
        raise QueryError(f"« {node.name}: » à la colonne {node.col} est donné deux fois ; "
                         "une requête n’en prend qu’un")
    if node.name == "story":
        parsed.story = node
    elif node.name == "group":
        if node.value.lower() not in GROUPS:
            raise QueryError(f"group:{_shown(node.value)} à la colonne {node.col} : utilisez group:story")
        parsed.group = node.value.lower()
    elif node.name == "sort":
        value = node.value.lower()
        if value not in SORTS:
            raise QueryError(f"sort:{_shown(node.value)} à la colonne {node.col} : "
                             "utilisez sort:date ou sort:relevance")
        parsed.sort = value
    elif node.name == "from":
        parsed.date_from = parse_date(node.value, node, end=False)
    else:
        parsed.date_to = parse_date(node.value, node, end=True)


def _shown(value: str, limit: int = 40) -> str:
    """A query's piece as an error message quotes it: one line (a quoted phrase may hold line
    ends and control characters, shown escaped), and not the whole of a long paste."""
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                    for ch in value[:limit])
    return shown + ("…" if len(value) > limit else "")


def parse_date(value: str, node: Filter, end: bool) -> int:
    """YYYY, YYYY-MM or YYYY-MM-DD → YYYYMMDD; ``end`` picks the last day of a year or month."""
    match = _DATE.match(value)
    if not match:
        raise QueryError(f"{node.name}:{_shown(value)} à la colonne {node.col} n’est pas une date "
                         "(utilisez AAAA, AAAA-MM ou AAAA-MM-JJ)")
    year = int(match.group(1))
    month = int(match.group(2) or (12 if end else 1))
    if year < 1 or not 1 <= month <= 12:
        what = f"l’année {year} n’existe pas" if year < 1 else f"le mois {month} n’existe pas"
        raise QueryError(f"{node.name}:{_shown(value)} à la colonne {node.col} n’est pas une date valide "
                         f"({what})")
    last = calendar.monthrange(year, month)[1]
    day = int(match.group(3) or (last if end else 1))
    if not 1 <= day <= last:
        raise QueryError(f"{node.name}:{_shown(value)} à la colonne {node.col} n’est pas une date valide "
                         f"({year:04d}-{month:02d} n’a que {last} jours)")
    return year * 10000 + month * 100 + day


def _fmt(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def leaves(node: Node | None) -> list[Node]:
    """Every leaf of the tree, in order."""
    if node is None:
        return []
    kids = _children(node)
    return [node] if not kids else [leaf for kid in kids for leaf in leaves(kid)]
