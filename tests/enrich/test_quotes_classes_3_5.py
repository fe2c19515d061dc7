"""Quote classes 3 to 5 of issue 14 (steppe.enrich.quotes): quotations over several paragraphs,
English and Russian attribution, ballot questions and titles of laws that are nobody's words,
and how a speaker is named. Sentences written for these tests in the style of the region's
press; helpers and people are those of ``test_quotes_classes.py``.
"""

from __future__ import annotations

import pytest

from tests.enrich.test_quotes_classes import JAP, SAI, SAT, SEI, TOK, check, found

# --- 3. a quotation over several paragraphs: the first part's speaker carries on
PARAGRAPHS = [
    ("Tokaïev a déclaré : « Le pays a besoin de réformes profondes.\n\n« Nous allons moderniser "
     "l’économie et la justice. »\n\nLa séance a ensuite été levée.",
     [(TOK, "Le pays a besoin de réformes profondes."),
      (TOK, "Nous allons moderniser l’économie et la justice.")]),
    ("« La sécheresse a détruit la moitié des récoltes cette année.\n\n« Sans aide de l’État, les "
     "fermiers partiront en Russie », a averti Dinara Seitova.",
     [(SEI, "La sécheresse a détruit la moitié des récoltes cette année."),
      (SEI, "Sans aide de l’État, les fermiers partiront en Russie")]),
    ("« Nous allons reconstruire les écoles.\n\n« Et les hôpitaux suivront.\n\n« Personne ne sera "
     "oublié », a promis Sadyr Japarov.",
     [(JAP, "Nous allons reconstruire les écoles."), (JAP, "Et les hôpitaux suivront."),
      (JAP, "Personne ne sera oublié")]),
    ('Tokayev said: "We will diversify the economy.\n\n"We will also reform the courts and the '
     'police."\n\nThe session closed.',
     [(TOK, "We will diversify the economy."),
      (TOK, "We will also reform the courts and the police.")]),
    ("Bakhtiyor Saidov told the conference: “Water is our most urgent problem.\n\n“Without a "
     "regional agreement, the Aral Sea will not recover.”",
     [(SAI, "Water is our most urgent problem."),
      (SAI, "Without a regional agreement, the Aral Sea will not recover.")]),
    # an opening mark left unclosed before a whole quote with its verb was a typo
    ("Le dirigeant kazakh a cité un dicton : « À quoi sert la richesse mal acquise ? « C’est la "
     "règle de toute ma vie », a déclaré Tokaïev.\n« J’ai promis d’être fidèle aux rêves de mon "
     "pays », a-t-il ajouté.",
     [(TOK, "C’est la règle de toute ma vie"),
      (TOK, "J’ai promis d’être fidèle aux rêves de mon pays")]),
    ("« Les prix ont doublé en un an », a déclaré Dinara Seitova.\n\n« Le gouvernement n’a rien "
     "fait pour les familles », a répondu un député de l’opposition.",
     [(SEI, "Les prix ont doublé en un an")]),
]


def test_a_quotation_over_paragraphs_keeps_its_speaker():
    assert check(PARAGRAPHS) == []


# --- 4. English and Russian attribution
ENGLISH_RUSSIAN = [
    ('"We will not accept any new tariffs," said Bakhtiyor Saidov.',
     [(SAI, "We will not accept any new tariffs")]),
    ('Bakhtiyor Saidov said: "Uzbekistan wants a stable Afghanistan."',
     [(SAI, "Uzbekistan wants a stable Afghanistan.")]),
    ('"Our gas exports will grow next year," Satkaliev said on Tuesday.',
     [(SAT, "Our gas exports will grow next year")]),
    ('Tokayev met investors in Astana. "Kazakhstan remains open for business," he said.',
     [(TOK, "Kazakhstan remains open for business")]),
    ('President Kassym-Jomart Tokayev opened the session. "The reforms will continue next year," '
     "the president said.",
     [(TOK, "The reforms will continue next year")]),
    ('Energy minister Almasadam Satkaliev visited the plant. "We expect the first gas in May," the '
     "minister said.",
     [(SAT, "We expect the first gas in May")]),
    ('President Kassym-Jomart Tokayev opened the session. The Kazakh President stressed that "the '
     'reforms will continue next year."',
     [(TOK, "the reforms will continue next year.")]),
    ('President Kassym-Jomart Tokayev opened the session. According to the President, "the '
     'reforms will continue next year."',
     [(TOK, "the reforms will continue next year.")]),
    ('Uzbek Foreign Minister Bakhtiyor Saidov met Afghan officials. The Uzbek foreign minister '
     'said: "We want a stable neighbour."',
     [(SAI, "We want a stable neighbour.")]),
    ('Tokayev told reporters "the pipeline will be finished by 2027."',
     [(TOK, "the pipeline will be finished by 2027.")]),
    ('According to Saidov, "the talks with Kabul have made real progress."',
     [(SAI, "the talks with Kabul have made real progress.")]),
    ("«Мы не допустим повышения тарифов», — заявил Бахтиёр Саидов.",
     [(SAI, "Мы не допустим повышения тарифов")]),
    ("«Экономика страны растёт быстрее прогнозов», — сказал Токаев.",
     [(TOK, "Экономика страны растёт быстрее прогнозов")]),
    ("Садыр Жапаров заявил: «Границы с соседями должны быть открыты».",
     [(JAP, "Границы с соседями должны быть открыты")]),
    ("Токаев отметил, что «реформы будут продолжены в следующем году».",
     [(TOK, "реформы будут продолжены в следующем году")]),
    ("Жапаров посетил Ош. «Мы построим здесь новую больницу», — сказал он.",
     [(JAP, "Мы построим здесь новую больницу")]),
    ("Президент Казахстана Касым-Жомарт Токаев провёл совещание. «Правительство должно работать "
     "эффективнее», — подчеркнул президент.",
     [(TOK, "Правительство должно работать эффективнее")]),
    ("По словам Токаева, «страна выполнит все обязательства перед партнёрами».",
     [(TOK, "страна выполнит все обязательства перед партнёрами")]),
    ("Как заявил Токаев, «страна выполнит все обязательства перед партнёрами».",
     [(TOK, "страна выполнит все обязательства перед партнёрами")]),
    ("Президент Казахстана Касым-Жомарт Токаев провёл совещание. Как отметил глава государства, "
     "«правительство должно работать эффективнее».",
     [(TOK, "правительство должно работать эффективнее")]),
    ("«Правительство должно работать эффективнее» — заявил Токаев.",
     [(TOK, "Правительство должно работать эффективнее")]),
    ("‘We will not accept new tariffs on our grain,’ says Tokayev.",
     [(TOK, "We will not accept new tariffs on our grain")]),
    ("Tokayev: ‘Kazakhstan’s army will stay neutral in this conflict’",
     [(TOK, "Kazakhstan’s army will stay neutral in this conflict")]),
]
NOT_ENGLISH_RUSSIAN = [
    'Tokayev’s press secretary said: "The president is in full control of the situation."',
    "Пресс-секретарь Токаева заявил: «Президент полностью контролирует ситуацию».",
    'Energy minister Almasadam Satkaliev visited the plant. "We expect the first gas in May," the '
    "ministry said.",
    "Токаев провёл совещание. «Правительство должно работать эффективнее», — сообщила "
    "пресс-служба.",
]


def test_english_and_russian_speakers():
    assert check(ENGLISH_RUSSIAN) == []


@pytest.mark.parametrize("text", NOT_ENGLISH_RUSSIAN)
def test_english_and_russian_institutions_are_no_speakers(text):
    assert found(text) == []


# --- 5. ballot questions and titles of laws or programmes are nobody's words
BALLOTS_AND_TITLES = [
    "Le décret signé par Tokaïev fixe la question du référendum : « Approuvez-vous la "
    "construction d’une centrale nucléaire au Kazakhstan ? »",
    "Sadyr Japarov a signé le décret. Les électeurs devront répondre à la question « Êtes-vous "
    "favorable au passage à un régime présidentiel ? »",
    "Le bulletin portait la question « Soutenez-vous la nouvelle Constitution ? », a rappelé "
    "Japarov.",
    "Tokaïev a promulgué la loi « Sur la protection des droits des enfants au Kazakhstan ».",
    "Japarov a lancé le programme « Un million d’arbres pour le Kirghizstan » au printemps.",
    "Dinara Seitova dirige le programme « deux millions d’arbres pour Bichkek » depuis 2021.",
    'Tokayev signed the law "On Public Control in the Republic of Kazakhstan" on Monday.',
    'Voters were asked: "Do you approve the construction of a nuclear power plant?" Tokayev '
    "signed the decree.",
    "Токаев подписал закон «О государственном контроле в Республике Казахстан».",
    "Жапаров подписал указ. Вопрос референдума: «Согласны ли вы с новой редакцией Конституции?»",
]


@pytest.mark.parametrize("text", BALLOTS_AND_TITLES)
def test_ballot_questions_and_titles_are_not_quotes(text):
    assert found(text) == []


def test_a_question_a_person_asks_is_still_a_quote():
    text = "« Êtes-vous prêts à travailler plus pour le pays ? », a lancé Tokaïev aux étudiants."
    assert found(text) == [(TOK, "Êtes-vous prêts à travailler plus pour le pays ?")]


@pytest.mark.parametrize("forms, name", [
    (["Касым-Жомарта Токаева", "Касым-Жомарт Токаев", "Токаев"], "Касым-Жомарт Токаев"),
    (["Айгуль Сарсенбаевой", "Айгуль Сарсенбаева"], "Айгуль Сарсенбаева"),
    (["M. Tokaïev", "Kassym-Jomart Tokaïev", "Tokaïev"], "Kassym-Jomart Tokaïev"),
])
def test_a_speaker_is_named_in_the_most_complete_uninflected_form(forms, name):
    from steppe.enrich.components.quotes import _written_name
    assert _written_name(forms) == name
