"""The spam score: each sign weighs what it says, the moderators' decisions teach the rest."""

import pytest

from parlons.core.spam import LearntModel, score

pytestmark = pytest.mark.engine

THRESHOLD = 0.5
PLAIN = "Il faudrait un atelier numérique le samedi matin à la médiathèque de Lanvenec."


def test_an_ordinary_contribution_is_not_held_even_from_a_new_account():
    verdict = score(PLAIN, account_age_hours=0.5)
    assert not verdict.held(THRESHOLD)
    assert round(verdict.probability, 3) == 0.091
    assert [r.text for r in verdict.reasons] == ["compte créé il y a moins d'un jour"]


def test_links_and_spam_phrases_hold_a_post_and_say_why():
    text = "Gagnez de l'argent facilement, cliquez ici : https://exemple.test/promo"
    verdict = score(text)
    assert verdict.held(THRESHOLD)
    assert verdict.explanation() == (
        "Probabilité estimée de contenu indésirable : 93 %. "
        "expression fréquente dans le spam : « gagnez de l'argent » ; "
        "expression fréquente dans le spam : « cliquez ici » ; 1 lien."
    )


def test_repetition_capitals_and_a_text_posted_again_count():
    shouting = "ACHETEZ ACHETEZ ACHETEZ MAINTENANT CE PRODUIT ACHETEZ VITE ACHETEZ"
    verdict = score(shouting, posted_before=True)
    texts = [r.text for r in verdict.reasons]
    assert texts == [
        "le mot « achetez » répété 5 fois",
        "écrit presque entièrement en capitales",
        "le même texte a déjà été publié",
    ]
    assert verdict.held(THRESHOLD)


def test_the_moderators_decisions_tip_a_doubtful_post_and_stay_bounded():
    hidden = [f"Super promo montres de luxe pas chères, offre {n}" for n in range(12)]
    kept = [f"Le car de la ligne {n} ne passe plus le dimanche à Lanvenec" for n in range(12)]
    model = LearntModel.from_decisions(hidden, kept)
    doubtful = "Montres de luxe en promo https://exemple.test"
    assert not score(doubtful).held(THRESHOLD)
    learnt = score(doubtful, model=model)
    assert learnt.held(THRESHOLD)
    assert "mots proches des contenus masqués par la modération : " in learnt.explanation()
    assert max(r.weight for r in learnt.reasons) == 2.5  # bounded
    assert not score(PLAIN, model=model).held(THRESHOLD)


def test_a_few_decisions_teach_nothing_yet():
    model = LearntModel.from_decisions(["promo montres"] * 3, ["car dimanche"] * 3)
    assert model.log_odds("promo montres") == (0.0, [])
