"""Direct quotations and their speakers (steppe.enrich.quotes).

Each case is a short passage written for these tests in the style of the region's press, with
the speaker mentions an entity stage would hand over (surname-only mentions carry the full
canonical name). Expected quotes are (speaker, quoted words); an empty list means nothing
must be found.
"""

from __future__ import annotations

import re

import pytest

from steppe.enrich.quotes import QuoteHit, SpeakerSpan, find_quotes

PEOPLE = {
    "Kassym-Jomart Tokaïev": "Kassym-Jomart Tokaïev", "Tokaïev": "Kassym-Jomart Tokaïev",
    "Chavkat Mirziyoyev": "Chavkat Mirziyoyev", "Mirziyoyev": "Chavkat Mirziyoyev",
    "Sadyr Japarov": "Sadyr Japarov", "Japarov": "Sadyr Japarov",
    "Kassym-Jomart Tokayev": "Kassym-Jomart Tokaïev", "Tokayev": "Kassym-Jomart Tokaïev",
    "Shavkat Mirziyoyev": "Chavkat Mirziyoyev",
    "Касым-Жомарт Токаев": "Kassym-Jomart Tokaïev", "Токаев": "Kassym-Jomart Tokaïev",
    "Мирзиёева": "Chavkat Mirziyoyev", "Мирзиёев": "Chavkat Mirziyoyev",
    "Садыр Жапаров": "Sadyr Japarov", "Жапаров": "Sadyr Japarov",
    "Aïbek Smadiyarov": "Aïbek Smadiyarov",
    "Gulnara Ismailova": "Gulnara Ismailova", "Mme Ismailova": "Gulnara Ismailova",
    "Rustam Azimov": "Rustam Azimov", "Azimov": "Rustam Azimov",
    "Айгерим Сапарова": "Aïguerim Saparova", "Сапаровой": "Aïguerim Saparova",
    "Samuel Brown": "Samuel Brown", "Daniyar Akhmetov": "Daniyar Akhmetov",
}
GUL, AZI, SAP = "Gulnara Ismailova", "Rustam Azimov", "Aïguerim Saparova"
TOK, MIR, JAP = "Kassym-Jomart Tokaïev", "Chavkat Mirziyoyev", "Sadyr Japarov"


def mentions(text: str) -> list[SpeakerSpan]:
    """Person mentions as the entity stage would give them: longest surface form first."""
    spans: list[SpeakerSpan] = []
    for surface in sorted(PEOPLE, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if not any(s.start <= m.start() < s.end for s in spans):
                name = PEOPLE[surface]
                spans.append(SpeakerSpan(m.start(), m.end(), name, "person:" + name.lower()))
    return sorted(spans, key=lambda s: s.start)


def found(text: str) -> list[tuple[str, str]]:
    return [(h.speaker, h.text) for h in find_quotes(text, mentions(text))]


CASES = [
    # --- French: verb after the quote
    ("« Le Kazakhstan restera un partenaire fiable pour tous ses voisins », a déclaré "
     "Kassym-Jomart Tokaïev.",
     [(TOK, "Le Kazakhstan restera un partenaire fiable pour tous ses voisins")]),
    ("« Nous devons ouvrir nos frontières au commerce », a souligné le président ouzbek "
     "Chavkat Mirziyoyev lors du forum.",
     [(MIR, "Nous devons ouvrir nos frontières au commerce")]),
    ("« La sécurité de la région est indivisible », selon Tokaïev.",
     [(TOK, "La sécurité de la région est indivisible")]),
    ("« Ce n’est pas acceptable ! », a lancé Japarov.",
     [(JAP, "Ce n’est pas acceptable !")]),
    ("« Les échanges vont doubler d’ici 2030 », a déclaré M. Tokaïev devant les investisseurs.",
     [(TOK, "Les échanges vont doubler d’ici 2030")]),
    # --- French: speaker before the quote
    ("Tokaïev a déclaré\u00a0: «\u00a0Nous ne participerons à aucune alliance militaire.\u00a0»",
     [(TOK, "Nous ne participerons à aucune alliance militaire.")]),
    ("Mirziyoyev a affirmé que « l’Ouzbékistan ne sera plus jamais un pays fermé ».",
     [(MIR, "l’Ouzbékistan ne sera plus jamais un pays fermé")]),
    ("Selon Japarov, « la dissolution du parlement était la seule issue possible ».",
     [(JAP, "la dissolution du parlement était la seule issue possible")]),
    ("Pour Mirziyoyev, « l’eau est la question la plus urgente de la région ».",
     [(MIR, "l’eau est la question la plus urgente de la région")]),
    ("Tokaïev a estimé que le pays devait « rester ouvert aux investisseurs étrangers ».",
     [(TOK, "rester ouvert aux investisseurs étrangers")]),
    ("Tokaïev : « Le Kazakhstan ne sera jamais une plateforme de contournement des sanctions »",
     [(TOK, "Le Kazakhstan ne sera jamais une plateforme de contournement des sanctions")]),
    ('Japarov a assuré que "les élections se tiendront dans le respect de la loi".',
     [(JAP, "les élections se tiendront dans le respect de la loi")]),
    ("Le porte-parole du ministère, Aïbek Smadiyarov, a indiqué : « Aucune décision n’a encore "
     "été prise sur ce dossier. »",
     [("Aïbek Smadiyarov", "Aucune décision n’a encore été prise sur ce dossier.")]),
    # --- French: incise, pronouns, several quotes
    ("« Nous sommes prêts, a déclaré Tokaïev, à coopérer avec tous nos partenaires. »",
     [(TOK, "Nous sommes prêts, a déclaré Tokaïev, à coopérer avec tous nos partenaires.")]),
    ("« Les échanges vont doubler », a déclaré Tokaïev. « Nous devons aussi moderniser les "
     "douanes », a-t-il ajouté.",
     [(TOK, "Les échanges vont doubler"), (TOK, "Nous devons aussi moderniser les douanes")]),
    ("Tokaïev a reçu Mirziyoyev à Astana. « Nos peuples sont frères depuis des siècles », "
     "a-t-il dit.",
     [(TOK, "Nos peuples sont frères depuis des siècles")]),
    ("Japarov s’est rendu à Douchanbé. Il a ajouté que « la frontière commune doit rester un "
     "espace de paix ».",
     [(JAP, "la frontière commune doit rester un espace de paix")]),
    ("« Le dialogue est la seule voie possible », a déclaré Tokaïev, ajoutant que « personne ne "
     "gagne une guerre commerciale ».",
     [(TOK, "Le dialogue est la seule voie possible"),
      (TOK, "personne ne gagne une guerre commerciale")]),
    ("« Nous avons signé douze accords », a déclaré Tokaïev. « L’Ouzbékistan est prêt à aller "
     "plus loin », a répondu Mirziyoyev.",
     [(TOK, "Nous avons signé douze accords"), (MIR, "L’Ouzbékistan est prêt à aller plus loin")]),
    ("« Les prix de l’énergie vont baisser cet hiver », explique-t-elle à propos du plan de "
     "Japarov.",
     []),
    ("Tokaïev, qui recevait Mirziyoyev, a déclaré : « Nos deux pays partagent un destin "
     "commun. »",
     [(TOK, "Nos deux pays partagent un destin commun.")]),
    ("Tokaïev a parlé longuement.\n« Nous resterons neutres dans ce conflit », a-t-il dit.",
     [(TOK, "Nous resterons neutres dans ce conflit")]),
    ("L’agricultrice Gulnara Ismailova, 54 ans, reste prudente : « La pluie est revenue, mais "
     "les canaux restent vides. »",
     [(GUL, "La pluie est revenue, mais les canaux restent vides.")]),
    ("« Les commandes ont doublé depuis le printemps », se réjouit Rustam Azimov, qui dirige "
     "une usine textile à Namangan.",
     [(AZI, "Les commandes ont doublé depuis le printemps")]),
    # interview: a woman introduced three sentences back, a man named in between
    ("Gulnara Ismailova dirige une coopérative de 40 familles près de Khodjent. Le ministre "
     "Rustam Azimov a visité la coopérative en mai. Comment s’est passée la récolte ? « Mieux "
     "que prévu, malgré la chaleur de juillet », raconte-t-elle.\n\nEt l’an prochain ? « Nous "
     "voulons planter des abricotiers sur dix hectares. »",
     [(GUL, "Mieux que prévu, malgré la chaleur de juillet"),
      (GUL, "Nous voulons planter des abricotiers sur dix hectares.")]),
    ("« Les prix du coton ne couvrent plus nos coûts », a déclaré l’économiste Gulnara "
     "Ismailova. Le gouvernement prépare une réforme des subventions. « Sans aide, les petites "
     "exploitations disparaîtront », prévient l’économiste.",
     [(GUL, "Les prix du coton ne couvrent plus nos coûts"),
      (GUL, "Sans aide, les petites exploitations disparaîtront")]),
    # --- English
    ('"We will never accept sanctions that hurt our citizens," Tokayev said on Monday.',
     [(TOK, "We will never accept sanctions that hurt our citizens")]),
    ('Tokayev said: "Kazakhstan is open to investors from all over the world."',
     [(TOK, "Kazakhstan is open to investors from all over the world.")]),
    ("“Water is the most urgent issue for Central Asia,” said Shavkat Mirziyoyev.",
     [(MIR, "Water is the most urgent issue for Central Asia")]),
    ("According to Tokayev, “the region needs its own transport corridors to Europe.”",
     [(TOK, "the region needs its own transport corridors to Europe.")]),
    ('"Our borders remain open to trade," the president, Kassym-Jomart Tokayev, said.',
     [(TOK, "Our borders remain open to trade")]),
    ('"The grid cannot absorb more solar power," said Daniyar Akhmetov, an engineer at the '
     'plant. "We had to cut output twice in May." Energy minister Samuel Brown has promised '
     "new lines.",
     [("Daniyar Akhmetov", "The grid cannot absorb more solar power"),
      ("Daniyar Akhmetov", "We had to cut output twice in May.")]),
    ('"Trade has doubled in five years," Tokayev said. "We now want to double it again," '
     "he added.",
     [(TOK, "Trade has doubled in five years"), (TOK, "We now want to double it again")]),
    # --- Russian
    ("«Мы будем и дальше развивать сотрудничество с соседями», — заявил Токаев.",
     [(TOK, "Мы будем и дальше развивать сотрудничество с соседями")]),
    ("По словам Мирзиёева, «Узбекистан открыт для инвесторов со всего мира».",
     [(MIR, "Узбекистан открыт для инвесторов со всего мира")]),
    ("Жапаров отметил: «Выборы пройдут честно и прозрачно, как того требует закон».",
     [(JAP, "Выборы пройдут честно и прозрачно, как того требует закон")]),
    ("Токаев заявил, что «Казахстан не будет участвовать в обходе санкций».",
     [(TOK, "Казахстан не будет участвовать в обходе санкций")]),
    ("«Закон лишит нас всех грантов», — заявила директор фонда «Открытый диалог» Айгерим "
     "Сапарова.",
     [(SAP, "Закон лишит нас всех грантов")]),
    ("«Озеро может исчезнуть за двадцать лет»: интервью с гидрологом Айгерим Сапаровой",
     [(SAP, "Озеро может исчезнуть за двадцать лет")]),
    ("«Компания «Казахтелеком» выполнит все обязательства перед клиентами», — заверил Токаев. "
     "«Тарифы не вырастут до конца года», — добавил он.",
     [(TOK, "Компания «Казахтелеком» выполнит все обязательства перед клиентами"),
      (TOK, "Тарифы не вырастут до конца года")]),
    # --- Not quotations, or no named speaker
    ("L’application, conçue comme une « SuperApp », est devenue la « messagerie nationale » "
     "du Kazakhstan, a déclaré Tokaïev.",
     []),
    ("Tokaïev a qualifié l’accord d’« historique et équilibré ».", []),
    ("Un responsable a déclaré : « Les négociations avancent bien et un accord est proche. »", []),
    ("« Tokaïev a trahi nos espoirs de changement », a déclaré un opposant.", []),
    ("Tokaïev a présenté le livre « Diplomatie et sécurité en Asie centrale moderne » à Astana.",
     []),
    ("Mirziyoyev a lancé l’opération « Bouclier du peuple contre la drogue » dans la vallée.", []),
    ("Japarov a inauguré le « Central Asia Investment Forum » à Bichkek.", []),
    ('"We expect results very soon," a ministry spokesman said after meeting Tokayev.', []),
    ("Un tribunal a condamné la directrice de la rédaction, Gulnara Ismailova, pour « appels à "
     "des troubles de masse ».", []),
    ("« Les réformes vont dans le bon sens », a déclaré Tokaïev. Un expert a ensuite évoqué "
     "« des progrès trop lents pour les régions rurales ».",
     [(TOK, "Les réformes vont dans le bon sens")]),
    ("«Ситуация полностью под контролем властей», — сообщили в министерстве.", []),
    ("« Nous voulons la paix et la stabilité », a-t-il ajouté.", []),
    ("La visite de Tokaïev « en Asie centrale » n’a rien donné.", []),
    ("Tokaïev a rencontré des étudiants qui lui ont dit : « Nous voulons étudier en Europe et "
     "revenir ensuite »", []),
    ("« Le Kazakhstan d’abord et pour toujours » est le slogan de la campagne de Tokaïev.", []),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[f"case{i:02d}" for i in range(len(CASES))])
def test_quotes(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("name, gender", [
    ("Kassym-Jomart Tokaïev", "m"), ("Gulnara Ismailova", "f"), ("Makhabat Tajibek kyzy", "f"),
    ("Айгерим Сапарова", "f"), ("Шавкат Мирзиёев", "m"), ("Emomali Rahmon", ""),
    ("Donald Trump", ""),
])
def test_surname_gender(name, gender):
    from steppe.enrich.quote_referents import _name_gender
    assert _name_gender(name) == gender


def test_offsets_point_at_the_quoted_words():
    text = "Hier, Tokaïev a déclaré : « Nous resterons neutres dans ce conflit », puis il est parti."
    (hit,) = find_quotes(text, mentions(text))
    assert text[hit.start:hit.end] == hit.text == "Nous resterons neutres dans ce conflit"
    assert hit == QuoteHit(hit.start, hit.end, hit.text, TOK, "person:" + TOK.lower())


def test_speaker_id_comes_from_the_mention():
    text = "« Le dialogue reste notre priorité absolue », a déclaré Tokaïev."
    spans = [SpeakerSpan(m.start(), m.end(), TOK, None) for m in re.finditer("Tokaïev", text)]
    (hit,) = find_quotes(text, spans)
    assert (hit.speaker, hit.speaker_id) == (TOK, None)


def test_no_speakers_means_no_quotes():
    assert find_quotes("« Nous resterons neutres dans ce conflit », a déclaré le ministre.", []) == []


def test_unclosed_mark_does_not_swallow_the_text():
    text = ("Le slogan « Kazakhstan d’abord est partout. " + "Texte. " * 300
            + "« La réforme sera achevée en 2026 », a déclaré Tokaïev.")
    assert found(text) == [(TOK, "La réforme sera achevée en 2026")]


@pytest.mark.shared
def test_seed_gold_quotes(seed_gold):
    """The seed articles hold scare quotes (« messagerie nationale », « SuperApp ») and no
    speech: with the gold persons as mentions, exactly the gold quotes must come out."""
    for rec in seed_gold:
        spans = []
        for person in rec["gold"]["persons"]:
            for surface in [person["name"], *person["aliases"]]:
                spans += [SpeakerSpan(m.start(), m.end(), person["name"])
                          for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", rec["text"])]
        got = [(h.speaker, h.text) for h in find_quotes(rec["text"], spans)]
        assert got == [(q["speaker"], q["text"]) for q in rec["gold"]["quotes"]], rec["id"]


def test_cases_cover_languages_and_negatives():
    assert len(CASES) >= 30
    assert sum(1 for _, expected in CASES if not expected) >= 8
    assert any(re.search("[а-я]", text) for text, _ in CASES)
