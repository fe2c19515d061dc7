"""Who said a quotation: the person mentions around it, read most explicit cue first.

After the quote (« … », a déclaré X / "…," X said / «…», — заявил X / « … », selon X / "…,"
the president said), before it (X a déclaré : « … » / X a estimé que … « … » / selon X, « … » /
Как отметил глава государства, «…» / X : « … »), inside it (an incise: « Nous sommes prêts, a
déclaré X, à coopérer »). A fragment inside a sentence with no such cue is the words of the
sentence's subject, a name, a pronoun or a title (Japarov veut faire du pays « un … »), or of
the speaker of an earlier quote in that sentence. A quote opening its sentence may be
introduced by the line before (interviews: "X, président :" ¶ « … ») or carry on the previous
speaker ("Et l’hiver ? « … »"), or be an answer, a gesture's words, a source's view
(``quote_sequences``). Pronouns, demonstratives and titles ("a-t-il ajouté", "ce
dernier", "le chef de l’État") are resolved by ``quote_referents``. A quote whose speaker is
unnamed ("un responsable a déclaré", "le ministère") gets none: a wrong name is worse than none.
"""

from __future__ import annotations

import re
from typing import Sequence

from steppe.enrich.quote_context import (
    UNNAMED, Context, QuoteHit, SpeakerSpan, carrier, titles_only,
)
from steppe.enrich.quote_cues import (
    AFTER, AFTER_DESCRIBED, AFTER_PRONOUN, CLAUSE_BREAK, CLOSED_RELATIVE, COORDINATED,
    DEMONSTRATIVE, INDEFINITE, INTRODUCED, LEAD, NOT_SUBJECT, OPEN_RELATIVE, OWNER, PASSIVE_CHARGE,
    PREDICATE, PRONOUN_OPENING, PRONOUN_SOURCE_OPENING, PRONOUN_SUBJECT, QUOTED_NAME,
    RELATIVE_OF_NAME, SAY_AT, SOURCE_BEFORE, SOURCE_OPENING, SOURCE_PRONOUN, SUBJECT_BREAK,
    SUBJECT_HEAD, SURNAME_SAID, TITLE_PREDICATE, VERB_IN, VERB_NEXT, has_head_verb,
)
from steppe.enrich.quote_referents import (
    anaphor, antecedent, by_surname, described, only_person, opens_with_office,
)
from steppe.enrich.quote_sequences import (
    answer, continuation, pronoun_sentence, source_sentence, subject_sentence,
)

__all__ = ["attribute"]

#: "a précisé ce dernier", "raconte cette mère de famille": a pronoun of that gender
_DEMONSTRATIVE_GENDER = {"ce": "il", "cet": "il", "celui-ci": "il", "этот": "он",
                         "последний": "он", "cette": "elle", "celle-ci": "elle", "эта": "она",
                         "последняя": "она"}
#: "selon lui", "according to her", "по его словам": the subject pronoun of the same gender
_OBJECT_PRONOUN = {"lui": "il", "elle": "elle", "him": "he", "her": "she", "его": "он", "её": "она",
                   "ее": "она"}
_SPACES = " \t\r\n\u00a0\u202f\u2009\u2007"


def attribute(ctx: Context, open_: int, close: int, hits: list[QuoteHit],
              incise: tuple[int, int] | None = None) -> SpeakerSpan | None:
    """The speaker of one quote (or of all the parts of one over several paragraphs): after it,
    else before, else an incise, else the sentence's subject or earlier speaker for a fragment,
    else the line before or the previous speaker carrying on for a quote opening its sentence;
    an anaphor is resolved last. None if unnamed or unknown. The text read around a quote stops
    at its neighbours (scare quotes are only words). ``incise``: where the words between the
    two parts of a quotation split by its speech verb («A, — заявил X. — B») begin and end."""
    following = min([a for a, _ in ctx.quotations if a > close] + [len(ctx.text)])
    opens = not ctx.text[ctx.sentence_start(open_):open_].strip()
    found = _speaker_after(ctx, *incise, opens) if incise else None
    if found is None:
        found = _speaker_after(ctx, close + 1, following, opens)
    if found is None:
        previous = max([b for _, b in ctx.quotations if b < open_] + [-1]) + 1
        found = _speaker_before(ctx, max(previous, ctx.sentence_start(open_)), open_) \
            or _coordinated(ctx, previous, open_, hits)
    if found is None:
        found = _speaker_inside(ctx, open_, close)
    fragment = ctx.text[open_ + 1:close].lstrip(_SPACES)[:1].islower()  # not a name
    if found is None and not opens and fragment:
        found = _sentence_subject(ctx, open_) or _same_sentence(ctx, open_, hits) \
            or _relative_subject(ctx, open_)
    if found is None and opens:
        found = _interview_line(ctx, open_) or answer(ctx, open_, hits) \
            or pronoun_sentence(ctx, open_) or source_sentence(ctx, open_) \
            or continuation(ctx, open_, hits) or subject_sentence(ctx, open_)
    start = ctx.sentence_start(open_)
    head = ctx.text[start:open_]
    if found is None and not opens and re.search(r":\s*$", head) and not VERB_IN.search(head) \
            and not INDEFINITE.match(head) and not ctx.named_between(start, open_):
        found = continuation(ctx, open_, hits)  # « … », dit-elle. La crise s’aggrave : « … »
    if found is not None and found.start == -1:
        found = antecedent(ctx, open_, hits, found.name)
    return None if found is UNNAMED else found


def _speaker_after(ctx: Context, pos: int, limit: int, opens: bool) -> SpeakerSpan | None:
    """« … », a déclaré X / "…," X said / « … », a-t-il dit / « … », selon X / « … » : X /
    "…," the president said."""
    tail = ctx.text[pos:min(limit, pos + 200)]
    if re.match(r"\s*[A-ZА-Я]", tail) and ctx.text[:pos - 1].rstrip().endswith("."):
        return None  # “…saturated.” Energy Minister X has promised: a new sentence
    pronoun = AFTER_PRONOUN.match(tail)
    m = pronoun or AFTER.match(tail)
    if m:
        if pronoun or m.group("pron"):
            return anaphor(m.group() if pronoun else m.group("pron"))
        end, stop = pos + m.end(), pos + len(tail)
        demonstrative = DEMONSTRATIVE.match(ctx.text, end, stop)
        return (_first_named(ctx, ctx.outside, end, stop) or _title_before(ctx, pos, end, stop)
                or described(ctx, end, stop)
                or (demonstrative and anaphor(_DEMONSTRATIVE_GENDER.get(
                    demonstrative.group("det").casefold(), "")))
                or by_surname(ctx, end, stop) or only_person(ctx, end, stop, pos) or UNNAMED)
    lead = pos + re.match(LEAD, tail).end()
    if re.search(r"[.\n]", ctx.text[pos:lead]):
        return None  # « … ». Plus discret, X a évoqué …: a new sentence, about something else
    for s in [s for s in ctx.outside if lead <= s.start < min(pos + len(tail), lead + 40)]:
        # "…," Kairat coach Rafael Urazbakhtin said: the name the verb follows
        if titles_only(ctx.text[lead:s.start]) and VERB_NEXT.match(ctx.text, s.end):
            return s
    if SURNAME_SAID.match(tail):  # "…," Alonso said: a surname the entity stage left unlinked
        found = by_surname(ctx, lead, pos + len(tail))
        if found is not None:
            return found
    title = AFTER_DESCRIBED.match(tail)  # "…," the president said
    if title:
        return described(ctx, pos + title.start("who"), pos + title.end("who"), stems=False) \
            or UNNAMED
    if opens and re.match(r"\s*:", tail):  # headline: « … » : interview with X
        line_end = pos + len(tail.split("\n")[0])
        return next((s for s in ctx.outside if pos <= s.start and s.end <= line_end), None)
    return None


def _first_named(ctx: Context, people: Sequence[SpeakerSpan], start: int,
                 limit: int) -> SpeakerSpan | None:
    """The first person named after a saying verb, across titles and appositions only; a name
    that only completes a title is not the speaker (le porte-parole de X, пресс-секретарь
    Токаева), the next one may be (le porte-parole de X, Y)."""
    for s in people:
        if start <= s.start < limit:
            if not titles_only(ctx.text[start:s.start]):
                return None
            if not _owned(ctx.text, s, ctx.text[start:s.start]):
                return s
    return None


def _owned(text: str, person: SpeakerSpan, before: str) -> bool:
    """Whether a name only completes a title (le porte-parole de X, пресс-секретарь Токаева):
    after a dependent's title, a name in its full uninflected form is that dependent himself
    (адвокат Айбек Сыдыков, spokesman X), an inflected one the owner."""
    owner = OWNER.search(before)
    if owner is None:
        return False
    return not owner.group("dep") or not person.name.endswith(text[person.start:person.end])


def _speaker_before(ctx: Context, start: int, open_: int) -> SpeakerSpan | None:
    """X a déclaré : « … » / X a estimé que … « … » / selon X, « … » / Il a ajouté : « … » /
    X, 61 ans, se montre prudent : « … » / Tokaïev : « … »."""
    text, head = ctx.text, ctx.text[start:open_]
    named = ctx.named_between(start, open_)
    source = named[-1] if named and head.rstrip().endswith(",") else None
    if source and SOURCE_BEFORE.search(text[start:source.start]) and re.fullmatch(
            r"\w*\s*(?:,[^,«»“”\"]{0,60})?,\s*", text[source.end:open_]):
        return source
    opening = SOURCE_OPENING.match(text, start, open_)  # Pour X, il s’agit d’« … »
    if opening and named and opening.end() == named[0].start and len(named) == 1 and \
            re.fullmatch(r"\w*\s*(?:,[^,«»“”\"]{0,60})?,[^.;!?«»“”\"\n]{0,100}",
                         text[named[0].end:open_]) and \
            not SUBJECT_BREAK.search(CLOSED_RELATIVE.sub(",", head)):  # Selon X, qui …, « … »
        return named[0]
    verbs = list(VERB_IN.finditer(head))
    if verbs and OPEN_RELATIVE.search(CLOSED_RELATIVE.sub(",", head[verbs[-1].end():])):
        verbs = []  # X a réagi aux propos de l’opposition, qui parle d’« … »: someone else's
    if verbs:
        verb_start, verb_end = start + verbs[-1].start(), start + verbs[-1].end()
        subject = _subject_before(text, verb_start, named)
        later = [s for s in named if s.start >= verb_end][:1]
        if subject is None and later and titles_only(text[verb_end:later[0].start]) and \
                re.fullmatch(r"\w*\s*[:,]?\s*[—–-]?\s*", text[later[0].end:open_]):
            subject = later[0]
        if subject is None and not named:
            subject = _title_subject(ctx, start, verb_start) or _title_after(ctx, verb_end, open_)
        if subject is None and not named:  # Dans sa déclaration, le cadreur a assuré n’avoir « … »
            clause = start + re.match(r"\s*(?:[^,.;:!?«»“”\"\n]{0,60},\s*)?", head).end()
            if re.fullmatch(r"\s*\S+\s+[\w’'-]+\s+(?:\w+\s+)?", text[clause:verb_start]):
                subject = only_person(ctx, clause, verb_start, clause)
        if subject is not None:
            return subject
    source_pronoun = SOURCE_PRONOUN.search(head)
    if source_pronoun:
        return anaphor(_OBJECT_PRONOUN[(source_pronoun.group("fr")
                                        or source_pronoun.group("ru")).casefold()])
    pronoun = INTRODUCED.search(head) and PRONOUN_SUBJECT.search(head)
    if pronoun:
        return anaphor(pronoun.group())
    opening = PRONOUN_OPENING.match(text, start, open_)
    if opening and verbs and not named and INTRODUCED.search(head):
        return anaphor(opening.group("pron"))  # Elle se tait un instant, puis reprend : « … »
    colon = re.search(r":\s*[—–-]?\s*$", head)
    return _subject_before(text, start + colon.start(), named) if colon else None


def _coordinated(ctx: Context, start: int, open_: int,
                 hits: list[QuoteHit]) -> SpeakerSpan | None:
    """X a estimé que « … », avant d’ajouter : « … » / и добавила: «…» / and added: "…": a
    second speech verb joined to the first quote's sentence has its speaker."""
    last = hits[-1] if hits else None
    if last is None or last.end < ctx.sentence_start(open_) or ctx.named_between(start, open_):
        return None
    return carrier(last) if COORDINATED.fullmatch(ctx.text, start, open_) else None


def _subject_before(text: str, verb_at: int, named: list[SpeakerSpan]) -> SpeakerSpan | None:
    """The nearest person named before the verb, in its clause, not a preposition's object
    nor inside a relative clause (", qui recevait Y,"); a relative clause still open before
    the verb ("des étudiants qui lui ont dit") means someone else spoke."""
    for s in reversed([s for s in named if s.end <= verb_at]):
        # a name in quotes is a word (в комментарии «Азаттыку» отметил), no clause break
        gap = CLOSED_RELATIVE.sub(",", QUOTED_NAME.sub("Name", text[s.end:verb_at]))
        if RELATIVE_OF_NAME.fullmatch(gap):
            return s  # X, conseiller municipal, qui dit être « … »: the relative's subject is X
        if len(gap) > 120 or CLAUSE_BREAK.search(gap):
            return None
        owned = _owned(text, s, text[max(0, s.start - 40):s.start]) or re.match(r"['’]s\b",
                                                                            text[s.end:s.end + 3])
        if not owned and not NOT_SUBJECT.search(text[max(0, s.start - 40):s.start]):
            return s
    return None


def _speaker_inside(ctx: Context, open_: int, close: int) -> SpeakerSpan | None:
    """An incise: « Nous sommes prêts, a déclaré X, à coopérer » / « …, a-t-il dit, … »."""
    inner = [s for s in ctx.everyone if open_ < s.start and s.end <= close]
    for comma in re.finditer(r",\s*", ctx.text[open_:close]):
        at = open_ + comma.end()
        pronoun = AFTER_PRONOUN.match(ctx.text[at:close])
        if pronoun:
            return anaphor(pronoun.group())
        verb = SAY_AT.match(ctx.text, at)
        named = verb and _first_named(ctx, inner, verb.end(), close)
        if named and re.match(r"\w*\s*[,.]", ctx.text[named.end:close]):  # «A, dit X. B»
            return named
    return None


def _sentence_subject(ctx: Context, open_: int) -> SpeakerSpan | None:
    """A fragment quoted inside a sentence without a saying verb is the words of the person the
    sentence is about, when that person, or a pronoun for them, is its subject: « Japarov veut
    faire du pays « un havre pour les investisseurs » » / « Il a remercié « tous ceux qui ont
    voté » ». (A fragment opening with a capital is a name, l’« Organisation des États
    turciques », and never comes here.)"""
    start = ctx.sentence_start(open_)
    source = PRONOUN_SOURCE_OPENING.match(ctx.text, start, open_)
    if source:  # Selon lui, X reste « … »: the words are the source's
        pronoun = source.group("pron") or source.group("ru") or ""
        return anaphor(_OBJECT_PRONOUN.get(pronoun.casefold(), ""))
    named = ctx.named_between(start, open_)
    pronoun = PRONOUN_OPENING.match(ctx.text, start, open_)
    if pronoun and (not named or named[0].start >= pronoun.end()):
        subject, rest = anaphor(pronoun.group("pron")), ctx.text[pronoun.end():open_]
    elif not named:
        return _title_subject(ctx, start, open_, fragment=True)
    else:
        subject, rest = named[0], ctx.text[named[0].end:open_]
        if re.search(r",\s*$", ctx.text[start:subject.start]):  # Son président, X, a justifié
            rest = re.sub(r"^\s*,", "", rest)
        head = ctx.text[start:subject.start].rsplit(",", 1)[-1]
        if not SUBJECT_HEAD.fullmatch(head) or has_head_verb(head) or NOT_SUBJECT.search(
                ctx.text[max(0, subject.start - 40):subject.start]):
            return None
    if len(rest) > 200 or not PREDICATE.match(rest) or _breaks(rest):
        return None
    return subject


def _relative_subject(ctx: Context, open_: int) -> SpeakerSpan | None:
    """A fragment ending a relative clause on the nearest name: « … », confie X, enseignante à
    Khorog, qui accepte d’être citée « parce que … » (the relative's subject is X)."""
    previous = max([b for _, b in ctx.quotations if b < open_] + [ctx.sentence_start(open_)])
    named = ctx.named_between(previous, open_)
    if not named:
        return None
    s = named[-1]
    relative = RELATIVE_OF_NAME.match(ctx.text, s.end, open_)
    rest = ctx.text[relative.end():open_] if relative else ""
    if relative is None or len(rest) > 100 or re.search(r"[,;:«»“”\"]", rest) or _breaks(rest) \
            or NOT_SUBJECT.search(ctx.text[max(0, s.start - 40):s.start]):
        return None
    return s


def _title_subject(ctx: Context, start: int, at: int,
                   fragment: bool = False) -> SpeakerSpan | None:
    """Le ministre a promis une réforme « … » / Le président a déclaré : « … »: a title opening
    the clause (after an adverbial "Lundi,") stands for the person last named with it. Before a
    fragment, the title must be followed by the verb of the sentence."""
    adverbial = re.match(r"\s*(?:[^,.;:!?«»“”\"\n]{0,60},\s*)?", ctx.text[start:at])
    offset = start + adverbial.end()
    title = opens_with_office(ctx.text[offset:at])
    rest = ctx.text[offset + title:at]
    if not title or fragment and (not TITLE_PREDICATE.match(rest) or _breaks(rest)):
        return None
    return described(ctx, offset, at, stems=False)


def _title_before(ctx: Context, pos: int, end: int, stop: int) -> SpeakerSpan | None:
    """« … », a déclaré le président, right after "Le président kazakhstanais a insisté …": the
    bare title after the verb repeats the one opening the sentence before the quote."""
    here = ctx.sentence_start(pos - 1)
    before = ctx.sentence_start(pos - 1, back=1)
    title = re.match(r"\s*(?:(?:le|la|the)\s+|l['’]\s*)?([\w-]+)", ctx.text[end:stop])
    if before == here or not title or not opens_with_office(ctx.text[end:stop]) or \
            "\n" in ctx.text[before:here].strip() or ctx.named_between(before, here):
        return None
    length = opens_with_office(ctx.text[before:here])
    if not length or title.group(1).casefold() not in ctx.text[before:before + length].casefold():
        return None
    return _title_subject(ctx, before, here)


def _title_after(ctx: Context, verb_end: int, open_: int) -> SpeakerSpan | None:
    """Как отметил глава государства, «…» / a déclaré le ministre : « … »: a title between the
    saying verb and the quote, for the person last named with it."""
    if not re.fullmatch(r"[^.;!?«»“”\"]{2,60}[,:]\s*[—–-]?\s*", ctx.text[verb_end:open_]):
        return None
    return described(ctx, verb_end, open_, stems=False)


def _breaks(words: str) -> bool:
    """Whether someone else may be speaking by the end of ``words``: a new clause (mais, alors
    que, a relative still open) or a charge against the subject (est accusé de)."""
    return bool(SUBJECT_BREAK.search(words) or OPEN_RELATIVE.search(words)
                or PASSIVE_CHARGE.search(words))


def _same_sentence(ctx: Context, open_: int, hits: list[QuoteHit]) -> SpeakerSpan | None:
    """A fragment further on in the sentence of an attributed quote is the same speaker's, when
    nobody else is named and no new clause begins in between: « … », a-t-il poursuivi,
    dénonçant les « provocations sur les réseaux » visant à « créer la division entre nous »."""
    last = hits[-1] if hits else None
    if last is None or last.end < ctx.sentence_start(open_):
        return None
    between = ctx.text[last.end:open_]
    if any(last.end < a < open_ for a, _ in ctx.quotations) or _breaks(between):
        return None
    if any(s.name != last.speaker for s in ctx.named_between(last.end, open_)):
        return None
    return carrier(last)


def _interview_line(ctx: Context, open_: int) -> SpeakerSpan | None:
    """A quote opening a line after one ending with a colon is introduced by it: interviews
    ("Emomali Rahmon, président du Tadjikistan :" ¶ "« … »") and "X a déclaré :" ¶ "« … »". A
    line that names nobody ("Question du journaliste :") stops the previous speaker carrying on."""
    before = ctx.text[:open_].rstrip(" \t\u00a0")
    line_end = len(before.rstrip())
    if not before.endswith("\n") or not ctx.text[:line_end].endswith(":"):
        return None
    line_start = ctx.text.rfind("\n", 0, line_end) + 1
    named = ctx.named_between(line_start, line_end)
    if named and named[0].start - line_start <= 4 and line_end - line_start <= 120 and \
            titles_only(ctx.text[line_start:named[0].start]):
        return named[0]
    start = max(line_start, ctx.sentence_start(line_end - 1))
    return _speaker_before(ctx, start, line_end) or UNNAMED
