"""Events (issue 15), continued: constructions met on blind sets G and I, one sentence each,
written for the test (none is from a gold set). The expected (type, source, recipient, status)
is what EVENTS_FORMAT.md asks for; sides are country codes, else names. PRESENT and ABSENT run
with the first file's cases (test_event_constructions.py); the tests here need more than one
side or one type."""

from __future__ import annotations

from tests.enrich.events_support import enricher, found  # noqa: F401 (fixture)
from tests.enrich.test_events import sides

MORE_PRESENT = [
    ("state-company-under-a-foreign-dateline", "PARIS, 3 mai – Le groupe français Orano et la "
     "compagnie d’État Navoiyuran ont lancé un programme commun de recherche géologique.",
     ("COOPERATE", ("FR", "UZ"), ("FR", "UZ"), "occurred")),
    ("selon-names-who-tells", "Le ministre kazakh des Affaires étrangères se rendra en "
     "Ouzbékistan lundi pour, selon Bruxelles, préparer un forum d’affaires.",
     ("CONSULT", ("KZ",), ("UZ",), "announced")),
    ("participle-read-as-governing-the-passive", "Le ministre turc de la Défense, Yaşar Güler, "
     "arrivé lundi au Tadjikistan, a été reçu par le président Emomali Rahmon.",
     ("CONSULT", ("TR",), ("TJ",), "occurred")),
    ("long-subject-of-a-strike", "Quelque 500 employés de la compagnie minière Kumtor Gold "
     "Company ont entamé lundi une grève au Kirghizstan.",
     ("PROTEST", ("KG",), ("KG",), "occurred")),
    ("the-organisation-named-back", "Amnesty International a publié mardi un rapport sur les "
     "prisons ouzbèkes. L’organisation, qui a interrogé cinquante anciens détenus, accuse "
     "Tachkent de recourir à la torture.", ("ACCUSE", ("Amnesty International",), ("UZ",),
                                            "occurred")),
    ("envoy-of-a-state-named-after-de", "Le ministre kirghiz des Affaires étrangères a reçu jeudi à "
     "Bichkek l’ambassadeur du Japon, Hiroshi Takeda.",
     ("CONSULT", ("JP",), ("KG",), "occurred")),
    ("trade-on-a-day-is-news", "Le Kazakhstan a livré mardi un premier lot de 40 000 tonnes de "
     "blé à la Chine.", ("COOPERATE", ("KZ",), ("CN",), "occurred")),
    ("regrets-expressed-to", "Kaboul a exprimé samedi ses « profonds regrets » à Tachkent, "
     "selon un porte-parole du gouvernement taliban.", ("CONCEDE", ("AF",), ("UZ",), "occurred")),
    ("leaders-arrested", "Au Kazakhstan, la police a interpellé trois meneurs du mouvement dans "
     "la nuit, selon un communiqué du parquet régional.", ("COERCE", ("KZ",), ("KZ",),
                                                              "occurred")),
    ("the-charge-names-no-target", "Le Kremlin a accusé Kiev de « viser délibérément les "
     "intérêts énergétiques des États-Unis et du Kazakhstan ».",
     ("ACCUSE", ("RU",), ("UA",), "occurred")),
    ("residents-read-as-an-oblique", "Près de 300 habitants du district d’Alataou, à Almaty, se "
     "sont rassemblés dimanche devant l’akimat pour protester contre une décharge.",
     ("PROTEST", ("KZ",), ("KZ",), "occurred")),
    ("residents-of-a-village-of-the-other-side", "Au Tadjikistan, la frontière a été fixée en "
     "mars. Dans le village kirghiz de Kök-Tash, une centaine d’habitants ont manifesté le 22 "
     "mars devant l’administration du district.", ("PROTEST", ("KG",), ("KG",), "occurred")),
    ("set-free-after-a-participle-clause", "Arrêté le 2 mars à Bichkek pour avoir critiqué le "
     "gouvernement, le journaliste kirghiz Bolot Temirov a été remis en liberté mercredi par un "
     "tribunal de la ville.", ("RETREAT", ("KG",), ("KG",), "occurred")),
    ("no-stopover-town-is-a-guest", "Le chef de la diplomatie chinoise, Wang Yi, a été reçu "
     "jeudi à Douchanbé par le président Emomali Rahmon, lors d’une escale entre Achkhabad et "
     "Islamabad.", ("CONSULT", ("CN",), ("TJ",), "occurred")),
    ("object-relative-read-as-a-completive", "Le Trésor américain a imposé mercredi des "
     "sanctions à la banque kirghize Keremet Bank, qu’il accuse d’avoir facilité des transactions "
     "au profit de l’industrie militaire russe.", ("ACCUSE", ("US",), ("KG",), "occurred")),
    ("a-named-agency-keeps-its-state", "ASTANA, 27 février – Le Rosselkhoznadzor a suspendu "
     "jeudi les importations de blé en provenance du Kazakhstan.",
     ("SANCTION", ("RU",), ("KZ",), "occurred")),
    ("agent-hung-on-the-palace", "Le ministre turc des Affaires étrangères, Hakan Fidan, a été "
     "reçu mercredi à l’Akorda par le président Kassym-Jomart Tokaïev.",
     ("CONSULT", ("TR",), ("KZ",), "occurred")),
    ("during-a-call-with", "Le président Sadyr Japarov a évoqué la question lors d’un entretien "
     "téléphonique avec Vladimir Poutine, le 6 septembre.",
     ("CONSULT", ("KG", "RU"), ("KG", "RU"), "occurred")),
    ("demanded-that-x-act", "Pékin, de son côté, a exigé que Douchanbé renforce la protection "
     "de ses ressortissants.", ("REQUEST", ("CN",), ("TJ",), "occurred")),
    ("accused-read-as-a-complement", "Le Kremlin a de son côté accusé Kiev de « viser "
     "délibérément les intérêts énergétiques des États-Unis et du Kazakhstan », des compagnies "
     "américaines étant actionnaires du consortium.", ("ACCUSE", ("RU",), ("UA",), "occurred")),
    ("subject-hung-on-the-participle", "Xi Jinping, arrivé mardi pour une visite d’État au "
     "Kazakhstan, a signé mercredi avec M. Tokaïev une déclaration conjointe.",
     ("SUPPORT", ("CN", "KZ"), ("CN", "KZ"), "occurred")),
    ("a-contract-signed", "Le Turkménistan et l’Iran ont signé jeudi un contrat d’échange de "
     "gaz.", ("SUPPORT", ("IR", "TM"), ("IR", "TM"),
                                                     "occurred")),
    ("placed-in-detention", "Le blogueur ouzbek Jamchid Karimov a été placé en détention lundi "
     "à Tachkent.", ("COERCE", ("UZ",), ("UZ",), "occurred")),
    ("internet-cut", "Les autorités tadjikes ont coupé l’accès à l’internet mobile dans la région "
     "du Haut-Badakhchan.", ("COERCE", ("TJ",), ("TJ",), "occurred")),
    ("a-medium-liquidated", "Le tribunal de Bichkek a ordonné mercredi la liquidation du média "
     "kirghiz indépendant Kloop.", ("COERCE", ("KG",), ("KG",), "occurred")),
    ("arrest-of-residents", "Au Tadjikistan, le GKNB a fait état de l’arrestation de onze "
     "habitants de Khorog.", ("COERCE", ("TJ",), ("TJ",), "occurred")),
    # third session of 2026-12-06
    ("a-name-tagged-as-a-verb", "M. Séjourné a appelé Astana à renforcer ses contrôles aux "
     "frontières.", ("REQUEST", ("Séjourné",), ("KZ",), "occurred")),
    ("aside-between-subject-and-verb", "Le Qatar, quant à lui, s’est engagé à examiner une "
     "hausse de ses achats de coton au Kirghizstan.", ("AGREE", ("QA",), ("KG",), "occurred")),
    ("ngo-asks-for-a-release", "Au Tadjikistan, le blogueur Ilhom Saidov est détenu depuis mars. "
     "Human Rights Watch a réclamé jeudi sa libération immédiate.",
     ("REQUEST", ("Human Rights Watch",), ("TJ",), "occurred")),
    ("object-read-past-a-long-place-phrase", "Les armées kazakhe et ouzbèke ont entamé mardi, "
     "dans la région de Jizzakh, à quelques kilomètres de la frontière, un exercice conjoint de "
     "défense aérienne.", ("COOPERATE", ("KZ", "UZ"), ("KZ", "UZ"), "occurred")),
    ("a-loan-agreement-signed-with", "La Banque asiatique de développement a signé lundi avec "
     "le ministère tadjik des Finances un accord de prêt de 60 millions de dollars.",
     ("AID", ("Banque asiatique de développement",), ("TJ",), "occurred")),
    ("a-pledge-to-the-one-just-met", "Le président ouzbek Chavkat Mirziyoyev a reçu lundi à "
     "Tachkent le Premier ministre indien Narendra Modi. L’Ouzbékistan s’est engagé à simplifier la délivrance des visas "
     "d’affaires.", ("AGREE", ("UZ",), ("IN",), "occurred")),
    ("works-begun", "Les travaux de construction de l’oléoduc entre le Kazakhstan et la Chine "
     "ont débuté jeudi près de Khorgos.", ("COOPERATE", ("CN", "KZ"), ("CN", "KZ"), "occurred")),
    ("a-resignation-handed-in", "Le ministre kazakh de l’Agriculture, Aidarbek Saparov, a "
     "présenté mardi sa démission.", ("RETREAT", ("KZ",), (), "occurred")),
    ("a-warning-of-sanctions", "Le département du Trésor a averti les banques kirghizes "
     "qu’elles s’exposeraient à des sanctions.", ("THREATEN", ("US",), ("KG",), "occurred")),
    ("a-picket", "Au Kazakhstan, une vingtaine de militants ont tenu un piquet devant le "
     "ministère de l’Intérieur.", ("PROTEST", ("KZ",), ("KZ",), "occurred")),
    ("charges-swept-aside", "Moscou a accusé Douchanbé d’abriter des recruteurs. Le "
     "gouvernement tadjik a balayé ces accusations mercredi.",
     ("REJECT", ("TJ",), ("RU",), "occurred")),
    ("an-invitation-the-last-one-named-accepted", "Le ministre français de l’Économie a invité "
     "son homologue kazakh, Serik Jumangarin, à participer au forum de Paris, une invitation que "
     "ce dernier a acceptée.", ("AGREE", ("KZ",), ("FR",), "occurred")),
    ("a-pronoun-after-a-sentence-with-no-event", "Le Haut-Commissariat des Nations unies aux "
     "droits de l’homme a publié vendredi ses observations sur le Tadjikistan. Il a condamné le "
     "recours systématique aux aveux forcés.",
     ("ACCUSE", ("Haut-Commissariat des Nations unies aux droits de l’homme",), ("TJ",),
      "occurred")),
    ("a-retort-promised", "Le Kremlin a promis une « riposte ferme » après l’expulsion d’un "
     "diplomate russe par le Kirghizstan.", ("THREATEN", ("RU",), ("KG",), "occurred")),
    ("a-press-review-heading", "Ouzbékistan. Le Sénat a adopté le budget. Kirghizistan. Des "
     "centaines de chauffeurs de taxi ont fait grève lundi contre la hausse des taxes.",
     ("PROTEST", ("KG",), (), "occurred")),  # (no authority named: no target)
    ("called-to-a-quoted-dialogue", "L’Union européenne a appelé les autorités kazakhes au « "
     "dialogue social » avec les grévistes.", ("REQUEST", ("Union européenne",), ("KZ",),
                                                "occurred")),
    ("a-summit-in-a-capital-is-a-visit-there", "Le président tadjik doit se rendre à Moscou en "
     "octobre pour le sommet de la CEI.", ("CONSULT", ("TJ",), ("RU",), "announced")),
    ("a-conjunct-keeps-the-target", "Moscou a accusé Douchanbé d’abriter des recruteurs. Le "
     "ministère tadjik des Affaires étrangères a rejeté ces accusations et dénoncé une « campagne "
     "de dénigrement ».", ("ACCUSE", ("TJ",), ("RU",), "occurred")),
    ("the-dateline-agency-is-no-party", "CHYMKENT, 4 mars (AFP) – Une centaine de retraités "
     "ont manifesté mardi devant l’akimat pour protester contre la hausse des loyers.",
     ("PROTEST", ("KZ",), ("KZ",), "occurred")),
    ("condemned-then-asked-to-release", "Amnesty International a condamné « un procès "
     "inéquitable » et appelé les autorités ouzbèkes à libérer le blogueur.",
     ("ACCUSE", ("Amnesty International",), ("UZ",), "occurred")),
    ("agreed-to-postpone", "Au Kirghizstan, le gouvernement a accepté mardi de repousser d’un "
     "an l’entrée en vigueur de la taxe contestée par les commerçants.",
     ("CONCEDE", ("KG",), ("KG",), "occurred")),
    ("land-returned", "Le Kirghizstan a restitué au Tadjikistan trois hectares de pâturages.",
     ("RETREAT", ("KG",), ("TJ",), "occurred")),
    ("equipment-handed-over", "L’ambassade du Japon a remis lundi aux gardes-frontières "
     "ouzbeks des drones de surveillance.", ("AID", ("JP",), ("UZ",), "occurred")),
    ("asylum-granted", "La France a accordé l’asile politique à l’opposant turkmène Farid "
     "Tuhbatullin.", ("AID", ("FR",), ("TM",), "occurred")),
    ("a-decision-regretted", "Le ministère kazakh des Affaires étrangères a regretté la décision "
     "de Moscou de fermer ses marchés au blé kazakh.", ("ACCUSE", ("KZ",), ("RU",), "occurred")),
    ("objects-read-as-complements", "La Turquie a appelé Bakou et Erevan à la retenue.",
     ("REQUEST", ("TR",), ("AM", "AZ"), "occurred")),
    ("the-authorities-addressed", "Au Tadjikistan, l’ambassade de France a appelé les autorités "
     "à libérer les avocats détenus.", ("REQUEST", ("FR",), ("TJ",), "occurred")),
    ("members-sentenced", "Au Kirghizstan, un tribunal de Bichkek a condamné mardi six membres "
     "du parti Ata-Meken à cinq ans de prison.", ("COERCE", ("KG",), ("KG",), "occurred")),
    ("a-verb-quoted-after-its-auxiliary", "Moscou a accusé Bichkek de contourner les sanctions. "
     "Le ministère kirghiz des Affaires étrangères a « catégoriquement rejeté » ces accusations.",
     ("REJECT", ("KG",), ("RU",), "occurred")),
    ("chosen-to-build", "Le groupe sud-coréen Doosan a été choisi par Tachkent pour construire "
     "une centrale thermique.", ("COOPERATE", ("UZ",), ("KR",), "occurred")),
    ("a-foreign-builder-in-the-story-country", "Au Kirghizstan, le groupe chinois PowerChina a "
     "commencé lundi à construire la centrale de Kazarman.", ("COOPERATE", ("CN",), ("KG",),
                                                            "occurred")),
    ("protesters-demand-from-the-authorities-they-face", "Au Kazakhstan, quelque 300 mineurs de Kazakhmys "
     "se sont rassemblés lundi devant l'akimat pour réclamer une hausse de leurs salaires.",
     ("REQUEST", ("KZ",), ("KZ",), "occurred")),
    ("a-speaker-after-an-incise", "Au Tadjikistan, la police a fermé quarante mosquées. « Ces "
     "mesures frappent d’abord les femmes », dénonce Iskra Kirova, chercheuse à Human Rights "
     "Watch.", ("ACCUSE", ("Human Rights Watch", "Iskra Kirova"), ("TJ",), "occurred")),
    ("antidumping-duties-to-come", "L’Ouzbékistan va instaurer des droits antidumping de 25 % "
     "sur le ciment importé du Kazakhstan.", ("SANCTION", ("UZ",), ("KZ",), "announced")),
    ("a-liquidation-ordered", "Au Kirghizstan, le tribunal de Bichkek a ordonné jeudi la "
     "liquidation de Kloop, un média indépendant.", ("COERCE", ("KG",), ("KG",), "occurred")),
    ("an-envelope-announced", "La Commission européenne a annoncé une enveloppe de 300 millions "
     "d’euros pour le Tadjikistan.", ("AID", ("Commission européenne",), ("TJ",), "announced")),
]

MORE_ABSENT = [
    ("extension-only-threatened", "Le Rosselkhoznadzor a menacé d’étendre l’interdiction à "
     "l’ensemble des céréales kazakhes si Astana ne renforçait pas ses contrôles.", "COERCE"),
    ("analysts-worry", "Certains économistes kirghiz s’inquiètent du poids de la dette envers la "
     "banque chinoise Exim.", "ACCUSE"),
    ("an-envoy-touring-alone", "L’envoyé spécial de l’UE pour les sanctions, David O’Sullivan, a "
     "effectué la semaine dernière sa septième tournée dans la région.", "CONSULT"),
    ("release-asked-hung-on-the-authorities", "Amnesty International a appelé les autorités "
     "ouzbèkes à le remettre en liberté.", "RETREAT"),
    ("respect-of-sanctions", "Bruxelles reste attentive au respect des sanctions contre la "
     "Russie.", "SANCTION"),
    ("appeal-for-donations", "Les Nations unies ont lancé un appel aux dons de 140 millions de "
     "dollars pour l’Afghanistan.", "AID"),
    ("no-comment-is-no-rejection", "Interrogé sur les accusations de Moscou, le ministère "
     "kazakh des Affaires étrangères a refusé de commenter.", "REJECT"),
    ("a-protest-prevented", "Au Kazakhstan, des militants ouïghours ont été empêchés de "
     "manifester devant l’ambassade de Chine.", "PROTEST"),
    ("reforms-engaged-are-no-pledge", "Le président français a salué les réformes engagées à "
     "Tachkent depuis 2017.", "AGREE"),
    ("lorries-stuck-at-the-border", "Des centaines de camions kirghiz restent bloqués à la "
     "frontière kazakhe depuis lundi.", "COERCE"),
    ("called-not-to-relay", "Kiev a appelé Astana à « ne pas relayer la propagande russe ».",
     "CONSULT"),
    ("a-named-organisation-is-no-anaphor", "La Banque de développement de Chine a prêté 1 "
     "milliard de dollars à la compagnie KTJ. L’organisation Atajurt a dénoncé des arrestations "
     "de Kazakhs au Xinjiang.", "ACCUSE"),
    ("a-visit-only-invited", "Le président Sadyr Japarov a invité Narendra Modi à se rendre à "
     "Bichkek l’an prochain.", "CONSULT"),
    ("an-envelope-recalled", "Le commissaire européen a rappelé l’enveloppe de 10 milliards "
     "d’euros annoncée par Bruxelles pour l’Asie centrale.", "AID"),
    ("a-music-festival", "Le festival Sharq Taronalari a réuni à Samarcande des musiciens venus "
     "d’Iran et du Japon.", "CONSULT"),
    ("a-block-lifted", "TACHKENT, 5 août – Les autorités ouzbèkes ont levé mardi le blocage de "
     "TikTok.", "COERCE"),
    ("appeal-for-donations-asks-no-one", "Le Programme alimentaire mondial a lancé un appel aux "
     "dons pour les sinistrés du Tadjikistan.", "REQUEST"),
    ("standing-relations", "L’Ouzbékistan n’a pas reconnu le gouvernement taliban, mais entretient "
     "avec lui des relations de travail suivies.", "CONSULT"),
    ("pluperfect-of-an-earlier-year-is-background", "En 2023, le Kazakhstan avait lui-même "
     "interdit l’entrée du blé russe sur son territoire.", "SANCTION"),
    ("trade-of-a-year-is-a-statistic", "Le Kazakhstan a exporté 2 millions de tonnes de blé vers "
     "la Chine en 2024.", "COOPERATE"),
    ("release-asked-for", "Le Comité pour la protection des journalistes a dénoncé une « parodie "
     "de justice » et appelé Bichkek à libérer le reporter sans condition.", "RETREAT"),
    ("refugees-received", "Le Kirghizstan accueille depuis 2021 quelque 2 000 réfugiés afghans.",
     "CONSULT"),
]


def test_a_platform_blocked_and_bloggers_arrested_are_two_coercions(enricher):
    events = found(enricher, "Les autorités tadjikes ont bloqué mercredi l’accès à TikTok. Le "
                             "même jour, la police de Douchanbé a arrêté trois blogueurs.")
    targets = sorted(a.name for e in events if e.type == "COERCE" for a in e.recipient)
    assert targets == ["TikTok", "blogueurs"], events


def test_an_acronym_carries_the_full_name_too(enricher):
    events = found(enricher, "Le président kirghiz Sadyr Japarov a appelé l’UE à lever les "
                             "restrictions sur les visas.")
    names = [a.name for e in events if e.type == "REQUEST" for a in e.recipient]
    assert names == ["Union européenne (UE)"], events


def test_an_acronym_with_a_small_letter_carries_the_full_name_first(enricher):
    events = found(enricher, "La BAsD a accordé lundi au Tadjikistan un prêt de 30 millions de "
                             "dollars.")
    names = {a.name for e in events if e.type == "AID" for a in e.source}
    assert "Banque asiatique de développement (BAsD)" in names, events


def test_the_title_before_de_l_onu_keeps_its_name_in_the_subject(enricher):
    events = found(enricher, "Le secrétaire général de l’ONU, António Guterres, a salué mardi "
                             "l’accord frontalier signé par le Kirghizstan et le Tadjikistan.")
    support = [e for e in events if e.type == "SUPPORT"]
    assert support and "PT" not in {a.country for a in support[0].recipient}, events
    assert any("Guterres" in a.name for a in support[0].source), events


def test_an_embassy_named_back_is_the_one_named_with_its_country(enricher):
    events = found(enricher, "L’ambassade britannique à Bichkek a annoncé la fermeture de son "
                             "centre de visas. Le ministère kirghiz des Affaires étrangères a "
                             "demandé à Londres un report. L’ambassade a toutefois rejeté toute "
                             "prolongation.")
    assert ("REJECT", ("GB",), ("KG",), "occurred") in {sides(e) for e in events}, events
