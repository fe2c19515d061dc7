"""Events (issue 15): the French constructions that mislead the parser, one sentence each.

Each sentence is written for the test (none is from a gold set): the rule it checks is named in
the test id, and the expected (type, source countries, recipient countries, status) is what
EVENTS_FORMAT.md asks for.
"""

from __future__ import annotations

import pytest
import spacy

from steppe.enrich.doc_state import state
from steppe.enrich.events.parser_text import parse_input
from steppe.model import Article

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)
from tests.enrich.test_events import sides

OSCE = "Organisation pour la sécurité et la coopération en Europe (OSCE)"  # its name, acronym after

PRESENT = [
    ("weekday-before-object", "Le président turc Recep Tayyip Erdoğan a téléphoné vendredi à son "
     "homologue ouzbek Chavkat Mirziyoïev.", ("CONSULT", ("TR",), ("UZ",), "occurred")),
    ("inserted-phrase", "Le Fonds monétaire international a, de son côté, appelé les autorités "
     "kirghizes à réduire le déficit.", ("REQUEST", ("Fonds monétaire international",), ("KG",),
                                         "occurred")),
    ("name-cut-in-two", "Le président Emomali Rahmon a reçu mardi l’ambassadeur de Chine à "
     "Douchanbé.", ("CONSULT", ("CN",), ("TJ",), "occurred")),
    ("en-visite-a", "Le ministre iranien des Affaires étrangères, Abbas Araghtchi, en visite à "
     "Tachkent, a plaidé pour un corridor ferroviaire.", ("CONSULT", ("IR",), ("UZ",), "occurred")),
    ("capital-asked", "Bichkek a demandé à Astana la restitution des camions saisis.",
     ("REQUEST", ("KG",), ("KZ",), "occurred")),
    ("state-after-au", "Le ministère tadjik de l’Énergie a demandé jeudi au Kirghizstan "
     "d’augmenter ses livraisons d’électricité.", ("REQUEST", ("TJ",), ("KG",), "occurred")),
    ("root-subject-before-insert", "Moscou, par la voix de son ministère des Affaires étrangères, "
     "a exhorté Tachkent à protéger ses ressortissants.", ("REQUEST", ("RU",), ("UZ",), "occurred")),
    ("threat-if-clause", "Le Premier ministre kirghiz a menacé de couper l’eau si Tachkent ne "
     "payait pas sa dette.", ("THREATEN", ("KG",), ("UZ",), "occurred")),
    ("past-before-dici", "Les présidents ouzbek et kazakh sont convenus de porter leurs échanges "
     "à 10 milliards de dollars d’ici 2030.", ("AGREE", ("KZ", "UZ"), ("KZ", "UZ"), "occurred")),
    ("date-of-a-side-clause", "Le Kazakhstan et le Kirghizstan ont rouvert lundi leurs postes "
     "frontières, fermés depuis les heurts de mars 2021.", ("RETREAT", ("KG", "KZ"), ("KG", "KZ"),
                                                            "occurred")),
    ("pressed-to", "Pékin pressait Bichkek d’accélérer les travaux du chemin de fer.",
     ("REQUEST", ("CN",), ("KG",), "occurred")),
    ("judged-unacceptable", "Le ministère tadjik des Affaires étrangères a jugé la décision "
     "iranienne « inacceptable ».", ("ACCUSE", ("TJ",), ("IR",), "occurred")),
    ("apology-to", "Le ministre kirghiz a présenté ses excuses à son homologue kazakh.",
     ("CONCEDE", ("KG",), ("KZ",), "occurred")),
    ("pledge-with-no-target", "Tokyo s’est engagé à ouvrir un centre de formation au "
     "Kazakhstan.", ("AGREE", ("JP",), ("KZ",), "occurred")),
    ("planned-trade", "Le Tadjikistan pourrait vendre de l’électricité à l’Afghanistan dès "
     "l’été.", ("COOPERATE", ("TJ",), ("AF",), "hypothetical")),
    ("gerund-takes-the-clause-subject", "Le ministère kazakh de la Culture a suspendu les "
     "licences de trois chaînes russes, les accusant de propagande.",
     ("ACCUSE", ("KZ",), ("RU",), "occurred")),
    ("region-lists-states", "Le président chinois Xi Jinping a reçu à Xi’an les dirigeants "
     "d’Asie centrale.", ("CONSULT", ("Asie centrale", "KG", "KZ", "TJ", "TM", "UZ"), ("CN",),
                          "occurred")),
    ("verb-conjoined-with-an-object", "Le ministère kirghiz des Affaires étrangères a regretté "
     "des « contrôles abusifs » et exigé de Moscou la libération des travailleurs retenus.",
     ("REQUEST", ("KG",), ("RU",), "occurred")),
    ("demonym-heads-a-long-subject", "Jeudi, à Bruxelles, le chef de la diplomatie ouzbèke dit "
     "avoir demandé à l’Allemagne d’ouvrir un second centre de visas.",
     ("REQUEST", ("UZ",), ("DE",), "occurred")),
    ("said-worried-by", "L’ambassade de France s’est dite « vivement préoccupée » par "
     "l’arrestation d’un blogueur kirghiz.", ("ACCUSE", ("FR",), ("KG",), "occurred")),
    ("received-by-hung-on-the-town", "Le Premier ministre pakistanais a été accueilli à "
     "Douchanbé par Emomali Rahmon.", ("CONSULT", ("PK",), ("TJ",), "occurred")),
    ("expected-in-a-capital", "Le président mongol Ukhnaagiin Khürelsükh est attendu à "
     "Astana à la fin du mois.", ("CONSULT", ("MN",), ("KZ",), "announced")),
    ("expected-headline", "Narendra Modi attendu au Turkménistan en octobre",
     ("CONSULT", ("IN",), ("TM",), "announced")),
    ("a-package-of-sanctions", "Le Royaume-Uni a adopté jeudi un nouveau paquet de "
     "sanctions contre la Biélorussie.", ("SANCTION", ("GB",), ("BY",), "occurred")),
    ("concern-voiced-to-an-envoy", "Le ministère ouzbek des Affaires étrangères a exprimé sa "
     "préoccupation auprès de l’ambassadeur de France.", ("ACCUSE", ("UZ",), ("FR",),
                                                           "occurred")),
    ("export-ban-towards", "L’Ouzbékistan a interdit lundi l’exportation de ciment vers "
     "l’Afghanistan.", ("SANCTION", ("UZ",), ("AF",), "occurred")),
    ("arms-handed-over", "L’armée chinoise a remis aux forces armées kirghizes un lot de "
     "drones militaires.", ("AID", ("CN",), ("KG",), "occurred")),
    ("name-as-root-before-a-pledge", "Tokyo s’est engagé à financer la moitié du coût du "
     "projet ouzbek.", ("AID", ("JP",), ("UZ",), "announced")),
    ("and-his-counterpart-sign", "Le Premier ministre indien Narendra Modi et son homologue "
     "kazakh Olzhas Bektenov ont signé lundi à New Delhi une feuille de route.",
     ("SUPPORT", ("IN", "KZ"), ("IN", "KZ"), "occurred")),
    ("restrictive-law-binds-a-group", "Le président tadjik a promulgué jeudi une loi "
     "obligeant les associations religieuses à déclarer leurs dons.",
     ("COERCE", ("TJ",), ("associations religieuses",), "occurred")),
    ("restrictive-amendment-on-its-people", "Le Parlement turkmène a adopté lundi un amendement "
     "interdisant l’usage des réseaux privés virtuels.", ("COERCE", ("TM",), ("TM",), "occurred")),
    ("crowd-dispersed", "À Och, la police kirghize a dispersé lundi le rassemblement par la "
     "force.", ("ASSAULT", ("KG",), ("KG",), "occurred")),
    ("smugglers-killed", "Des gardes-frontières turkmènes ont abattu mardi deux contrebandiers "
     "armés.", ("ASSAULT", ("TM",), ("contrebandiers",), "occurred")),
    ("released-with-no-agent", "Le journaliste ouzbek Otabek Sattoriy a été libéré vendredi "
     "après trois ans de détention.", ("RETREAT", ("UZ",), ("UZ",), "occurred")),
    ("charge-as-a-participle", "Les autorités kirghizes ont expulsé mardi le correspondant "
     "de l’agence russe Sputnik, accusé d’avoir « propagé de fausses informations ».",
     ("ACCUSE", ("KG",), ("RU",), "occurred")),
    ("strikes-of-drones", "Les frappes de drones ukrainiens contre la raffinerie russe "
     "d’Orsk ont interrompu les livraisons.", ("ASSAULT", ("UA",), ("RU",), "occurred")),
    ("hundreds-of-traders-protest", "Au Tadjikistan, plusieurs centaines de commerçants ont "
     "manifesté lundi devant la mairie de Khodjent.", ("PROTEST", ("TJ",), ("TJ",), "occurred")),
    ("by-the-voice-of-a-spokesman", "Des migrants tadjiks ont été battus à Moscou. Le Kremlin, "
     "par la voix de Dmitri Peskov, a démenti ces accusations du Tadjikistan.",
     ("REJECT", ("RU",), ("TJ",), "occurred")),
    ("window-never-cut-in-a-quote", "Le ministère kirghiz a rejeté ces critiques de l’OSCE, "
     "assurant que la loi « ne vise aucun média indépendant ni aucune organisation étrangère "
     "active dans le pays ».", ("REJECT", ("KG",), (OSCE,), "occurred")),
    ("ruled-out-any", "Le vice-ministre kirghiz a exclu tout retrait de l’Organisation du "
     "traité de sécurité collective.", ("REJECT", ("KG",),
                                        ("Organisation du traité de sécurité collective",),
                                        "occurred")),
    ("disputed-the-amount", "Le ministère tadjik de l’Énergie a contesté la facture présentée "
     "par Bichkek.", ("REJECT", ("TJ",), ("KG",), "occurred")),
    ("with-his-counterpart-hung-elsewhere", "Le ministre ouzbek de l’Énergie Jourabek "
     "Mirzamakhmoudov s’est entretenu par téléphone avec son homologue tadjik, qui s’est engagé "
     "à livrer davantage d’électricité.", ("CONSULT", ("TJ", "UZ"), ("TJ", "UZ"), "occurred")),
    ("built-together-in-a-relative", "La centrale, que le Tadjikistan, le Kirghizstan et "
     "l’Ouzbékistan construisent ensemble, produira 1 800 mégawatts.",
     ("COOPERATE", ("KG", "TJ", "UZ"), ("KG", "TJ", "UZ"), "occurred")),
    ("planned-trade-rerouted", "Le Turkménistan pourrait réorienter une partie de ses "
     "livraisons de gaz vers la Turquie.", ("COOPERATE", ("TM",), ("TR",), "hypothetical")),
    ("state-department-is-washington-s", "Au Kazakhstan, la loi sur les médias a été adoptée "
     "mardi. Le département d’État a critiqué ce texte du Kazakhstan.",
     ("ACCUSE", ("US",), ("KZ",), "occurred")),
    ("goods-banned-are-an-embargo", "Le Kirghizstan a interdit lundi l’entrée des fruits "
     "ouzbeks sur son territoire.", ("SANCTION", ("KG",), ("UZ",), "occurred")),
    ("contingents-take-part-in-exercises", "Des contingents ouzbek et tadjik participent "
     "depuis lundi aux exercices antiterroristes.", ("COOPERATE", ("TJ", "UZ"), ("TJ", "UZ"),
                                                     "occurred")),
    ("designated-as-lead-contractor", "Le ministère ouzbek de l’Énergie a désigné le groupe "
     "français EDF comme chef de file du projet.", ("COOPERATE", ("UZ",), ("FR",), "occurred")),
    ("voiced-concern", "Le Kazakhstan a fermé deux postes frontières. Berlin a exprimé sa "
     "« préoccupation » face à cette décision du Kazakhstan.",
     ("ACCUSE", ("DE",), ("KZ",), "occurred")),
]

ABSENT = [
    ("loan-accord-is-aid-only", "L’accord de prêt entre la Banque mondiale et Douchanbé a été "
     "signé mardi par le ministre tadjik des Finances.", "SUPPORT"),
    ("critical-minerals", "Le Kazakhstan détient 20 des matières premières jugées critiques par "
     "l’Union européenne.", "ACCUSE"),
    ("standing-detention", "Le gouvernement kirghiz a libéré mardi le journaliste Aziz Sadykov, "
     "détenu depuis mars par les services de sécurité.", "COERCE"),
    ("participle-victims-no-agent", "Deux ressortissants chinois tués à la frontière "
     "tadjiko-afghane.", "ASSAULT"),
    ("metaphoric-strike", "Sanctions : Washington frappe trois banques ouzbèkes.", "ASSAULT"),
    ("pledged-aid-is-aid-only", "La Banque mondiale s’est engagée à financer une centrale "
     "solaire au Tadjikistan.", "AGREE"),
    ("trade-figures-are-not-news", "Le Kazakhstan a exporté 8 millions de tonnes de blé vers "
     "l’Ouzbékistan en 2024.", "COOPERATE"),
    ("court-appeal-is-no-request", "L’avocat du journaliste kirghiz a annoncé un appel devant "
     "le tribunal de Bichkek.", "REQUEST"),
    ("phone-call-is-no-request", "Le président tadjik a appelé son homologue russe lundi, selon "
     "le Kremlin, pour condamner une attaque « qui n’a ni nationalité ni religion ».", "REQUEST"),
    ("challenge-not-arrest", "Migrants : Mirziyoïev interpelle Poutine au téléphone.", "COERCE"),
    ("refused-to-attend", "Le président turkmène a refusé de participer au sommet de la CEI "
     "à Douchanbé.", "CONSULT"),
    ("unable-to-contest", "Les migrants ouzbeks ont été expulsés de Russie sans pouvoir contester "
     "la décision de Moscou.", "REJECT"),
    ("a-call-is-no-request", "Le président turc a appelé lundi son homologue ouzbek Chavkat "
     "Mirzioïev, a indiqué la présidence.", "REQUEST"),
    ("a-past-visit-as-background", "Les relations entre Bakou et Achgabat se sont réchauffées "
     "depuis la visite du président azerbaïdjanais au Turkménistan en 2022.", "CONSULT"),
    ("an-interview-is-no-meeting", "Dans un entretien accordé au quotidien Le Monde, le "
     "ministre ouzbek revient sur la relation avec la France.", "CONSULT"),
    ("a-way-to-go-is-no-visit", "Les trains chinois restent le seul moyen d’aller au "
     "Kazakhstan pour les marchandises turques.", "CONSULT"),
]


def test_his_counterpart_is_the_other_side_of_the_last_call(enricher):
    events = found(enricher, "Vladimir Poutine et Sadyr Japarov se sont entretenus mardi par "
                             "téléphone. Le président kirghiz a demandé à son homologue de "
                             "faciliter le séjour des saisonniers.")
    assert ("REQUEST", ("KG",), ("RU",), "occurred") in {sides(e) for e in events}


def _cases(name: str) -> list[tuple]:
    """This file's cases and those of test_event_constructions_more.py (blind sets G and I),
    test_event_constructions_third.py (blind sets L to O) and
    test_event_constructions_fourth.py, test_event_constructions_fifth.py,
    test_event_constructions_sixth.py and test_event_constructions_seventh.py (the sessions
    after)."""
    from tests.enrich import test_event_constructions_fifth as fifth
    from tests.enrich import test_event_constructions_fourth as fourth
    from tests.enrich import test_event_constructions_more as more
    from tests.enrich import test_event_constructions_seventh as seventh
    from tests.enrich import test_event_constructions_sixth as sixth
    from tests.enrich import test_event_constructions_third as third
    return globals()[name] + getattr(more, f"MORE_{name}") + getattr(third, f"THIRD_{name}") \
        + getattr(fourth, f"FOURTH_{name}") + getattr(fifth, f"FIFTH_{name}") \
        + getattr(sixth, f"SIXTH_{name}") + getattr(seventh, f"SEVENTH_{name}")


@pytest.mark.parametrize("text,expected", [c[1:] for c in _cases("PRESENT")],
                         ids=[c[0] for c in _cases("PRESENT")])
def test_construction_gives_the_event(enricher, text, expected):
    assert expected in {sides(e) for e in found(enricher, text)}


@pytest.mark.parametrize("text,kind", [c[1:] for c in _cases("ABSENT")],
                         ids=[c[0] for c in _cases("ABSENT")])
def test_construction_gives_no_such_event(enricher, text, kind):
    assert kind not in {e.type for e in found(enricher, text)}


def test_a_summit_and_a_visit_between_the_same_parties_stay_two_events(enricher):
    events = found(enricher, "Sommet Chine–Asie centrale à Astana. Xi Jinping est arrivé lundi "
                             "au Kazakhstan pour une visite d’État.")
    consults = [sides(e) for e in events if e.type == "CONSULT"]
    assert ("CONSULT", ("CN",), ("KZ",), "occurred") in consults and len(consults) == 2


def test_a_ceasefire_concluded_by_both_parties(enricher):
    events = found(enricher, "Des affrontements ont opposé mardi des gardes-frontières kirghiz à "
                             "des soldats tadjiks. Les deux parties ont conclu mercredi un "
                             "cessez-le-feu.")
    assert ("RETREAT", ("KG", "TJ"), ("KG", "TJ"), "occurred") in {sides(e) for e in events}


def test_the_ministry_points_back_to_the_last_ministry_named(enricher):
    events = found(enricher, "Le ministère kirghiz de la Culture a fermé le site Ordo. L’OSCE "
                             "a critiqué mardi le Kirghizstan pour cette fermeture. Le ministère "
                             "a refusé de revenir sur sa décision.")
    rejects = [sides(e) for e in events if e.type == "REJECT"]
    assert rejects == [("REJECT", ("KG",), (OSCE,), "occurred")]


def test_the_parser_text_keeps_every_offset():
    text = "Le ministre a, de son côté, appelé mercredi soir son homologue."
    doc = spacy.blank("fr").make_doc(text)
    state(doc)["text"] = text
    window = parse_input(doc, 0, len(text))
    assert len(window) == len(text)
    assert "de son côté" not in window and "mercredi" not in window


@pytest.mark.parametrize("subject", ["Les deux dirigeants sont convenus",
                                     "Les deux parties se sont mises d’accord",
                                     "Les délégations des deux pays ont convenu"])
def test_both_parties_named_back_agree_with_each_other(enricher, subject):
    events = found(enricher, "Le président ouzbek a reçu mardi à Tachkent son homologue "
                             f"azerbaïdjanais Ilham Aliev. {subject} de renforcer la coopération "
                             "énergétique.")
    assert ("AGREE", ("AZ", "UZ"), ("AZ", "UZ"), "occurred") in {sides(e) for e in events}


def test_the_six_heads_of_state_named_back_sign_together(enricher):
    events = found(enricher, "Le sommet Chine–Asie centrale a réuni à Astana les présidents de "
                             "la Chine, du Kazakhstan, du Kirghizstan, du Tadjikistan, du "
                             "Turkménistan et de l’Ouzbékistan. Les six chefs d’État y ont signé "
                             "une déclaration commune.")
    supports = [e for e in events if e.type == "SUPPORT"]
    assert supports and {"CN", "KZ", "UZ"} <= {a.country for a in supports[0].source}


def test_a_visit_expected_in_paris_is_one_visit_of_the_guest(enricher):
    events = found(enricher, "Chavkat Mirzioïev a confirmé une visite attendue à Paris en "
                             "novembre.")
    assert {sides(e) for e in events if e.type == "CONSULT"} == {
        ("CONSULT", ("UZ",), ("FR",), "announced")}


def test_a_press_review_paragraph_is_its_headed_country_s(enricher):
    article = Article(id="t", title=None, lang="fr", published="2025-06-04", text=(
        "OUZBÉKISTAN — Le Sénat a adopté mardi une loi sur les retraites. "
        "TADJIKISTAN — Le blogueur Firouz Nazarov a été condamné à cinq ans de prison."))
    events = next(iter(enricher.annotate_many([article]))).events
    coerce = [sides(e) for e in events if e.type == "COERCE"]
    assert coerce and all(s[1] == ("TJ",) for s in coerce), coerce


def test_its_neighbour_is_the_other_side_told_before(enricher):
    events = found(enricher, "Le Tadjikistan et l’Ouzbékistan ont signé mardi un accord sur "
                             "l’eau. Douchanbé livrera de l’électricité à son voisin cet hiver.")
    assert ("COOPERATE", ("TJ",), ("UZ",), "announced") in {sides(e) for e in events}


def test_a_retort_rejects_the_charge_just_told(enricher):
    events = found(enricher, "Washington a critiqué la loi kazakhe sur les médias. "
                             "Astana a rétorqué que ce texte « ne vise personne ».")
    assert ("REJECT", ("KZ",), ("US",), "occurred") in {sides(e) for e in events}


def test_irregular_forms_are_compared_folded():
    from steppe.enrich.events.lexicon import event_lexicon

    lexicon = event_lexicon()
    assert ("VERB", "repondu") in lexicon.by_form and ("VERB", "reconnaitra") in lexicon.by_form


def test_a_group_takes_its_nationality_or_the_acting_state_s(enricher):
    events = found(enricher, "Au Tadjikistan, la police a interpellé mardi une vingtaine de "
                             "manifestants. La police russe a expulsé trente migrants ouzbeks.")
    targets = [[a.country for a in e.recipient] for e in events if e.type == "COERCE"]
    assert ["TJ"] in targets and ["UZ"] in targets, events
