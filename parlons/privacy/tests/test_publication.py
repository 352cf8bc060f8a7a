"""Published text is masked, except the public figures the territory lists."""

import pytest

from parlons.privacy.publication import forget_cached_scrubber, public_text


@pytest.fixture(autouse=True)
def fresh_cache():
    forget_cached_scrubber()
    yield
    forget_cached_scrubber()


@pytest.mark.django_db
def test_contact_details_are_masked_before_publication(territory):
    text = public_text("Écrivez-moi à camille.exemple@mail.test ou au 06 12 34 56 78.")
    assert "camille.exemple@mail.test" not in text and "06 12 34 56 78" not in text
    assert "[e-mail]" in text and "[téléphone]" in text


@pytest.mark.django_db
def test_listed_public_figures_stay_visible(territory):
    sentence = "J'ai écrit à Mme Armelle Kerbrat et à M. Yannick Le Goff."
    assert "Armelle Kerbrat" not in public_text(sentence)
    territory.public_names = "Armelle Kerbrat\n"
    territory.save()
    forget_cached_scrubber()
    published = public_text(sentence)
    assert "Armelle Kerbrat" in published
    assert "Le Goff" not in published


def test_empty_text_stays_empty():
    assert public_text("") == ""
