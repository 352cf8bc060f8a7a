"""The demo démarche holds a lively, fictional debate: enough to try every side of Parlons."""

import pytest

from parlons.accounts.models import User
from parlons.debates.models import Contribution, OfficialAnswer, Reaction, Report
from parlons.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_debate_is_varied_and_complete():
    assert load_demo() is True
    top = Contribution.objects.filter(parent=None)
    replies = Contribution.objects.exclude(parent=None)
    assert 190 <= top.count() <= 220
    assert replies.count() >= 100 and replies.filter(depth=2).exists()
    assert Reaction.objects.count() >= 300
    bodies = list(top.values_list("body", flat=True))
    assert len(set(bodies)) == len(bodies), "every contribution reads differently"
    assert not any("{" in body for body in bodies)
    themes = set(top.exclude(theme=None).values_list("theme__name", flat=True))
    assert themes == {"Emploi", "Mobilité", "Santé", "Sécurité", "Vivre ensemble"}
    sources = set(top.values_list("source", flat=True))
    assert sources == {"online", "counter", "paper", "meeting"}
    mediated = top.exclude(source="online")
    assert not mediated.filter(consent_given=False).exists()
    assert not mediated.exclude(author=None).exists()
    assert (
        top.filter(source="meeting").exclude(occasion=None).count()
        == top.filter(source="meeting").count()
    )
    citizens = User.objects.filter(email__endswith="@demo.parlons.invalid")
    assert citizens.count() == 40
    assert citizens.first().check_password("demo-parlons")
    assert OfficialAnswer.objects.filter(author__email="experte@demo.parlons.fr").count() >= 3
    assert top.filter(is_hidden=True).exclude(hidden_reason="").count() == 2
    assert Report.objects.filter(handled_at=None).count() == 2
    assert Contribution.objects.filter(author__email="citoyenne@demo.parlons.fr").exists()


def test_the_demo_reloads_without_duplicating_people():
    load_demo()
    load_demo(force=True)
    assert User.objects.filter(email__endswith="@demo.parlons.invalid").count() == 40
    assert 190 <= Contribution.objects.filter(parent=None).count() <= 220
