"""What each event type allows, in sets of PLOVER types: which may have no recipient, which a
state may do to its own people, which a pluperfect or a present relative clause still tells
as news, which parties named together do with each other. The extractor's choices per type,
gathered so that each is read in one place (each measured on the dev set: NOTES.md, Events)."""

from __future__ import annotations

# the format allows no recipient for AGREE, CONSULT, SUPPORT and RETREAT too, but there an
# empty side is mostly a recipient the sentence left to the one before: precision first
NO_RECIPIENT_OK = frozenset({"CONCEDE", "PROTEST", "MOBILIZE"})
# acts a state does to its own people (arrests, crackdowns, protests) are events; a state
# meeting, praising or helping itself is a reading error
DOMESTIC_OK = frozenset({"COERCE", "ACCUSE", "ASSAULT", "PROTEST", "RETREAT", "CONCEDE"})
# acts whose target, when the sentence names none, is the country the story is about
IMPLICIT_TARGET = frozenset({"AID", "ACCUSE", "SUPPORT", "THREATEN", "AGREE", "COOPERATE"})
# acts that parties named together as the subject do with each other when the sentence names
# no one else (PLOVER codes them once, every party on both sides)
JOINT = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "ASSAULT", "RETREAT"})
ANSWERS = frozenset({"REJECT"})  # with no target named, answers the event just before
# what a denial answers
CHARGES = frozenset({"ACCUSE", "REQUEST", "SANCTION", "THREATEN", "COERCE"})
# acts a pluperfect still tells as news (« Amnesty, qui avait demandé sa libération … », « La
# veille, M. Xi avait été reçu par M. Tokaïev »); any other act in the pluperfect is background
# when its sentence says it is older than the news (« avait déjà », « en 2023 »: status.long_ago;
# dev set with blind X: +19 events found for 3 wrong), and aid or a visit in a relative clause
TOLD_BEFORE = frozenset({"REQUEST", "AID", "CONSULT"})
# acts that a relative clause in the present tells as what an actor does, not as news
HABITUAL = frozenset({"AID", "SUPPORT", "CONSULT", "COOPERATE"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN"})
# acts whose target may be a group of people the KB cannot know (« six des militants »)
GROUP_TARGET = frozenset({"COERCE", "RETREAT", "ASSAULT"})
# types an event of which one named party can state (the other implicit or none): a sentence
# with a single actor is parsed only for these
ONE_PARTY = DOMESTIC_OK | IMPLICIT_TARGET | ANSWERS | frozenset({"MOBILIZE", "REQUEST"})
