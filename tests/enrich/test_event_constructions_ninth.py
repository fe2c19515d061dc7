"""Events (issue 15), ninth round: parser slips mended, officials who meet their own people, and
the pluperfect of the news' own days, met on blind set X in the session of 2026-12-07. One
sentence or two each, written for the test (none is from a gold set); the expected sides are
what EVENTS_FORMAT.md asks for."""

from __future__ import annotations

import pytest

from steppe.enrich.events.parsing import parse
from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)


def _one(events, kind):
    chosen = [e for e in events if e.type == kind]
    assert len(chosen) == 1, [(e.type, e.source, e.recipient) for e in events]
    return chosen[0]


def test_a_name_then_a_finite_verb_is_the_verbs_subject():
    # the parser reads « Achgabat réclame » as a name with a clause on it, the name the root
    doc = parse(["Achgabat réclame à Téhéran le paiement d'une dette de 1,8 milliard de dollars "
                 "pour des livraisons effectuées en 2007 et 2008."])[0]
    verb = next(t for t in doc if t.text == "réclame")
    assert verb.dep_ == "ROOT" and verb.head.i == verb.i
    assert [(t.text, t.dep_) for t in verb.children if t.dep_ == "nsubj"] == [
        ("Achgabat", "nsubj")]
    assert len([t for t in doc if t.dep_ == "ROOT"]) == 1


def test_a_name_cut_before_a_second_root_joins_its_phrase(enricher):
    doc = parse(["Plus de 800 employés de la société Burgylau Servis sont en grève depuis "
                 "lundi."])[0]
    assert len([t for t in doc if t.dep_ == "ROOT"]) == 1
    assert next(t for t in doc if t.text == "employés").dep_ == "nsubj"
    event = _one(found(enricher, "Le conflit dure. Plus de 800 employés de la société Burgylau "
                                 "Servis sont en grève depuis lundi à Janaozen, dans l'ouest du "
                                 "Kazakhstan."), "PROTEST")
    assert event.source[0].name.startswith("Plus de 800 employés")
    assert [a.country for a in event.source] == ["KZ"]


def test_the_second_of_two_verbs_keeps_its_object(enricher):
    event = _one(found(enricher, "ALMATY – Plusieurs centaines d'habitants ont manifesté "
                                 "samedi. La police a dispersé le rassemblement en fin "
                                 "d'après-midi et interpellé une dizaine de manifestants, dont "
                                 "deux militants écologistes connus."), "COERCE")
    assert event.mode == "arrest"
    assert [a.country for a in event.source] == ["KZ"]
    assert [(a.name, a.country) for a in event.recipient] == [("manifestants", "KZ")]


def test_a_governor_the_kb_does_not_place_meets_the_strikers(enricher):
    event = _one(found(enricher, "JANAOZEN (Kazakhstan) – Les employés de la société "
                                 "Kazburservice sont en grève depuis lundi. Le gouverneur de la "
                                 "région, Nourlan Saparbekov, a rencontré mardi les grévistes "
                                 "sur la place centrale."), "CONSULT")
    assert [a.country for a in event.source] == ["KZ"]
    assert [(a.name, a.country) for a in event.recipient] == [("les grévistes", "KZ")]


def test_an_akim_receives_a_delegation_of_strikers(enricher):
    event = _one(found(enricher, "JEZKAZGAN (Kazakhstan) – Des mineurs de Kazakhmys ont cessé "
                                 "le travail lundi. L'akim de la région a reçu mercredi une "
                                 "délégation de grévistes."), "CONSULT")
    assert [(a.name, a.country) for a in event.source] == [("une délégation de grévistes", "KZ")]
    assert [a.country for a in event.recipient] == ["KZ"]


def test_the_pluperfect_of_the_news_days_is_news(enricher):
    event = _one(found(enricher, "BICHKEK – Les chauffeurs de minibus ont repris le travail "
                                 "jeudi. La police avait interpellé mardi six chauffeurs qui "
                                 "bloquaient l'avenue Tchouï."), "COERCE")
    assert [a.country for a in event.source] == ["KG"]
    assert [a.country for a in event.recipient] == ["KG"]


def test_the_pluperfect_of_an_earlier_past_is_background(enricher):
    events = found(enricher, "ASTANA – Moscou a levé mardi ses restrictions sur la farine "
                             "kazakhe. Le Kazakhstan avait déjà interdit le blé russe sur son "
                             "territoire.")
    assert not [e for e in events if e.type == "SANCTION"], events
    events = found(enricher, "ASTANA – Moscou a levé mardi ses restrictions sur la farine "
                             "kazakhe. En 2023, le Kazakhstan avait interdit le blé russe sur "
                             "son territoire.")
    assert not [e for e in events if e.type == "SANCTION"], events


def test_a_visitors_own_state_named_after_the_visit_is_not_its_host(enricher):
    event = _one(found(enricher, "Le président iranien Massoud Pezechkian est arrivé mercredi à "
                                 "Douchanbé pour une visite d'État de deux jours, la première "
                                 "d'un chef d'État iranien au Tadjikistan depuis plusieurs "
                                 "années."), "CONSULT")
    assert event.mode == "visit"
    assert {a.country for a in event.source} == {"IR"}
    assert [a.country for a in event.recipient] == ["TJ"]


def test_a_visit_in_the_opening_participle_clause_is_the_subjects(enricher):
    events = found(enricher, "ASTANA – Arrivé mardi pour une visite d'État, Xi Jinping a lancé "
                             "mercredi avec M. Tokaïev une nouvelle ligne de fret ferroviaire.")
    event = next(e for e in events if e.type == "CONSULT")
    assert event.mode == "visit"
    assert [(a.name, a.country) for a in event.source] == [("Xi Jinping", "CN")]
    assert [a.country for a in event.recipient] == ["KZ"]


@pytest.mark.parametrize("text, kind, mode, source, recipient", [
    ("Le gouvernement kirghize a pris samedi le contrôle de la mine d'or de Koumtor, exploitée "
     "par le canadien Centerra Gold.", "COERCE", "seize", "KG", "CA"),
    ("Les garde-côtes iraniens ont arraisonné dimanche en mer Caspienne un navire kazakh.",
     "COERCE", "seize", "IR", "KZ"),
    ("Le ministère kazakh des Affaires étrangères a privé de leur accréditation 36 journalistes "
     "de la radio américaine Azattyk.", "COERCE", "ban", "KZ", "US"),
], ids=["take-control-of-a-mine", "board-a-ship", "strip-accreditation"])
def test_lexicon_of_the_ninth_round(enricher, text, kind, mode, source, recipient):
    event = _one(found(enricher, text), kind)
    assert event.mode == mode
    assert {a.country for a in event.source} == {source}
    assert recipient in {a.country for a in event.recipient}


def test_a_yielding_with_an_easing_is_a_concession(enricher):
    event = _one(found(enricher, "BICHKEK – Des chauffeurs kirghiz bloquent la frontière depuis "
                                 "lundi. Jeudi, Astana a finalement accepté d'alléger les "
                                 "contrôles pour les camions kirghiz."), "CONCEDE")
    assert [a.country for a in event.source] == ["KZ"]


def test_messieurs_does_not_end_a_sentence(enricher):
    events = found(enricher, "Vladimir Poutine est arrivé à Pékin mardi. MM. Xi et Poutine "
                             "se sont entretenus pendant près d'une heure.")
    talks = [e for e in events if e.type == "CONSULT" and "entretenus" in e.text]
    assert len(talks) == 1 and talks[0].text.startswith("MM. Xi"), events
    assert "RU" in {a.country for a in talks[0].source}


def test_an_object_that_counts_the_parties_stands_for_them(enricher):
    event = _one(found(enricher, "BICHKEK – Des affrontements ont opposé lundi les "
                                 "gardes-frontières kirghiz et tadjiks. Moscou a appelé les deux "
                                 "capitales à « faire preuve de retenue »."), "REQUEST")
    assert [a.country for a in event.source] == ["RU"]
    assert sorted(a.country for a in event.recipient) == ["KG", "TJ"]


def test_a_count_the_article_cannot_fill_names_no_one(enricher):
    events = found(enricher, "Moscou a appelé les deux capitales à « faire preuve de "
                             "retenue ».")
    assert not [e for e in events if e.type == "REQUEST"], events


def test_a_state_of_emergency_falls_on_the_state_and_stays_apart_from_an_arrest(enricher):
    events = found(enricher, "NOUKOUS – Le président Chavkat Mirziyoyev a décrété samedi l'état "
                             "d'urgence dans la république autonome du Karakalpakstan. Le "
                             "journaliste Daouletmourat Tajimouratov a été arrêté dimanche.")
    coerced = [e for e in events if e.type == "COERCE"]
    assert len(coerced) == 2, events
    assert all([a.country for a in e.source] == ["UZ"] for e in coerced)
    assert {a.name for e in coerced for a in e.recipient} >= {"Ouzbékistan"}


def test_an_invitation_to_a_title_goes_to_the_guest_just_met(enricher):
    events = found(enricher, "ASTANA – Le chancelier allemand Friedrich Merz est arrivé lundi à "
                             "Astana. M. Tokaïev a par ailleurs invité le chancelier à effectuer "
                             "une visite officielle au Kazakhstan l'an prochain.")
    event = _one(events, "AGREE")
    assert [a.country for a in event.source] == ["KZ"]
    assert [a.country for a in event.recipient] == ["DE"]


def test_a_sentence_after_a_long_list_of_the_condemned_is_a_coercion(enricher):
    events = found(enricher, "BICHKEK – Le tribunal du district Pervomaïski de Bichkek a "
                             "condamné jeudi la journaliste Makhabat Tajibek kyzy, directrice "
                             "du média d'investigation Temirov Live, et son collègue Azamat "
                             "Ichenbekov à respectivement six et cinq ans de prison.")
    assert not [e for e in events if e.type == "ACCUSE"], events
    event = _one(events, "COERCE")
    assert [a.country for a in event.source] == ["KG"]


def test_a_threat_to_take_a_dispute_to_a_body_is_aimed_at_the_other_party(enricher):
    events = found(enricher, "BICHKEK – Bichkek a accusé mardi Astana de bloquer ses camions "
                             "à la frontière. Le Premier ministre kirghize "
                             "Adylbek Kassymaliev a menacé de saisir la Commission économique "
                             "eurasiatique si la situation n'était pas réglée.")
    event = _one(events, "THREATEN")
    assert [a.country for a in event.source] == ["KG"]
    assert [a.country for a in event.recipient] == ["KZ"]


def test_no_state_coerces_itself(enricher):
    events = found(enricher, "WASHINGTON – Le Trésor américain a sanctionné jeudi la banque "
                             "kirghize Keremet Bank. Les avoirs de la banque aux États-Unis "
                             "sont gelés.")
    assert not [e for e in events if e.type == "COERCE" and {a.country for a in e.source}
                == {a.country for a in e.recipient} == {"US"}], events
    assert [e for e in events if e.type == "SANCTION"], events


def test_the_management_is_the_company_last_named(enricher):
    events = found(enricher, "JEZKAZGAN (Kazakhstan) – Des centaines de mineurs de la société "
                             "Kazakhmys ont cessé le travail lundi pour réclamer une hausse de "
                             "leurs salaires. La direction a finalement accepté mercredi une "
                             "augmentation de 30 %.")
    event = _one(events, "CONCEDE")
    assert [(a.name, a.country) for a in event.source] == [("Kazakhmys", "KZ")]


def test_a_management_with_no_company_named_is_no_party(enricher):
    events = found(enricher, "Des centaines de mineurs ont cessé le travail lundi à Jezkazgan, "
                             "au Kazakhstan. La direction a finalement accepté mercredi une "
                             "augmentation de 30 %.")
    assert not [e for e in events if e.type == "CONCEDE"], events
