"""Direct quotations and who said them, in French, English and Russian news copy.

Person mentions come from the entity stage, so this module decides which quoted passages are
speech and which mention introduces each, reading around a quote most explicit cue first:
after it (« … », a déclaré X / "…," X said / «…», — заявил X / « … », selon X), before it
(X a déclaré : « … » / X a estimé que … « … » / selon X, « … » / X : « … »), inside it (an
incise: « Nous sommes prêts, a déclaré X, à coopérer »), then the previous speaker carrying
on (interviews: "Et l’hiver ? « … »"). A pronoun ("a-t-il ajouté", "he added", "добавил он")
is resolved to a recent speaker or person, whose surname ending must agree in gender.

Not kept, and why: quotes of one to three words (« messagerie nationale ») are terms, not
speech; titles of works and operations (le livre « … ») are names; a quote whose speaker is
unnamed ("un responsable a déclaré") is dropped: a wrong name is worse than none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

__all__ = ["QuoteHit", "SpeakerSpan", "find_quotes"]


@dataclass(frozen=True)
class SpeakerSpan:
    """A person mention found by the entity stage; ``name`` is the canonical full name."""

    start: int
    end: int
    name: str
    entity_id: str | None = None


@dataclass(frozen=True)
class QuoteHit:
    """Quoted words without their marks; ``start``/``end`` index them in the text."""

    start: int
    end: int
    text: str
    speaker: str
    speaker_id: str | None


_CLOSERS = {"«": "»", "“": "”", "„": "“”", "‹": "›"}
_MAX_QUOTE = 1500
_STRAIGHT = re.compile(r'(?<![\w"])"(?=\S)([^"\n]{1,1500}?)(?<=\S)"(?!\w)')
_SPACES = " \t\r\n\u00a0\u202f\u2009\u2007"
_NO_BREAK = r"[^.;:!?«»“”\"]"

# Saying verbs: French and Russian as stems, English and some French forms as whole words.
_SAY_FR = (r"déclar|affirm|soulign|ajout|précis|estim|expliqu|indiqu|assur[eé]|insist|martel"
           r"|martèl|rappel|observ[eé]|poursui|conclu|répon|répliqu|rétorqu|réag|confi[eé]|annon"
           r"|avert|préven|témoign|racont|comment[eéa]|reconnu|reconna[iî]t|admet|admis|avou"
           r"|concéd|plaid|tranch|résum|regrett|déplor|dénon|salu|promet|promis|lâch|gliss"
           r"|confirm|interrog|demand|écri|tweet|ironis|lanç|proclam|signal[eé]|mentionn|constat"
           r"|exclam|renchér|fustig|qualifi[eé]|évoqu|décri|exhort|prôn|rép[éè]t|argu|souten"
           r"|soutient|félicit|analys|temp[éè]r|nuanc|détaill|relev|relèv|inquièt|inquiét|alarm"
           r"|indign|réjoui|enthousiasm|agac|abond|interpell|tonn|sourit|souffl|étonn|désol|emport")
_SAY_WORDS = (r"dit|dits|dite|dire|disait|disaient|dira|lance|lancé|lancée|note|noté|notait"
              r"|juge|jugé|jugeait|clame|clamé|fait\s+(?:valoir|savoir|remarquer)"
              r"|said|says|say|saying|told|tells|add(?:ed|s|ing)?|stated|not(?:ed|es|ing)"
              r"|explain(?:ed|s)|ask(?:ed|s)|warn(?:ed|s)|insist(?:ed|s)|argu(?:ed|es)|wrote"
              r"|writes|tweet(?:ed|s)|announc(?:ed|es)|stress(?:ed|es)|emphasi[sz](?:ed|es)"
              r"|recall(?:ed|s)|continu(?:ed|es)|repl(?:ied|ies)|remark(?:ed|s)|declar(?:ed|es)"
              r"|claim(?:ed|s)|comment(?:ed|s)|admit(?:ted|s)|acknowledg(?:ed|es)|observ(?:ed|es)"
              r"|conclud(?:ed|es)|urg(?:ed|es)|pointed\s+out|went\s+on|maintain(?:ed|s)"
              r"|promis(?:ed|es)|pledg(?:ed|es)|suggest(?:ed|s)|answer(?:ed|s)|respond(?:ed|s)"
              r"|describ(?:ed|es)|call(?:ed|s)|caution(?:ed|s)|quipped|recount(?:ed|s)"
              r"|conced(?:ed|es)|counter(?:ed|s)|joked|complain(?:ed|s)|lament(?:ed|s)"
              r"|predict(?:ed|s)")
_SAY_RU = (r"заяв|сказа|отмет|отмеча|подчеркну|подчеркива|добав|сообщ|поясн|рассказ|уточн"
           r"|призна|написа|пише|указа|указыва|констатирова|заключи|подытожи|резюмирова|ответи"
           r"|отвеча|предупре|вырази|выража|пообеща|обеща|напомн|напомина|продолжи|высказа"
           r"|поделил|прокомментирова|комментиру|завер|счита|говор|полага|цитиру|объясн|сету"
           r"|увер|настаива|вспомина|рассужда|убежд")
_SOURCE = r"selon|d['’]après|according\s+to|по\s+словам|по\s+мнению"
_VERB = (rf"(?:\b(?:{_SAY_FR})\w*|\b(?:{_SAY_WORDS})\b|(?<!\w)(?:{_SAY_RU})\w*"
         rf"|(?<!\w)(?:{_SOURCE})(?!\w))")
_AUX = (r"(?:(?:a|ont|avait|avaient|aurait|auraient|has|had|have|was|is|va|vient\s+d['’]"
        r"|venait\s+d['’])\s+)?")
_ADV = (r"(?:(?:encore|ainsi|aussi|également|alors|notamment|enfin|ensuite|déjà|pourtant"
        r"|plus\s+tard|de\s+son\s+côté|pour\s+sa\s+part|quant\s+à\s+(?:lui|elle)|then|also"
        r"|later|further|again|тогда|также|затем|далее|еще|ещё|se)\s+|s['’])*")
_LEAD = r"[\s,.;!?…]*[—–-]?\s*"
_PRONOUN = r"(?:il|elle|he|she|он|она)"
_PARTICIPLE = (r"(?:ajoutant|précisant|soulignant|estimant|affirmant|expliquant|indiquant"
               r"|insistant|rappelant|assurant|notant|concluant|adding|saying|noting|stressing"
               r"|insisting|explaining|добавив|отметив|подчеркнув|заявив|пояснив|уточнив)")
_THAT = r"(?:\bque\b|\bqu['’]|\bthat\b|(?<!\w)что(?!\w))"
_RELATIVE_WORD = r"(?:qui|who|which|который|которая|которое|которые)(?!\w)"

_AFTER = re.compile(rf"{_LEAD}{_AUX}{_ADV}{_VERB}"
                    rf"(?P<pron>(?:-t-|-){_PRONOUN}\b|\s+(?:he|she|он|она)\b)?", re.I)
_AFTER_PRONOUN = re.compile(rf"{_LEAD}(?:(?:a|avait|aurait)-t-{_PRONOUN}\s+{_ADV}{_VERB}"
                            rf"|{_PRONOUN}\s+{_AUX}{_ADV}{_VERB})", re.I)
_VERB_NEXT = re.compile(rf"\w*[\s,]*(?:,[^,«»“”\"]{{0,60}},\s*)?{_AUX}{_ADV}{_VERB}", re.I)
_VERB_IN = re.compile(_VERB, re.I)
_SAY_AT = re.compile(rf"{_AUX}{_ADV}{_VERB}", re.I)
_PRONOUN_SUBJECT = re.compile(
    rf"(?:^|[\s,])(?:{_PRONOUN}\s+{_AUX}{_ADV}{_VERB}|{_PARTICIPLE})", re.I)
_INTRODUCED = re.compile(rf"(?::\s*[—–-]?|{_THAT})\s*$|{_VERB}{_NO_BREAK}*?{_THAT}", re.I)
_SOURCE_BEFORE = re.compile(rf"(?:{_SOURCE}|\bpour|\bfor)\s+[^,.;:!?«»“”\"]{{0,50}}$", re.I)
_WORK_TITLE = re.compile(
    r"(?:intitul\w*|baptis\w*|nomm\w*|dénomm\w*|surnomm\w*|appel\w*|livre|ouvrage|roman|film"
    r"|documentaire|émission|opération|programme|projet|campagne|slogan|devise|rapport|plan"
    r"|concept|doctrine|festival|forum|exposition|chanson|album|loi|décret|entitled|titled"
    r"|called|dubbed|named|book|novel|operation|названием|операци\w*|книг\w*|фильм\w*"
    r"|программ\w*|проект\w*|закон\w*|стратеги\w*|концепци\w*)\s*[:,]?\s*$", re.I)
_CLAUSE_BREAK = re.compile(rf"[;«»“”\"]|\s(?:et|mais|and|but|и|но|а)\s|(?<!\w){_RELATIVE_WORD}",
                           re.I)
_CLOSED_RELATIVE = re.compile(rf",\s*{_RELATIVE_WORD}[^,]*,", re.I)
_NOT_SUBJECT = re.compile(rf"(?:\b(?:avec|à|par|contre|entre|et|with|to|by|from|and|с|со|и|к)"
                          rf"\s+(?:\w+\s+){{0,3}}|\b(?:de|du|des|of)\s+|\bd['’]"
                          rf"|,\s*{_RELATIVE_WORD}[^,]*)$", re.I)
_SUBJECT_NEXT = re.compile(r"\w*\s*(?:,[^,.;]{0,60},\s*)?(?:a|ont|avait|est|était|s['’]|se"
                           r"|n['’]|ne|has|had|is|was|will|\w+ed|\w+л[аи]?)\b", re.I)
_ABBREV = re.compile(r"\b(?:M|Mme|Mlle|Dr|Pr|Mr|Mrs|Ms|St|Jr|[A-ZА-Я])\.")
_SENTENCE_END = re.compile(r"[.!?…]+[\s\u00a0\u202f]*[»”\"]?\s+(?=[«\"“„\w—–-])|\n+")
_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")
_QUOTED_NAME = re.compile(r"«[^«»]{0,80}»|“[^“”]{0,80}”|\"[^\"]{0,80}\"")
_INDEFINITE = re.compile(r"\s*(?:un|une|des|a|an|one|some|один|одна|одного|одной)\s", re.I)
_GENDER_ENDINGS = (
    ("f", re.compile(r"(?:ova|eva|yeva|ina|aya|kyzy|qizi|gyzy|ова|ева|ина|ая|кызы|кизи)$")),
    ("m", re.compile(r"(?:ov|ev|in|iy|uly|uulu|ovich|evich|ов|ев|ин|ий|улы|уулу|ович|евич)$")))
_PRONOUN_GENDER = {"il": "m", "he": "m", "он": "m", "elle": "f", "she": "f", "она": "f"}

#: Not a speaker but a verdict: someone unnamed spoke ("a déclaré un responsable").
_UNNAMED = SpeakerSpan(-2, -2, "")


@dataclass(frozen=True)
class _Context:
    """What every attribution step needs to know about the text, computed once."""

    text: str
    marks: tuple[tuple[int, int], ...]
    quotations: tuple[tuple[int, int], ...]
    outside: tuple[SpeakerSpan, ...]
    everyone: tuple[SpeakerSpan, ...]
    starts: tuple[int, ...]

    def sentence_start(self, pos: int, back: int = 0) -> int:
        """Start of the sentence holding ``pos``, or of the ``back``-th sentence before it."""
        index = max(i for i, s in enumerate(self.starts) if s <= pos)
        return self.starts[max(0, index - back)]

    def named_between(self, start: int, end: int) -> list[SpeakerSpan]:
        return [s for s in self.outside if start <= s.start and s.end <= end]


def find_quotes(text: str, speakers: list[SpeakerSpan]) -> list[QuoteHit]:
    """Direct quotations in ``text`` attributed to one of ``speakers``, in text order."""
    marks = tuple(_quote_spans(text))
    quotations = tuple(m for m in marks if _is_quotation(text, *m))
    everyone = tuple(sorted(speakers, key=lambda s: s.start))
    outside = tuple(s for s in everyone if not any(a < s.start and s.end <= b for a, b in marks))
    ctx = _Context(text, marks, quotations, outside, everyone, _sentence_starts(text, marks))
    hits: list[QuoteHit] = []
    for open_, close in quotations:
        speaker = _attribute(ctx, open_, close, hits)
        if speaker is not None:
            start, end = _content(text, open_, close)
            hits.append(QuoteHit(start, end, text[start:end], speaker.name, speaker.entity_id))
    return hits


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level (open mark, close mark) positions; inner quotes belong to their outer one."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if stack and i - stack[0][0] > _MAX_QUOTE:
            stack.clear()  # an unclosed mark must not swallow the rest of the article
        if stack and ch in _CLOSERS[stack[-1][1]]:
            start, _ = stack.pop()
            if not stack:
                spans.append((start, i))
        elif ch in _CLOSERS:
            stack.append((i, ch))
    for m in _STRAIGHT.finditer(text):
        if not any(a <= m.start() <= b or a <= m.end() - 1 <= b for a, b in spans):
            spans.append((m.start(), m.end() - 1))
    return sorted(spans)


def _content(text: str, open_: int, close: int) -> tuple[int, int]:
    """Offsets of the quoted words: no marks, no edge spaces, no trailing comma ("…," he said)."""
    start, end = open_ + 1, close
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _SPACES + ",":
        end -= 1
    return start, end


def _is_quotation(text: str, open_: int, close: int) -> bool:
    """Speech rather than a term, a name or a title: four words, or a short whole sentence."""
    start, end = _content(text, open_, close)
    words = _WORDS.findall(text[start:end])
    sentence = len(words) >= 2 and text[start:end][-1:] in ".!?…"
    long_words = [w for w in words if len(w) >= 4]
    if not sentence and (len(words) < 4 or long_words and all(w[0].isupper() for w in long_words)):
        return False  # « Asie centrale », « Central Asia Investment Forum »
    return not _WORK_TITLE.search(text[max(0, open_ - 40):open_])


def _sentence_starts(text: str, marks: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """Offsets where sentences begin, ignoring full stops inside quotes and after initials."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        inside = any(a < m.end() <= b for a, b in marks)
        initial = m.group().startswith(".") and _ABBREV.search(text[max(0, m.start() - 4):m.end()])
        if not inside and not initial:
            starts.append(m.end())
    return tuple(starts)


def _attribute(ctx: _Context, open_: int, close: int, hits: list[QuoteHit]) -> SpeakerSpan | None:
    """The speaker of one quote: after it, else before, else an incise, else the previous
    speaker carrying on; an anaphor is resolved last. None if unnamed or unknown.
    The text read around a quote stops at its neighbours (scare quotes are only words)."""
    following = min([a for a, _ in ctx.quotations if a > close] + [len(ctx.text)])
    opens = not ctx.text[ctx.sentence_start(open_):open_].strip()
    found = _speaker_after(ctx, close + 1, following, opens)
    if found is None:
        previous = max([b for _, b in ctx.quotations if b < open_] + [-1]) + 1
        found = _speaker_before(ctx, max(previous, ctx.sentence_start(open_)), open_)
    if found is None:
        found = _speaker_inside(ctx, open_, close)
    if found is None and opens:
        found = _continuation(ctx, open_, hits)
    if found is not None and found.start == -1:
        found = _antecedent(ctx, open_, hits, found.name)
    return None if found is _UNNAMED else found


def _anaphor(pronoun: str = "") -> SpeakerSpan:
    """Marker for "a pronoun spoke"; ``name`` keeps the pronoun's gender ("m", "f" or "")."""
    words = re.findall(r"\w+", pronoun.casefold()) or [""]
    return SpeakerSpan(-1, -1, _PRONOUN_GENDER.get(words[-1], ""))


def _speaker_after(ctx: _Context, pos: int, limit: int, opens: bool) -> SpeakerSpan | None:
    """« … », a déclaré X / "…," X said / « … », a-t-il dit / « … », selon X / « … » : X."""
    tail = ctx.text[pos:min(limit, pos + 200)]
    if re.match(r"\s*[A-ZА-Я]", tail) and ctx.text[:pos - 1].rstrip().endswith("."):
        return None  # “…saturated.” Energy Minister X has promised: a new sentence
    pronoun = _AFTER_PRONOUN.match(tail)
    m = pronoun or _AFTER.match(tail)
    if m:
        if pronoun or m.group("pron"):
            return _anaphor(m.group() if pronoun else m.group("pron"))
        end, stop = pos + m.end(), pos + len(tail)
        return (_first_named(ctx, ctx.outside, end, stop) or _described(ctx, end, stop)
                or _UNNAMED)
    lead = pos + re.match(_LEAD, tail).end()
    nearby = [s for s in ctx.outside if lead <= s.start < min(pos + len(tail), lead + 40)]
    if nearby and _titles_only(ctx.text[lead:nearby[0].start]) and _VERB_NEXT.match(
            ctx.text, nearby[0].end):
        return nearby[0]
    if opens and re.match(r"\s*:", tail):  # headline: « … » : interview with X
        line_end = pos + len(tail.split("\n")[0])
        return next((s for s in ctx.outside if pos <= s.start and s.end <= line_end), None)
    return None


def _first_named(ctx: _Context, people: Sequence[SpeakerSpan], start: int,
                 limit: int) -> SpeakerSpan | None:
    """The first person named after a saying verb, across titles and appositions only."""
    for s in people:
        if start <= s.start < limit:
            return s if _titles_only(ctx.text[start:s.start]) else None
    return None


def _described(ctx: _Context, start: int, limit: int) -> SpeakerSpan | None:
    """« … », résume l’économiste: the person earlier introduced with that same title."""
    clause = re.split(r"[.;:!?\n]", ctx.text[start:limit])[0]
    if _INDEFINITE.match(clause):
        return None
    stems = {w.casefold()[:5] for w in re.findall(r"\w{5,}", clause)[:3]}
    for s in reversed([s for s in ctx.outside if s.end <= start]):
        before = re.findall(r"\w{5,}", ctx.text[max(0, s.start - 40):s.start])[-3:]
        if stems & {w.casefold()[:5] for w in before}:
            return s
    return None


def _titles_only(gap: str) -> bool:
    """Between a verb and a name, only words like "le président kazakh", no sentence break."""
    gap = _QUOTED_NAME.sub("", _ABBREV.sub("", gap))
    return len(gap) <= 90 and not re.search(r"[.;:!?«»“”\"\n]", gap)


def _speaker_before(ctx: _Context, start: int, open_: int) -> SpeakerSpan | None:
    """X a déclaré : « … » / X a estimé que … « … » / selon X, « … » / Il a ajouté : « … » /
    X, 61 ans, se montre prudent : « … » / Tokaïev : « … »."""
    text, head = ctx.text, ctx.text[start:open_]
    named = ctx.named_between(start, open_)
    source = named[-1] if named and head.rstrip().endswith(",") else None
    if source and _SOURCE_BEFORE.search(text[start:source.start]) and re.fullmatch(
            r"\w*\s*(?:,[^,«»“”\"]{0,60})?,\s*", text[source.end:open_]):
        return source
    verbs = list(_VERB_IN.finditer(head))
    if verbs:
        verb_start, verb_end = start + verbs[-1].start(), start + verbs[-1].end()
        subject = _subject_before(text, verb_start, named)
        later = [s for s in named if s.start >= verb_end][:1]
        if subject is None and later and _titles_only(text[verb_end:later[0].start]) and \
                re.fullmatch(r"\w*\s*[:,]?\s*[—–-]?\s*", text[later[0].end:open_]):
            subject = later[0]
        if subject is not None:
            return subject
    pronoun = _INTRODUCED.search(head) and _PRONOUN_SUBJECT.search(head)
    if pronoun:
        return _anaphor(pronoun.group())
    colon = re.search(r":\s*[—–-]?\s*$", head)
    return _subject_before(text, start + colon.start(), named) if colon else None


def _subject_before(text: str, verb_at: int, named: list[SpeakerSpan]) -> SpeakerSpan | None:
    """The nearest person named before the verb, in its clause, not a preposition's object
    nor inside a relative clause (", qui recevait Y,"); a relative clause still open before
    the verb ("des étudiants qui lui ont dit") means someone else spoke."""
    for s in reversed([s for s in named if s.end <= verb_at]):
        gap = _CLOSED_RELATIVE.sub(",", text[s.end:verb_at])
        if verb_at - s.end > 120 or _CLAUSE_BREAK.search(gap):
            return None
        if not _NOT_SUBJECT.search(text[max(0, s.start - 40):s.start]):
            return s
    return None


def _speaker_inside(ctx: _Context, open_: int, close: int) -> SpeakerSpan | None:
    """An incise: « Nous sommes prêts, a déclaré X, à coopérer » / « …, a-t-il dit, … »."""
    inner = [s for s in ctx.everyone if open_ < s.start and s.end <= close]
    for comma in re.finditer(r",\s*", ctx.text[open_:close]):
        at = open_ + comma.end()
        pronoun = _AFTER_PRONOUN.match(ctx.text[at:close])
        if pronoun:
            return _anaphor(pronoun.group())
        verb = _SAY_AT.match(ctx.text, at)
        named = verb and _first_named(ctx, inner, verb.end(), close)
        if named and re.match(r"\w*\s*,", ctx.text[named.end:close]):
            return named
    return None


def _continuation(ctx: _Context, open_: int, hits: list[QuoteHit]) -> SpeakerSpan | None:
    """A quote opening its sentence right after another speaker's quote, with nobody else
    named in between, carries on that speaker (interviews: "Et l’hiver ? « … »")."""
    last = hits[-1] if hits else None
    if last is None or last.end < ctx.sentence_start(open_, back=2):
        return None
    if any(s.name != last.speaker for s in ctx.named_between(last.end, open_)):
        return None
    return _carrier(last)


def _carrier(hit: QuoteHit) -> SpeakerSpan:
    """The speaker of an earlier quote, as a span (only its name and id are used)."""
    return SpeakerSpan(hit.start, hit.end, hit.speaker, hit.speaker_id)


def _name_gender(name: str) -> str:
    """Gender that the region's surnames show (-ova/-eva: "f", -ov/-ev: "m"), else ""."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    last = ("".join(c for c in folded if not unicodedata.combining(c)).split() or [""])[-1]
    return next((g for g, ending in _GENDER_ENDINGS if ending.search(last)), "")


def _antecedent(ctx: _Context, open_: int, hits: list[QuoteHit], gender: str) -> SpeakerSpan | None:
    """Who "il"/"she"/"он" is: the previous quote's speaker when it is recent, unless a person
    opens a sentence in between; else the nearest person named in this or the last sentence,
    a subject rather than an object ("X a reçu Y. Il a dit"); else, up to four sentences back,
    the last speaker or person named. Surname endings must agree with the pronoun's gender."""
    def agrees(name: str) -> bool:
        return not gender or _name_gender(name) in ("", gender)

    recent = [s for s in ctx.named_between(ctx.sentence_start(open_, back=1), open_)
              if agrees(s.name)]
    last = hits[-1] if hits and agrees(hits[-1].speaker) else None
    if last is not None and last.end >= ctx.sentence_start(open_, back=2):
        openers = [s for s in recent if s.start > last.end
                   and s.start - ctx.sentence_start(s.start) <= 30]
        return openers[-1] if openers else _carrier(last)
    subjects = [s for s in recent if _SUBJECT_NEXT.match(ctx.text, s.end)]
    if subjects or recent:
        return (subjects or recent)[-1]
    window = ctx.sentence_start(open_, back=4)
    if last is not None and last.end >= window:
        return _carrier(last)
    earlier = [s for s in ctx.named_between(window, open_) if agrees(s.name)]
    return earlier[-1] if earlier else None
