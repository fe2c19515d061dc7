"""Events (issue 15), fifth round: constructions met on the dev sets in the session of
2026-12-06 (evening), one sentence each, written for the test (none is from a gold set). The
expected (type, source, recipient, status) is what EVENTS_FORMAT.md asks for; sides are country
codes, else names. FIFTH_PRESENT and FIFTH_ABSENT run with the first file's cases
(test_event_constructions.py); the tests here need more than one sentence or side."""

from __future__ import annotations

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)
from tests.enrich.test_events import sides

OSCE = "Organisation pour la sécurité et la coopération en Europe (OSCE)"

FIFTH_PRESENT = [
    ("a-leader-arriving-in-a-capital-visits-it", "Le président turc Recep Tayyip Erdogan est "
     "arrivé vendredi à Achgabat pour une visite officielle.",
     ("CONSULT", ("TR",), ("TM",), "occurred")),
    ("a-verb-conjoined-past-a-quoted-adjective-keeps-the-subject", "Le ministère tadjik des "
     "Affaires étrangères a rejeté ces accusations, qu'il a jugées « infondées », et appelé "
     "Washington à fournir des preuves.", ("REQUEST", ("TJ",), ("US",), "occurred")),
    ("a-gerund-after-tout-en-asks-its-object", "Le Comité pour la protection des journalistes "
     "a salué cette décision, tout en appelant les autorités ouzbèkes à libérer les autres "
     "reporters.", ("REQUEST", ("Comité pour la protection des journalistes",), ("UZ",),
                    "occurred")),
    ("the-second-request-asks-whom-it-names-after-a", "Amnesty International a exhorté les "
     "autorités russes à suspendre les expulsions de migrants et a demandé à Douchanbé "
     "d'ouvrir une enquête.", ("REQUEST", ("Amnesty International",), ("TJ",), "occurred")),
    ("a-ban-s-charge-on-its-target-is-the-banner-s-accusation", "Le ministère kirghiz de la "
     "Culture a ordonné jeudi le blocage pour trois mois du site d'information kirghiz Kaktus "
     "Media, l'accusant de relayer de « fausses informations ».",
     ("ACCUSE", ("KG",), ("KG",), "occurred")),
    ("calling-an-act-reprisals-accuses-its-author", "Human Rights Watch a qualifié mardi les "
     "poursuites engagées par Astana contre le journaliste de « représailles contre une voix "
     "critique ».", ("ACCUSE", ("Human Rights Watch",), ("KZ",), "occurred")),
    ("an-accepted-invitation-plans-the-visit", "Le président kazakh a accepté l'invitation à "
     "se rendre à Paris en 2027.", ("CONSULT", ("KZ",), ("FR",), "announced")),
    ("a-measure-that-another-criticised-is-that-one-s-accusation", "La Turquie a suspendu en "
     "février la délivrance de visas de travail aux ressortissants ouzbeks, invoquant des "
     "« raisons de sécurité », une mesure que Tachkent a vivement critiquée.",
     ("ACCUSE", ("UZ",), ("TR",), "occurred")),
    ("presenting-apologies-to-him-concedes", "Kassym-Jomart Tokaïev s'est entretenu mardi au "
     "téléphone avec le Premier ministre japonais, qui lui a présenté ses excuses.",
     ("CONCEDE", ("JP",), ("KZ",), "occurred")),
    ("withdrawing-accreditation-is-a-ban", "Le ministère ouzbek des Affaires étrangères a "
     "retiré mardi leur accréditation aux journalistes de la radio allemande Deutsche Welle.",
     ("COERCE", ("UZ",), ("DE",), "occurred")),
    ("a-reproach-after-a-ban-is-the-banner-s-accusation", "Le ministère ouzbek des Affaires "
     "étrangères a retiré mardi son accréditation à la radio allemande Deutsche Welle, basée à "
     "Bonn, lui reprochant d'avoir diffusé de « fausses informations ».",
     ("ACCUSE", ("UZ",), ("DE",), "occurred")),
    ("joint-exercises-the-parse-hangs-elsewhere-join-every-party", "Des militaires chinois, "
     "kirghiz et tadjiks ont lancé mardi dans la région d'Issyk-Koul les exercices conjoints "
     "« Montagne 2025 ».", ("COOPERATE", ("CN", "KG", "TJ"), ("CN", "KG", "TJ"), "occurred")),
    ("joint-manoeuvres-with-an-army-named-after-avec", "Des unités de la 201e base militaire "
     "russe ont entamé avec l'armée kirghize des manœuvres conjointes près de Bichkek.",
     ("COOPERATE", ("KG", "RU"), ("KG", "RU"), "occurred")),
    ("a-deputy-petitions-his-own-government", "Le député de la Douma Ilia Tcherkassov a appelé "
     "mardi le gouvernement russe à durcir les règles d'entrée des travailleurs migrants.",
     ("REQUEST", ("RU",), ("RU",), "occurred")),
    ("a-name-after-a-visit-noun-is-its-visitor-s", "L'accord a été conclu à l'occasion d'une "
     "visite du ministre turc de l'Énergie, Alparslan Bayraktar, à Achgabat.",
     ("CONSULT", ("TR",), ("TM",), "occurred")),
    ("a-since-phrase-names-no-party", "Vladimir Poutine a effectué jeudi sa première visite "
     "officielle au Kirghizistan depuis le début de l'invasion de l'Ukraine.",
     ("CONSULT", ("RU",), ("KG",), "occurred")),
    ("the-prosecutor-accuses-one-of-its-people", "BICHKEK – Le parquet accuse la blogueuse "
     "d'avoir appelé à des troubles de masse.", ("ACCUSE", ("KG",), ("KG",), "occurred")),
]

FIFTH_ABSENT: list[tuple[str, str, str]] = [
    ("what-a-state-builds-in-a-present-relative-is-no-act", "Le Tadjikistan, qui construit de "
     "son côté le barrage de Rogoun, suit le projet kirghiz avec méfiance.", "COOPERATE"),
    ("an-invitation-alone-is-no-visit", "Le président ouzbek a invité mardi Joe Biden à se "
     "rendre à Tachkent.", "CONSULT"),
    ("goods-arriving-visit-no-one", "Le blé kazakh arrive désormais en Afghanistan par la "
     "voie ferrée de Termez.", "CONSULT"),
]


def test_a_guest_received_in_the_passive_points_back_to_the_one_told_before(enricher):
    events = found(enricher, "Le président turc Recep Tayyip Erdogan a achevé lundi sa tournée de "
                             "la région. Il a été reçu à Samarcande par le président ouzbek "
                             "Chavkat Mirziyoyev.")
    assert ("CONSULT", ("TR",), ("UZ",), "occurred") in {sides(e) for e in events}


def test_a_state_does_not_expel_its_own_nationals_the_other_state_named_does(enricher):
    events = found(enricher, "Douchanbé s'inquiète du sort de ses travailleurs migrants en "
                             "Russie. Selon le ministère russe de l'Intérieur, plus de 12 000 "
                             "ressortissants tadjiks ont été expulsés depuis janvier.")
    coerced = [sides(e) for e in events if e.type == "COERCE"]
    assert coerced == [("COERCE", ("RU",), ("TJ",), "occurred")]


def test_the_charges_of_the_ngo_are_those_of_the_last_organisation_named(enricher):
    events = found(enricher, "ACHGABAT – Sept militants turkmènes ont été arrêtés à leur retour "
                             "au Turkménistan. Selon Human Rights Watch, ils risquent la "
                             "torture. Le ministère turc de l'Intérieur a rejeté les accusations "
                             "de l'ONG, affirmant que les trois hommes étaient en situation "
                             "irrégulière.")
    rejects = [sides(e) for e in events if e.type == "REJECT"]
    assert rejects == [("REJECT", ("TR",), ("Human Rights Watch",), "occurred")]


def test_a_city_where_a_summit_met_is_no_party_to_a_refusal(enricher):
    events = found(enricher, "Le porte-parole de la présidence kazakhe a annoncé mardi "
                             "qu'Astana déclinait l'offre formulée par le groupe lors du sommet "
                             "de Kazan.")
    assert not [e for e in events if e.type == "REJECT" and sides(e)[2] == ("RU",)]


def test_the_government_s_spokesman_speaks_for_the_story_s_state(enricher):
    events = found(enricher, "ASTANA – L'ambassade des États-Unis a exprimé mardi son inquiétude "
                             "après la fermeture de la chaîne. Le porte-parole du gouvernement a "
                             "rejeté les critiques de l'OSCE.")
    rejects = [sides(e) for e in events if e.type == "REJECT"]
    assert rejects == [("REJECT", ("KZ",), (OSCE,), "occurred")]


def test_an_accepted_invitation_plans_the_guest_s_visit_and_the_guest_accepts(enricher):
    events = {sides(e) for e in found(enricher, "Le président turkmène a invité Xi Jinping à "
                                                "effectuer une visite d'État à Achgabat, une "
                                                "invitation que ce dernier a acceptée.")}
    assert {("CONSULT", ("CN",), ("TM",), "announced"), ("AGREE", ("TM",), ("CN",), "occurred"),
            ("AGREE", ("CN",), ("TM",), "occurred")} <= events


def test_the_grant_of_loans_to_the_region_s_countries_is_aid(enricher):
    events = found(enricher, "ASTANA – Le sommet Chine-Asie centrale s'est ouvert mardi. Pékin a "
                             "annoncé l'octroi aux cinq pays de la région de 2 milliards de "
                             "yuans de prêts.")
    aid = [sides(e) for e in events if e.type == "AID"]
    assert aid and aid[0][1] == ("CN",) and {"KG", "KZ", "TJ", "TM", "UZ"} <= set(aid[0][2])


def test_a_declaration_named_after_a_city_is_signed_by_those_told_before(enricher):
    events = found(enricher, "Le président sud-coréen a reçu mardi à Séoul les dirigeants des "
                             "cinq pays d'Asie centrale. Les six dirigeants ont adopté une "
                             "déclaration de Séoul sur l'énergie.")
    support = [sides(e) for e in events if e.type == "SUPPORT"]
    assert support and {"KR", "KZ", "UZ"} <= set(support[0][1]) == set(support[0][2])


def test_those_arrested_by_a_pronoun_are_the_group_named_before(enricher):
    for text in ("ALMATY – Une centaine de militants ont manifesté samedi contre la centrale "
                 "nucléaire. La police en a interpellé cinq.",
                 "ALMATY – Une centaine de militants ont manifesté samedi contre la centrale "
                 "nucléaire. La police les a interpellés au bout de quelques minutes."):
        coerced = [e for e in found(enricher, text) if e.type == "COERCE"]
        assert [(sides(e), [a.name for a in e.recipient]) for e in coerced] == [
            (("COERCE", ("KZ",), ("KZ",), "occurred"), ["militants"])], text
