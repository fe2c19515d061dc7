"""Events (issue 15): who did what to whom, typed by PLOVER, found in French text.

Data flows: ``lexicon`` (trigger words, a data file) picks candidate sentences cheaply;
``actors`` lists the linked entities of a sentence as actors (a leader, ministry or capital
stands for its state); only sentences with a trigger and an actor are parsed (``parsing``);
``roles`` reads source and recipient off the dependency parse; ``status`` reads tense, mood
and negation; ``extract`` puts them together, one event per (type, source, recipient).
"""
