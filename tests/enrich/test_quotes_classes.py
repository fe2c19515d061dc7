"""Quote classes of issue 14 (steppe.enrich.quotes), each on several sentences written for these
tests in the style of the region's press: fragments quoted inside a sentence (class 1) and
speakers named by a pronoun, a title or a description (class 2); classes 3 to 5 (quotations over
several paragraphs, English and Russian attribution, ballots and titles of laws) are in
``test_quotes_classes_3_5.py``, which shares the helpers below.

Mentions are those an entity stage would hand over: every surface form below, longest first,
carrying the canonical name. Expected quotes are (speaker, quoted words).
"""

from __future__ import annotations

import re

import pytest

from steppe.enrich.quotes import SpeakerSpan, find_quotes

TOK, JAP, SAI = "Kassym-Jomart Tokaïev", "Sadyr Japarov", "Bakhtiyor Saidov"
SAT, MIR, SEI = "Almasadam Satkaliev", "Chavkat Mirziyoyev", "Dinara Seitova"
BAL, NUR, AKY = "Aida Balayeva", "Murat Nurtleu", "Akylbek Japarov"
PUT = "Vladimir Poutine"
SURFACES = {
    TOK: ["Kassym-Jomart Tokaïev", "Tokaïev", "Kassym-Jomart Tokayev", "Tokayev",
          "Касым-Жомарт Токаев", "Токаев", "Токаева"],
    JAP: ["Sadyr Japarov", "Садыр Жапаров", "Жапаров", "Жапарова"],
    SAI: ["Bakhtiyor Saidov", "Saidov", "Бахтиёр Саидов", "Саидов"],
    SAT: ["Almasadam Satkaliev", "Satkaliev"],
    MIR: ["Chavkat Mirziyoyev", "Mirziyoyev"],
    SEI: ["Dinara Seitova", "Seitova", "Динара Сеитова", "Сеитова", "Сеитову"],
    BAL: ["Aida Balayeva", "Balayeva"], NUR: ["Murat Nurtleu", "Nurtleu"],
    AKY: ["Akylbek Japarov"], PUT: ["Vladimir Poutine", "Poutine"],
}
# a bare "Japarov" is Sadyr unless the text names only Akylbek
PEOPLE = {surface: name for name, forms in SURFACES.items() for surface in forms}
PEOPLE.setdefault("Japarov", JAP)


def mentions(text: str, people: dict[str, str] = PEOPLE) -> list[SpeakerSpan]:
    spans: list[SpeakerSpan] = []
    for surface in sorted(people, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if not any(s.start <= m.start() < s.end for s in spans):
                name = people[surface]
                spans.append(SpeakerSpan(m.start(), m.end(), name, "person:" + name.lower()))
    return sorted(spans, key=lambda s: s.start)


def found(text: str) -> list[tuple[str, str]]:
    return [(h.speaker, h.text) for h in find_quotes(text, mentions(text))]


def check(cases: list[tuple[str, list[tuple[str, str]]]]) -> list[str]:
    return [f"{text!r}: {found(text)} != {expected}"
            for text, expected in cases if found(text) != expected]


# --- 1. a fragment of four words or more inside a sentence is its subject's (or verb's) words
FRAGMENTS = [
    ("Devant le parlement, il a rappelé la fidélité du pays « aux principes démocratiques et à "
     "l’État de droit », a soutenu Sadyr Japarov.",
     [(JAP, "aux principes démocratiques et à l’État de droit")]),
    ("Le ministre de l’Énergie Almasadam Satkaliev a promis une réforme « sans précédent dans "
     "l’histoire du secteur » d’ici la fin de l’année.",
     [(SAT, "sans précédent dans l’histoire du secteur")]),
    ("Kassym-Jomart Tokaïev a appelé à « renforcer la coopération entre les pays de la région » "
     "lors du sommet d’Astana.",
     [(TOK, "renforcer la coopération entre les pays de la région")]),
    ("Sadyr Japarov veut faire du Kirghizstan « un pays sûr pour tous les investisseurs "
     "étrangers ».",
     [(JAP, "un pays sûr pour tous les investisseurs étrangers")]),
    ("Le président Chavkat Mirziyoyev a réaffirmé l’attachement de l’Ouzbékistan à une politique "
     "« ouverte, pragmatique et constructive envers ses voisins ».",
     [(MIR, "ouverte, pragmatique et constructive envers ses voisins")]),
    ("Tokaïev a critiqué les « lenteurs inacceptables de l’administration régionale » et exigé "
     "des résultats.",
     [(TOK, "lenteurs inacceptables de l’administration régionale")]),
    ("Le chef de la diplomatie ouzbèke, Bakhtiyor Saidov, s’est dit « profondément préoccupé par "
     "la situation en Afghanistan ».",
     [(SAI, "profondément préoccupé par la situation en Afghanistan")]),
    ("Lors du sommet, le président Chavkat Mirziyoyev a plaidé pour une « gestion commune et "
     "équitable des ressources en eau ».",
     [(MIR, "gestion commune et équitable des ressources en eau")]),
    ("Tokaïev a accusé Japarov de « vouloir diviser la région entre deux clans ».",
     [(TOK, "vouloir diviser la région entre deux clans")]),
    ("Сеитова назвала решение суда «политическим и абсолютно незаконным».",
     [(SEI, "политическим и абсолютно незаконным")]),
    ('Tokayev vowed to make Kazakhstan "a hub for transit between Europe and China".',
     [(TOK, "a hub for transit between Europe and China")]),
    # a pronoun subject stands for the person named before (and must agree in gender)
    ("Sadyr Japarov s’est rendu à Och. Il a promis « une aide rapide à toutes les familles "
     "sinistrées ».",
     [(JAP, "une aide rapide à toutes les familles sinistrées")]),
    ("La ministre Dinara Seitova a visité Och. Lundi, elle a dénoncé « la lenteur des travaux de "
     "reconstruction ».",
     [(SEI, "la lenteur des travaux de reconstruction")]),
    # further on in the sentence of an attributed quote, the same speaker carries on
    ('"Pour le moment, les tirs à la frontière ont cessé", a déclaré Sadyr Japarov, dénonçant '
     'toutefois les "provocations sur les réseaux sociaux" visant à "créer la division entre nous '
     'et nos voisins".',
     [(JAP, "Pour le moment, les tirs à la frontière ont cessé"),
      (JAP, "provocations sur les réseaux sociaux"),
      (JAP, "créer la division entre nous et nos voisins")]),
    ("Japarov a lancé aux journalistes qui l’attendaient : « Nous ne céderons jamais au "
     "chantage. »",
     [(JAP, "Nous ne céderons jamais au chantage.")]),
    ("Sadyr Japarov a visité Och. « La reconstruction sera achevée avant l’hiver », a-t-il "
     "assuré, avant d’ajouter que « personne ne sera oublié par l’État ».",
     [(JAP, "La reconstruction sera achevée avant l’hiver"),
      (JAP, "personne ne sera oublié par l’État")]),
]
NOT_FRAGMENTS = [  # scare quotes, names, and fragments whose subject is not the person
    "Sadyr Japarov a salué un accord « historique et équilibré » avec Douchanbé.",
    "Le tribunal a condamné Dinara Seitova pour « incitation à la haine sociale et nationale ».",
    "Le parquet accuse Dinara Seitova d’avoir « incité à la haine sociale et nationale ».",
    'The court fined Seitova for "spreading false information about the war".',
    "Суд оштрафовал Сеитову за «распространение заведомо ложной информации о войне».",
    "Tokaïev a rencontré les dirigeants de l’« Organisation des États turciques » à Bakou.",
    "Les critiques de Tokaïev parlent d’une « démocratie de façade sans véritable opposition ».",
    "Les partisans de Japarov dénoncent une « campagne de dénigrement orchestrée par l’étranger ».",
    "Tokaïev, visé par des accusations de « corruption massive au sein de sa famille », n’a pas "
    "réagi.",
    "Japarov a réagi aux propos de l’opposition, qui parle d’« une dérive autoritaire du régime ».",
    "Tokaïev a reçu Japarov et les deux présidents ont évoqué « un partenariat stratégique de "
    "long terme ».",
    "Selon les médias, Tokaïev et Japarov ont discuté des « grands projets hydroélectriques de "
    "la région ».",
    "Dinara Seitova travaille pour l’ONG « Liberté de la presse en Asie centrale ».",
    "Tokaïev a parlé longuement. Il faut « réformer en profondeur tout le système judiciaire ».",
    "Dinara Seitova est accusée par le parquet d’« appels à des troubles de masse dans le pays ».",
    'Seitova was jailed for "spreading false information about the army".',
    "Сеитова была обвинена в «распространении заведомо ложной информации».",
    "Sadyr Japarov a visité l’usine. Elle produit « des pièces détachées pour toute la région ».",
    "Japarov a répondu aux manifestants qui scandaient « nous voulons des élections libres "
    "maintenant ».",
    "L’ONG a dénoncé la condamnation de Dinara Seitova, qualifiant le procès de « mascarade "
    "judiciaire sans aucune preuve ».",
]
NOT_CARRIED = [  # a new subject in the sentence speaks for itself; a name is nobody's words
    ("« Les investisseurs sont les bienvenus chez nous », a déclaré Tokaïev lors du « Forum "
     "international d’Astana 2025 ».",
     [(TOK, "Les investisseurs sont les bienvenus chez nous")]),
    ("« Les prix vont baisser », a déclaré Tokaïev, mais l’opposition parle d’« une promesse "
     "électorale sans lendemain ».",
     [(TOK, "Les prix vont baisser")]),
    ("« Les prix vont baisser », a déclaré Tokaïev, alors que Japarov évoquait « une crise "
     "durable dans toute la région ».",
     [(TOK, "Les prix vont baisser"), (JAP, "une crise durable dans toute la région")]),
]


def test_fragments_inside_a_sentence_are_the_subjects_words():
    assert check(FRAGMENTS) == []


def test_a_new_subject_in_the_sentence_stops_the_speaker_carrying_on():
    assert check(NOT_CARRIED) == []


@pytest.mark.parametrize("text", NOT_FRAGMENTS)
def test_scare_quotes_names_and_other_subjects_are_not_quotes(text):
    assert found(text) == []


# --- 2. the speaker after the quote is a pronoun or a title for a person named earlier
TITLES = [
    ("Le président Kassym-Jomart Tokaïev a reçu les investisseurs à Astana. « Le Kazakhstan "
     "restera ouvert aux capitaux étrangers », a déclaré le président.",
     [(TOK, "Le Kazakhstan restera ouvert aux capitaux étrangers")]),
    ("Le ministre des Affaires étrangères, Bakhtiyor Saidov, est arrivé à Kaboul mardi. Il a "
     "rencontré des responsables talibans. « Nous voulons un voisin stable et prospère », a "
     "indiqué le ministre.",
     [(SAI, "Nous voulons un voisin stable et prospère")]),
    ("Kassym-Jomart Tokaïev, président du Kazakhstan, a ouvert le forum. « Notre économie doit se "
     "diversifier rapidement », a souligné le chef de l’État.",
     [(TOK, "Notre économie doit se diversifier rapidement")]),
    ("Sadyr Japarov s’est adressé à la nation lundi soir. « Personne ne touchera à nos "
     "frontières », a-t-il souligné.",
     [(JAP, "Personne ne touchera à nos frontières")]),
    ("Le président kirghiz Sadyr Japarov et le ministre de l’Énergie Almasadam Satkaliev ont "
     "visité le barrage. « Les travaux seront achevés en 2027 », a précisé le ministre.",
     [(SAT, "Les travaux seront achevés en 2027")]),
    ("La ministre Dinara Seitova a présenté le budget. « Les dépenses sociales augmenteront de "
     "12 % », a-t-elle affirmé.",
     [(SEI, "Les dépenses sociales augmenteront de 12 %")]),
    ("Le Premier ministre Akylbek Japarov et le président Sadyr Japarov ont inauguré l’usine. "
     "« C’est un jour historique pour le pays », a déclaré le chef de l’État.",
     [(JAP, "C’est un jour historique pour le pays")]),
    ("Le président du Sénat Murat Nurtleu est arrivé. « La séance est ouverte pour tous les "
     "députés », a annoncé le président.",
     [(NUR, "La séance est ouverte pour tous les députés")]),
    ("Le chef de la diplomatie ouzbèke Bakhtiyor Saidov a rencontré son homologue. « Les "
     "frontières resteront ouvertes », a assuré le ministre des Affaires étrangères.",
     [(SAI, "Les frontières resteront ouvertes")]),
    ('This was stated by the President of the country Kassym-Jomart Tokayev on Friday. "Russia '
     'is working actively with Kazakhstan on trade and investment," the Kazakh leader said.',
     [(TOK, "Russia is working actively with Kazakhstan on trade and investment")]),
    ("« Le dialogue avec Douchanbé doit reprendre au plus vite », a déclaré le porte-parole de "
     "Sadyr Japarov, Bakhtiyor Saidov.",
     [(SAI, "Le dialogue avec Douchanbé doit reprendre au plus vite")]),
    # "he" is the subject of the last sentence (Tokayev said …), not the object named after it
    ('Speaking about the visit, Tokayev said he spent four hours talking with Bakhtiyor Saidov. '
     '"I was given explanations about the new budget," he said.',
     [(TOK, "I was given explanations about the new budget")]),
]
# a title opening the sentence is its subject (brief: « Le ministre a promis une réforme « … » »)
TITLE_SUBJECTS = [
    ("Le ministre des Affaires étrangères, Bakhtiyor Saidov, a parlé jeudi. Le ministre a "
     "également exhorté à la « cessation immédiate des actions militaires en Ukraine ».",
     [(SAI, "cessation immédiate des actions militaires en Ukraine")]),
    ("Le président Kassym-Jomart Tokaïev a reçu les investisseurs. Le président a déclaré : « Le "
     "Kazakhstan restera ouvert aux capitaux. »",
     [(TOK, "Le Kazakhstan restera ouvert aux capitaux.")]),
    ("Le président Kassym-Jomart Tokaïev a parlé. Lundi, le chef de l’État a promis une réforme "
     "« sans précédent dans l’histoire du pays ».",
     [(TOK, "sans précédent dans l’histoire du pays")]),
    ("Le président kazakh Kassym-Jomart Tokaïev a annoncé un référendum. Le chef de l'Etat a "
     "insisté sur le besoin d’énergie fiable pour « répondre à la croissance rapide de "
     "l'économie ».",
     [(TOK, "répondre à la croissance rapide de l'économie")]),
    ("Президент Казахстана Касым-Жомарт Токаев провёл совещание. Глава государства подчеркнул: "
     "«Правительство должно работать эффективнее».",
     [(TOK, "Правительство должно работать эффективнее")]),
    # a title with another nationality is someone else
    ("Le président russe Vladimir Poutine a reçu le président Kassym-Jomart Tokaïev. « Nos "
     "échanges ont doublé en cinq ans », a déclaré le président kazakh.",
     [(TOK, "Nos échanges ont doublé en cinq ans")]),
]


def test_a_title_opening_the_sentence_is_the_person_named_with_it():
    assert check(TITLE_SUBJECTS) == []


# a description after the quote: the profession the person was introduced with, in any language
DESCRIBED = [
    ("Dinara Seitova vit à Och depuis vingt ans. « Nous avons tout perdu en une nuit », raconte "
     "cette mère de trois enfants.",
     [(SEI, "Nous avons tout perdu en une nuit")]),
    ("Le journaliste a interrogé Sadyr Japarov. « La réforme sera achevée en 2026 », a précisé ce "
     "dernier.",
     [(JAP, "La réforme sera achevée en 2026")]),
    ("Sadyr Japarov a parlé. « Les réformes avancent trop lentement », a déclaré ce mardi un "
     "député.",
     []),
    ("«Правительство должно работать эффективнее», — приводит слова Токаева ТАСС.",
     [(TOK, "Правительство должно работать эффективнее")]),
    ("Казахстанская теннисистка Динара Сеитова выиграла турнир. «Я очень долго ждала такого конца "
     "сезона», — сказала 26-летняя спортсменка на церемонии награждения.",
     [(SEI, "Я очень долго ждала такого конца сезона")]),
    ("Le politologue Murat Nurtleu suit la campagne depuis Almaty. « Le scrutin ne changera rien à "
     "l’équilibre des pouvoirs », estime l’expert.",
     [(NUR, "Le scrutin ne changera rien à l’équilibre des pouvoirs")]),
]


def test_a_description_after_the_quote_is_the_profession_given_before():
    assert check(DESCRIBED) == []


# a line ending with a colon introduces the quote opening the next one
INTERVIEWS = [
    ("Emomali Rahmon, président du Tadjikistan :\n“Pendant l’ère soviétique, les fêtes étaient "
     "interdites.”",
     [("Emomali Rahmon", "Pendant l’ère soviétique, les fêtes étaient interdites.")]),
    ("Dinara Seitova :\n« La situation des journalistes empire chaque année. »\n\nQuestion du "
     "journaliste :\n« Et l’avenir de votre rédaction ? »",
     [(SEI, "La situation des journalistes empire chaque année.")]),
    ("Devant le parlement, Tokaïev a déclaré :\n« Nous ne reviendrons jamais en arrière. »",
     [(TOK, "Nous ne reviendrons jamais en arrière.")]),
    ("Tokaïev a reçu Japarov. Il a ensuite déclaré :\n« Nos deux pays sont frères depuis "
     "toujours. »",
     [(TOK, "Nos deux pays sont frères depuis toujours.")]),
]


def test_a_line_ending_with_a_colon_introduces_the_next_quote():
    people = dict(PEOPLE, **{"Emomali Rahmon": "Emomali Rahmon"})
    got = [[(h.speaker, h.text) for h in find_quotes(text, mentions(text, people))]
           for text, _ in INTERVIEWS]
    assert got == [expected for _, expected in INTERVIEWS]


NO_TITLE_HOLDER = [
    "Le président Kassym-Jomart Tokaïev a parlé. Le gouvernement a critiqué le président pour "
    "son « manque de fermeté face aux oligarques ».",
    "Le président kazakh Kassym-Jomart Tokaïev a reçu Vladimir Poutine. « Nos échanges ont doublé "
    "en cinq ans », a déclaré le président russe.",
    "« Les négociations avec Douchanbé avancent », a déclaré le porte-parole de Sadyr Japarov.",
    "«Президент держит ситуацию в стране под контролем», — подчеркнул пресс-секретарь Токаева.",
    "« Nous ne reviendrons pas en arrière », a déclaré le président.",
    "Le ministre Almasadam Satkaliev a quitté la salle. « Nous attendons des excuses "
    "officielles », a déclaré le ministère.",
    "Le porte-parole du président, Aïbek Smadiyarov, a parlé aux journalistes. Le président "
    "Tokaïev était absent. « Les négociations avancent vite », a dit le porte-parole.",
]


SOURCE_PRONOUNS = [
    ("Sadyr Japarov a visité Och. Selon lui, « la reconstruction sera achevée avant l’hiver ».",
     [(JAP, "la reconstruction sera achevée avant l’hiver")]),
    ("Жапаров посетил Ош. По его словам, «восстановление завершится до зимы».",
     [(JAP, "восстановление завершится до зимы")]),
    ('Tokayev visited Aktau. According to him, "the port will double its capacity by 2027."',
     [(TOK, "the port will double its capacity by 2027.")]),
    ("Dinara Seitova dirige l’ONG depuis 2015. Pour elle, « la loi sur les agents étrangers vise "
     "les journalistes ».",
     [(SEI, "la loi sur les agents étrangers vise les journalistes")]),
]


SOURCE_PRONOUNS += [
    ("Dinara Seitova connaît bien le président. Selon elle, Sadyr Japarov reste « le seul garant "
     "de la stabilité du pays ».",
     [(SEI, "le seul garant de la stabilité du pays")]),
    ("Pour Tokaïev, il s’agit d’« une étape décisive pour toute la région ».",
     [(TOK, "une étape décisive pour toute la région")]),
    ("Selon Dinara Seitova, le pays est « prêt à accueillir les investisseurs étrangers ».",
     [(SEI, "prêt à accueillir les investisseurs étrangers")]),
]


def test_selon_lui_and_po_ego_slovam_name_the_person_before():
    assert check(SOURCE_PRONOUNS) == []


def test_a_title_or_a_pronoun_after_the_quote_names_the_person_introduced_with_it():
    assert check(TITLES) == []


@pytest.mark.parametrize("text", NO_TITLE_HOLDER)
def test_a_title_nobody_named_or_an_institution_gives_no_speaker(text):
    assert found(text) == []


def test_an_inflected_surname_the_entity_stage_missed_names_the_person():
    text = ("Мы поговорили с гидроэкологом Айгуль Сарсенбаевой из Алматы. «Уровень озера опустился "
            "почти на метр ниже нормы», — рассказала Сарсенбаева. «Нам нужны конкретные объёмы "
            "воды», — добавила Сарсенбаевой.")
    people = {"Айгуль Сарсенбаевой": "Айгуль Сарсенбаева"}  # the bare surnames are not mentions
    hits = find_quotes(text, mentions(text, people))
    assert [(h.speaker, h.text) for h in hits] == [
        ("Айгуль Сарсенбаева", "Уровень озера опустился почти на метр ниже нормы"),
        ("Айгуль Сарсенбаева", "Нам нужны конкретные объёмы воды")]
