"""Events (issue 15), fourth round: constructions met on the dev sets in the session of
2026-12-06 (afternoon), one sentence each, written for the test (none is from a gold set). The
expected (type, source, recipient, status) is what EVENTS_FORMAT.md asks for; sides are country
codes, else names. FOURTH_PRESENT and FOURTH_ABSENT run with the first file's cases
(test_event_constructions.py); the tests here need more than one side or type."""

from __future__ import annotations

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)
from tests.enrich.test_events import sides

FOURTH_PRESENT = [
    ("nationals-held-abroad-are-held-by-the-state-there", "Des dizaines de ressortissants "
     "kirghiz ont été interpellés mardi lors de contrôles menés par la police russe à "
     "Ekaterinbourg.", ("COERCE", ("RU",), ("KG",), "occurred")),
    ("a-protest-before-the-parliament-is-aimed-at-the-state", "Une centaine d'habitants se "
     "sont rassemblés mardi devant le Parlement à Bichkek pour protester contre la hausse des "
     "tarifs.", ("PROTEST", ("KG",), ("KG",), "occurred")),
    ("a-street-protest-names-no-target", "Plusieurs centaines de commerçants ont manifesté "
     "mardi dans le centre de Bichkek contre la hausse des loyers.",
     ("PROTEST", ("KG",), (), "occurred")),
    ("a-visit-the-day-before-in-the-pluperfect-is-news", "La veille, le président chinois Xi "
     "Jinping avait été reçu à Astana par Kassym-Jomart Tokaïev.",
     ("CONSULT", ("CN",), ("KZ",), "occurred")),
    ("at-the-request-of-asks-who-acted", "Fin octobre, le gouvernement kazakh a soumis à "
     "licence les exportations vers la Russie de biens à double usage, à la demande de l'Union "
     "européenne.", ("REQUEST", ("Union européenne",), ("KZ",), "occurred")),
    ("a-clause-of-its-own-after-tandis-que-has-its-own-subject", "Pékin s'est engagé à "
     "importer davantage de produits agricoles kazakhs, tandis qu'Astana a promis d'accélérer "
     "la délivrance des permis aux entreprises chinoises.", ("AGREE", ("CN",), ("KZ",),
                                                              "occurred")),
    ("an-opening-name-read-as-an-oblique-is-the-subject", "Tachkent, principal partenaire "
     "commercial de Kaboul dans la région, s'est engagé à porter les échanges à 3 milliards de "
     "dollars.", ("AGREE", ("UZ",), ("AF",), "occurred")),
    ("an-invitation-to-the-white-house-is-an-agreement", "Donald Trump a invité jeudi "
     "Kassym-Jomart Tokaïev à la Maison-Blanche.", ("AGREE", ("US",), ("KZ",), "occurred")),
    ("a-since-phrase-past-the-parsed-words-dates-nothing", "Achgabat et Ankara ont signé jeudi "
     "un mémorandum sur le transit de gaz turkmène vers la Turquie à travers le territoire "
     "iranien, une première depuis l'arrêt des échanges en 2017.",
     ("SUPPORT", ("TM", "TR"), ("TM", "TR"), "occurred")),
    ("a-declaration-adopted-together-needs-no-common-in-its-name", "Le Kazakhstan et les "
     "États-Unis ont adopté jeudi une déclaration sur les minerais critiques.",
     ("SUPPORT", ("KZ", "US"), ("KZ", "US"), "occurred")),
    ("listed-on-a-blacklist-is-sanctioned", "Le 12 juin, le département américain du Trésor a "
     "inscrit sur sa liste noire la banque kirghize Keremet Bank.",
     ("SANCTION", ("US",), ("KG",), "occurred")),
    ("the-listing-of-companies-in-a-package", "L'Union européenne a confirmé l'inscription de "
     "trois entreprises kazakhes sur la liste du seizième paquet de sanctions.",
     ("SANCTION", ("Union européenne",), ("KZ",), "occurred")),
]

FOURTH_ABSENT: list[tuple[str, str, str]] = [
    ("a-visit-in-a-pluperfect-relative-is-background", "Le président Tokaïev, qui avait reçu "
     "Vladimir Poutine à Astana en novembre 2024, a défendu mardi un choix « technique ».",
     "CONSULT"),
    ("aid-in-a-present-relative-is-what-the-body-does", "L'Union européenne, qui finance "
     "plusieurs projets de développement dans le Pamir, a appelé mardi Douchanbé au dialogue.",
     "AID"),
    ("what-suits-is-no-agreement", "Pour les analystes, l'approche transactionnelle de Donald "
     "Trump convient aux dirigeants de l'Ouzbékistan.", "AGREE"),
    ("an-invitation-to-a-forum-is-no-request", "Pékin a par ailleurs invité le président "
     "kazakh Kassym-Jomart Tokaïev au forum des Nouvelles routes de la soie.", "REQUEST"),
    ("aid-needed-is-no-aid-given", "Selon l'ONU, plus de 28 millions d'Afghans ont besoin "
     "d'une aide humanitaire, a rappelé mardi à Tachkent le ministre ouzbek des Affaires "
     "étrangères.", "AID"),
    ("a-demonstrative-points-back-to-an-act-told-before", "Astana a dit regretter que Moscou "
     "n'ait pas réagi à cet ultimatum.", "THREATEN"),
    ("at-risk-of-extradition-is-no-threat", "Astana : un déserteur russe menacé d'extradition",
     "THREATEN"),
]


def test_where_the_expelled_are_sent_is_no_party(enricher):
    events = found(enricher, "Les autorités kirghizes ont extradé jeudi vers le Tadjikistan "
                             "Rustam Nazarov, un opposant qui avait fui son pays en 2019.")
    deport = [sides(e) for e in events if e.type == "COERCE"]
    assert deport and all(s[1] == ("KG",) and "TJ" not in s[2] for s in deport), deport


def test_the_countries_of_the_region_are_its_states(enricher):
    events = found(enricher, "À Samarcande, Ursula von der Leyen a appelé vendredi les pays de "
                             "la région à empêcher le contournement des sanctions contre la "
                             "Russie.")
    asked = [set(sides(e)[2]) for e in events if e.type == "REQUEST"]
    assert asked and all({"KZ", "KG", "TJ", "TM", "UZ"} <= r and "RU" not in r for r in asked), \
        asked


def test_the_region_unknown_outside_central_asia_is_no_party(enricher):
    events = found(enricher, "À Bruxelles, Ursula von der Leyen a appelé vendredi les pays de "
                             "la région à renforcer leurs frontières.")
    assert not any("KZ" in sides(e)[2] for e in events)


def test_a_company_chosen_to_build_cooperates_one_way(enricher):
    events = found(enricher, "Tachkent a par ailleurs retenu mardi le groupe saoudien ACWA Power "
                             "pour construire une centrale à cycle combiné près de Boukhara.")
    cooperate = {sides(e)[1:3] for e in events if e.type == "COOPERATE"}
    assert (("UZ",), ("SA",)) in cooperate and (("SA",), ("UZ",)) not in cooperate, cooperate


def test_who_a_request_names_in_its_content_is_not_asked(enricher):
    events = found(enricher, "Le secrétaire général de l'ONU a appelé mardi les États membres à "
                             "soutenir les efforts de paix en Ukraine.")
    assert not any("UA" in sides(e)[2] for e in events if e.type == "REQUEST"), events


def test_the_charge_behind_a_sanction_is_the_sanctioner_s_and_its_act_alleged(enricher):
    events = found(enricher, "Le Trésor américain a imposé mercredi des sanctions à trois "
                             "sociétés basées au Kazakhstan, accusées d'avoir fourni des "
                             "composants de drones à l'Iran.")
    told = {sides(e)[:3] for e in events}
    assert ("ACCUSE", ("US",), ("KZ",)) in told, told
    assert not any(e.type == "AID" for e in events), told


def test_an_accord_signed_on_a_summit_s_margins_is_not_its_declaration(enricher):
    events = found(enricher, "Les présidents turc, azerbaïdjanais, kazakh, kirghize et ouzbek "
                             "ont adopté mercredi une déclaration commune sur le corridor médian. "
                             "En marge du sommet, Kassym-Jomart Tokaïev et Ilham Aliev ont signé "
                             "un accord sur la pose d'un câble sous la Caspienne.")
    support = [sides(e) for e in events if e.type == "SUPPORT"]
    assert ("SUPPORT", ("AZ", "KZ"), ("AZ", "KZ"), "occurred") in support, support
