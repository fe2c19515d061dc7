"""Events (issue 15), eighth round: who protests and at whom, met on blind set W in the session
of 2026-12-06 (night). One sentence or two each, written for the test (none is from a gold
set); the expected sides are what EVENTS_FORMAT.md asks for. Groups the KB cannot know are
named as the sentence names them, with their country, so that readers see who marched and the
relations count their state's people."""

from __future__ import annotations

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)


def _one(events, kind):
    chosen = [e for e in events if e.type == kind]
    assert len(chosen) == 1, [(e.type, e.source, e.recipient) for e in events]
    return chosen[0]


def test_a_picket_before_an_embassy_is_aimed_at_its_state(enricher):
    event = _one(found(enricher, "Mercredi, une trentaine de militants d'un mouvement "
                                 "nationaliste ont tenu un piquet devant l'ambassade de Chine à "
                                 "Astana pour dénoncer l'accord gazier."), "PROTEST")
    assert [a.country for a in event.source] == ["KZ"] and event.source[0].entity_id is None
    assert "militants" in event.source[0].name
    assert [a.country for a in event.recipient] == ["CN"]


def test_people_gathered_in_a_town_are_of_its_country(enricher):
    event = _one(found(enricher, "Tachkent a réduit ce mois-ci les débits d'eau vers ses "
                                 "voisins, selon le ministère ouzbek de l'Eau. Mardi, une "
                                 "centaine d'agriculteurs ont manifesté à Och pour réclamer des "
                                 "garanties."), "PROTEST")
    assert [a.country for a in event.source] == ["KG"] and event.recipient == []


def test_the_body_a_crowd_gathers_before_is_named_as_written(enricher):
    event = _one(found(enricher, "ALMATY – Plusieurs centaines de commerçants se sont "
                                 "rassemblés mercredi devant la mairie pour exiger des "
                                 "indemnités."), "PROTEST")
    assert [(a.name, a.country) for a in event.source] == [
        ("Plusieurs centaines de commerçants", "KZ")]
    assert [(a.name, a.country) for a in event.recipient] == [("mairie", "KZ")]


def test_a_strike_is_aimed_at_the_strikers_employer(enricher):
    event = _one(found(enricher, "Environ 400 employés de la société Kazburservice se sont mis "
                                 "en grève lundi à Janaozen, dans l'ouest du Kazakhstan."),
                 "PROTEST")
    assert event.mode == "strike"
    assert [(a.name, a.country) for a in event.recipient] == [("Kazburservice", "KZ")]


def test_strikers_who_accuse_a_company_are_the_source(enricher):
    event = _one(found(enricher, "ATYRAOU (Kazakhstan) – Les grévistes accusent également "
                                 "Tengizchevroil de fermer les yeux sur les conditions de "
                                 "travail de ses sous-traitants."), "ACCUSE")
    assert [(a.name, a.country) for a in event.source] == [("Les grévistes", "KZ")]


def test_a_person_is_named_both_ways_when_the_kb_spells_him_otherwise(enricher):
    event = _one(found(enricher, "La police ouzbèke a interpellé samedi à Noukous le "
                                 "journaliste Dauletmurat Tajimuratov."), "COERCE")
    assert [a.name for a in event.recipient] == [
        "Dauletmurat Tajimuratov (Dauletmourat Tajimouratov)"]


def test_whom_a_dative_relative_addresses_is_the_party_named_before_it(enricher):
    event = _one(found(enricher, "Le président Emomali Rahmon s'est entretenu mercredi au "
                                 "téléphone avec Vladimir Poutine, auquel il a demandé de "
                                 "protéger les migrants tadjiks."), "REQUEST")
    assert [a.country for a in event.source] == ["TJ"]
    assert [a.country for a in event.recipient] == ["RU"]


def test_a_crowd_the_police_disperses_is_the_state_s_own_people(enricher):
    event = _one(found(enricher, "NOUKOUS (Ouzbékistan) – Des milliers de manifestants sont "
                                 "descendus vendredi dans les rues de Noukous. La police a "
                                 "dispersé les manifestants samedi."), "ASSAULT")
    assert event.mode == "disperse"
    assert [a.country for a in event.source] == ["UZ"]
    assert [a.country for a in event.recipient] == ["UZ"]


def test_protesters_arrested_after_marching_are_the_targets(enricher):
    event = _one(found(enricher, "ALMATY – Une vingtaine de militants écologistes ont manifesté "
                                 "dimanche à Almaty avant d'être interpellés par la police."),
                 "COERCE")
    assert [a.country for a in event.source] == ["KZ"]
    assert [(a.country, a.name) for a in event.recipient] == [
        ("KZ", "Une vingtaine de militants écologistes")]


def test_measures_denounced_after_a_talk_are_the_last_hostile_act_s(enricher):
    events = found(enricher, "L'Union européenne a imposé mardi des sanctions à deux banques "
                             "kirghizes. Le président kirghiz s'est entretenu le même jour avec "
                             "son homologue kazakh. Le Kremlin a de son côté dénoncé des "
                             "sanctions « illégitimes ».")
    accusations = [e for e in events if e.type == "ACCUSE" and
                   [a.country for a in e.source] == ["RU"]]
    assert len(accusations) == 1
    assert "Union européenne" in accusations[0].recipient[0].name
