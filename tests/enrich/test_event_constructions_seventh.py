"""Events (issue 15), seventh round: constructions met on the dev sets in the session of
2026-12-06 (evening), one sentence each, written for the test (none is from a gold set). The
expected (type, source, recipient, status) is what EVENTS_FORMAT.md asks for; sides are country
codes, else names. SEVENTH_PRESENT and SEVENTH_ABSENT run with the first file's cases
(test_event_constructions.py); the tests here need more than one sentence or side."""

from __future__ import annotations

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)
from tests.enrich.test_events import sides

SEVENTH_PRESENT = [
    ("names-in-a-relative-on-the-partner-are-no-parties", "En marge du sommet, le président "
     "chinois s'est entretenu avec Chavkat Mirziyoyev, avec lequel il est convenu de relancer "
     "la ligne ferroviaire Chine–Kirghizistan–Ouzbékistan.",
     ("CONSULT", ("CN", "UZ"), ("CN", "UZ"), "occurred")),
    ("an-old-date-of-a-thing-asked-for-is-not-the-request-s", "Le président ouzbek a demandé à "
     "Washington l'abrogation de cet amendement, une loi de 1974 qui s'applique encore aux pays "
     "de la région.", ("REQUEST", ("UZ",), ("US",), "occurred")),
    ("a-pronoun-after-an-eventless-sentence-is-its-named-subject", "Gazprom a menacé mercredi "
     "de réduire ses livraisons au Kirghizistan. Le chef du cabinet des ministres, Adylbek "
     "Kassymaliev, a indiqué que l'État paierait « dans les délais ». Il a également demandé à "
     "Gazprom d'accorder un rééchelonnement de la dette.",
     ("REQUEST", ("KG",), ("RU",), "occurred")),
    ("an-envoy-named-before-asks-with-his-body", "L'envoyé spécial de l'UE pour les sanctions, "
     "David O'Sullivan, a effectué la semaine dernière une tournée dans la région. Reçu le 18 "
     "novembre à Astana par le vice-ministre kazakh des Affaires étrangères, il a demandé un "
     "contrôle renforcé des réexportations.",
     ("REQUEST", ("David O'Sullivan", "Union européenne (UE)"), ("KZ",), "occurred")),
    ("people-who-demonstrate-are-the-story-s-people", "ALMATY – Plusieurs dizaines de personnes "
     "ont manifesté mardi dans le centre d'Almaty contre la hausse des tarifs.",
     ("PROTEST", ("KZ",), (), "occurred")),
    ("some-of-them-arrested-are-the-protesters", "ALMATY – Une cinquantaine de militants "
     "écologistes ont manifesté dimanche à Almaty ; la police a interpellé une dizaine d'entre "
     "eux.", ("COERCE", ("KZ",), ("KZ",), "occurred")),
    ("two-of-the-organisers-arrested-with-the-number-read-apart", "BICHKEK – Une cinquantaine "
     "d'habitants ont manifesté devant la mairie. La police a interpellé deux des "
     "organisateurs, accusés d'incitation à la haine.",
     ("COERCE", ("KG",), ("KG",), "occurred")),
    ("a-decision-greeted-is-the-last-act-s-author-s", "La Russie a levé mardi l'embargo sur les "
     "tomates ouzbèkes. Le ministère ouzbek de l'Agriculture a salué une décision « attendue ».",
     ("SUPPORT", ("UZ",), ("RU",), "occurred")),
    ("a-visit-s-host-is-the-place-not-a-name-in-its-occasion", "Le président iranien, Massoud "
     "Pezechkian, a effectué vendredi sa première visite au Turkménistan, à l'occasion du forum "
     "consacré au poète Magtymguly Pyragy.", ("CONSULT", ("IR",), ("TM",), "occurred")),
    ("tariffs-raised-to-a-percentage", "Tachkent a relevé à 30 % les droits de douane sur le "
     "ciment importé du Kazakhstan.", ("SANCTION", ("UZ",), ("KZ",), "occurred")),
    ("a-denial-answers-the-accuser-not-its-own-state", "Douchanbé a accusé Kaboul d'avoir "
     "laissé tirer des roquettes sur son territoire. Le porte-parole du gouvernement taliban, "
     "Zabihullah Moudjahid, a démenti toute implication de Kaboul.",
     ("REJECT", ("AF",), ("TJ",), "occurred")),
    ("expected-somewhere-after-a-time-phrase-is-a-visit", "Le secrétaire du Conseil de "
     "sécurité russe, Sergueï Choïgou, est attendu la semaine prochaine à Douchanbé.",
     ("CONSULT", ("RU",), ("TJ",), "announced")),
    ("warned-they-could-suffer-the-same-fate-threatens", "Washington a averti les banques "
     "kazakhes qu'elles pourraient subir le même sort.",
     ("THREATEN", ("US",), ("KZ",), "occurred")),
    ("accepted-to-raise-the-compensation-concedes", "BICHKEK – Des habitants ont manifesté "
     "devant la mairie. Le gouvernement kirghize a accepté de relever les indemnités versées "
     "aux familles.", ("CONCEDE", ("KG",), ("KG",), "occurred")),
    ("people-counted-by-an-occupation-are-arrested", "ACHGABAT – Des agents du ministère de la "
     "Sécurité nationale ont arrêté mardi à Mary deux informaticiens soupçonnés d'avoir vendu "
     "des accès VPN.", ("COERCE", ("TM",), ("TM",), "occurred")),
    ("lifting-a-measure-asks-its-author-past-a-call", "Moscou a suspendu jeudi les importations "
     "de blé kazakh. Le ministre kazakh de l'Agriculture s'est entretenu par téléphone vendredi "
     "avec son homologue russe. Astana a demandé la levée rapide de la mesure.",
     ("REQUEST", ("KZ",), ("RU",), "occurred")),
]

SEVENTH_ABSENT: list[tuple[str, str, str]] = [
    ("a-verdict-expected-in-a-town-is-no-visit", "Le verdict est attendu la semaine prochaine "
     "à Bichkek.", "CONSULT"),
]


def test_a_talk_of_two_on_a_summit_s_margins_is_an_event_of_its_own(enricher):
    events = found(enricher, "Le sommet Russie–Asie centrale a réuni à Douchanbé les présidents "
                             "Kassym-Jomart Tokaïev, Sadyr Japarov, Emomali Rahmon, Serdar "
                             "Berdimoukhamedov et Chavkat Mirziyoyev autour de Vladimir Poutine. "
                             "En marge du sommet, Vladimir Poutine s'est entretenu avec Sadyr "
                             "Japarov.")
    consults = [sides(e) for e in events if e.type == "CONSULT"]
    assert ("CONSULT", ("KG", "RU"), ("KG", "RU"), "occurred") in consults
    assert len(consults) == 2
