"""Events (issue 15), tenth round: promises told as assurances, concessions that withdraw a
reform or lift a ban, crowds that take to the streets and the forces of order that disperse
them, met on blind sets Z and AA in the session of 2026-12-07 (eleventh). One sentence or two
each, written for the test (none is from a gold set); the expected sides are what
EVENTS_FORMAT.md asks for."""

from __future__ import annotations

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)


def _one(events, kind):
    chosen = [e for e in events if e.type == kind]
    assert len(chosen) == 1, [(e.type, e.source, e.recipient) for e in events]
    return chosen[0]


def _none(events, kind):
    assert not [e for e in events if e.type == kind], [(e.type, e.source, e.recipient)
                                                       for e in events]


def test_an_assurance_that_a_state_will_act_is_a_promise(enricher):
    event = _one(found(enricher, "Le ministre turkmène des Affaires étrangères, Rachid "
                                 "Meredov, a assuré à l'Union européenne qu'Achgabat "
                                 "respecterait les sanctions contre la Russie."), "AGREE")
    assert [a.country for a in event.source] == ["TM"]
    assert [a.name for a in event.recipient] == ["Union européenne"]


def test_an_assurance_with_no_one_named_promises_to_no_one(enricher):
    event = _one(found(enricher, "Le Premier ministre kirghiz, Adylbek Kassymaliev, a assuré "
                                 "mardi que le Kirghizistan rembourserait sa dette à la Chine "
                                 "dans les délais."), "AGREE")
    assert [a.country for a in event.source] == ["KG"]
    assert list(event.recipient) == []


def test_an_assurance_of_a_forecast_or_a_fact_is_no_promise(enricher):
    _none(found(enricher, "Le ministre kirghiz des Transports a assuré que la ligne "
                          "ferroviaire Chine–Kirghizistan–Ouzbékistan serait opérationnelle "
                          "en 2030."), "AGREE")
    _none(found(enricher, "Le porte-parole du Kremlin, Dmitri Peskov, a assuré que les "
                          "droits des Tadjiks étaient respectés en Russie."), "AGREE")


def test_a_withdrawn_reform_yields_to_the_crowd(enricher):
    event = _one(found(enricher, "NOUKOUS (Ouzbékistan) – Des milliers d'habitants ont "
                                 "manifesté vendredi. Le président Chavkat Mirziyoyev a annoncé "
                                 "samedi le retrait des amendements contestés."), "CONCEDE")
    assert [a.country for a in event.source] == ["UZ"]
    assert [a.country for a in event.recipient] == ["UZ"]


def test_a_government_that_gives_up_a_price_rise_concedes(enricher):
    event = _one(found(enricher, "Le gouvernement tadjik a renoncé jeudi à la hausse de 20 % "
                                 "des tarifs de l'électricité."), "CONCEDE")
    assert [a.country for a in event.source] == ["TJ"]


def test_a_lifted_block_on_networks_is_a_concession_not_a_withdrawal(enricher):
    events = found(enricher, "Les autorités ouzbèkes ont levé mardi le blocage de TikTok et "
                             "de VKontakte, en vigueur depuis deux ans.")
    assert [a.country for a in _one(events, "CONCEDE").source] == ["UZ"]
    _none(events, "RETREAT")


def test_people_who_take_to_the_streets_protest(enricher):
    event = _one(found(enricher, "Des milliers de manifestants sont descendus samedi dans les "
                                 "rues de Noukous, au Karakalpakstan, contre la réforme "
                                 "constitutionnelle."), "PROTEST")
    assert [a.country for a in event.source] == ["UZ"]
    assert event.mode == "demonstrate"


def test_the_forces_of_order_are_the_states(enricher):
    event = _one(found(enricher, "Des centaines d'habitants ont manifesté lundi à Khorog, au "
                                 "Tadjikistan. Les forces de l'ordre ont dispersé la foule à "
                                 "l'aide de gaz lacrymogène."), "ASSAULT")
    assert event.mode == "disperse"
    assert [a.country for a in event.source] == ["TJ"]
    assert [a.country for a in event.recipient] == ["TJ"]


def test_fighters_deployed_are_a_mobilisation(enricher):
    event = _one(found(enricher, "Les talibans ont déployé plusieurs milliers de combattants "
                                 "dans la province de Takhar, près de la frontière tadjike."),
                 "MOBILIZE")
    assert [a.country for a in event.source] == ["AF"]


def test_units_deployed_with_no_agent_are_their_forces(enricher):
    event = _one(found(enricher, "BICHKEK – La nuit a été calme. Des unités de la Garde "
                                 "nationale étaient déployées autour des bâtiments officiels."),
                 "MOBILIZE")
    assert [(a.name, a.country) for a in event.source] == [("Garde nationale", "KG")]


def test_a_ceasefire_between_two_named_states(enricher):
    event = _one(found(enricher, "Un cessez-le-feu est entré en vigueur vendredi soir à la "
                                 "frontière entre le Kirghizistan et le Tadjikistan."), "RETREAT")
    assert event.mode == "ceasefire"
    assert sorted(a.country for a in event.source) == ["KG", "TJ"]
    assert sorted(a.country for a in event.recipient) == ["KG", "TJ"]


def test_a_ceasefire_between_the_two_countries_just_told(enricher):
    events = found(enricher, "Des affrontements ont opposé mardi les gardes-frontières kirghizes "
                             "et tadjiks. Un cessez-le-feu a été conclu jeudi soir entre les "
                             "deux pays.")
    event = _one(events, "RETREAT")
    assert sorted(a.country for a in event.source) == ["KG", "TJ"]


def test_a_phone_talk_between_two_named_presidents(enricher):
    events = found(enricher, "Les combats ont cessé jeudi, après un entretien téléphonique entre "
                             "les présidents Sadyr Japarov et Emomali Rahmon.")
    event = _one(events, "CONSULT")
    assert sorted(a.country for a in event.source) == ["KG", "TJ"]


def test_an_act_done_at_a_leaders_request_is_also_his_request(enricher):
    events = found(enricher, "À la demande du président Kassym-Jomart Tokaïev, l'Organisation "
                             "du traité de sécurité collective (OTSC) a déployé 2 500 soldats "
                             "au Kazakhstan.")
    event = _one(events, "REQUEST")
    assert [a.country for a in event.source] == ["KZ"]
    assert [a.name for a in event.recipient] == ["Organisation du traité de sécurité collective"]
    assert _one(events, "MOBILIZE").source[0].name.startswith("Organisation du traité")


def test_a_leader_accusing_groups_of_his_people(enricher):
    event = _one(found(enricher, "Dans une allocution télévisée, le président kirghiz Sooronbaï "
                                 "Jeenbekov a accusé mardi les partis d'opposition de chercher à "
                                 "s'emparer du pouvoir."), "ACCUSE")
    assert [a.country for a in event.source] == ["KG"]
    assert [(a.name.split()[0], a.country) for a in event.recipient] == [("partis", "KG")]


def test_a_threat_to_crush_rioters_falls_on_the_states_people(enricher):
    event = _one(found(enricher, "ALMATY – Le président Kassym-Jomart Tokaïev a menacé vendredi "
                                 "d'« éliminer » les émeutiers qui refuseraient de se rendre."),
                 "THREATEN")
    assert [a.country for a in event.source] == ["KZ"]
    assert [(a.name, a.country) for a in event.recipient] == [("émeutiers", "KZ")]


def test_the_arrested_are_the_group_not_a_state_in_its_words(enricher):
    event = _one(found(enricher, "BICHKEK – Le Comité d'État pour la sécurité nationale (GKNB) "
                                 "a arrêté dimanche une vingtaine de militants opposés à "
                                 "l'accord frontalier avec l'Ouzbékistan."), "COERCE")
    assert [a.name.split()[0] for a in event.recipient] == ["militants"]
    assert "UZ" not in {a.country for a in event.recipient}
