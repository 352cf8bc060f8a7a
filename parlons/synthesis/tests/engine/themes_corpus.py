"""Generated French contributions on known topics, for engine tests that need no real data."""

import random

TOPICS = {
    "transports": [
        "bus",
        "train",
        "vélo",
        "piste cyclable",
        "tramway",
        "gare",
        "covoiturage",
        "horaires des bus",
        "transports en commun",
        "navette",
    ],
    "santé": [
        "hôpital",
        "médecin",
        "urgences",
        "infirmière",
        "pharmacie",
        "maison de santé",
        "généraliste",
        "soins",
        "kinésithérapeute",
        "dentiste",
    ],
    "école": [
        "école",
        "enseignant",
        "élèves",
        "cantine",
        "collège",
        "instituteur",
        "classe",
        "périscolaire",
        "cartable",
        "maternelle",
    ],
    "déchets": [
        "déchets",
        "recyclage",
        "tri sélectif",
        "compost",
        "poubelles",
        "déchetterie",
        "encombrants",
        "emballages",
        "ordures",
        "composteur",
    ],
}

# Openings made of stop words and boilerplate: what people write around their point.
OPENINGS = [
    "Il faudrait plus de {a} et de {b}.",
    "Je pense que le {a} et la {b}, c'est le plus important.",
    "À mon avis : {a}, {b} et {c}.",
    "Nous voulons {a} ; et aussi {b}.",
    "Merci de penser au {a} et au {b}, surtout à Lyon.",
    "Pour moi c'est le {a}. Et aussi {b} et {c}.",
    "{a} et {b}, notamment en Bretagne.",
]


def generated_contributions(per_topic: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """(id, text, topic) triples, shuffled, every text built from one topic's words."""
    generator = random.Random(seed)
    rows = []
    for topic, words in TOPICS.items():
        for number in range(per_topic):
            a, b, c = generator.sample(words, 3)
            text = generator.choice(OPENINGS).format(a=a, b=b, c=c)
            rows.append((f"{topic[:3]}-{number}", text, topic))
    generator.shuffle(rows)
    return rows
