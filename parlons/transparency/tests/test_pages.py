import pytest

from parlons.transparency.notices import (
    NOTICES_DIR,
    TRANSLATIONS,
    all_notices,
    slugs,
    translation_path,
)


@pytest.mark.django_db
def test_every_algorithm_notice_is_published(client):
    notices = all_notices()
    assert NOTICES_DIR.is_dir()
    listing = client.get("/transparence/algorithmes/").content.decode()
    for item in notices:
        assert f"/transparence/algorithmes/{item.slug}/" in listing
        page = client.get(f"/transparence/algorithmes/{item.slug}/")
        assert page.status_code == 200


@pytest.mark.django_db
def test_unknown_or_crafted_notice_names_give_404(client):
    assert client.get("/transparence/algorithmes/n-existe-pas/").status_code == 404
    assert client.get("/transparence/algorithmes/..%2Fdecisions/").status_code == 404


def test_every_notice_has_its_english_version():
    # A notice added in French only fails here: write parlons/transparency/algorithms/<slug>.en.md too.
    missing = [slug for slug in slugs() if not translation_path(slug, "en").is_file()]
    assert slugs() and missing == []
    strays = [
        path.name
        for path in NOTICES_DIR.glob("*.*.md")
        if path.name.split(".")[0] not in slugs() or path.suffixes[0][1:] not in TRANSLATIONS
    ]
    assert strays == []


@pytest.mark.django_db
def test_the_language_switch_chooses_the_notice_language(client):
    french = client.get("/transparence/algorithmes/scrubber/", HTTP_ACCEPT_LANGUAGE="fr")
    assert (
        "<h1>Le masquage des données personnelles dans les textes</h1>" in french.content.decode()
    )
    assert '<article lang="fr">' in french.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/transparence/algorithmes/"})
    listing = client.get("/transparence/algorithmes/").content.decode()
    english = client.get("/transparence/algorithmes/scrubber/").content.decode()
    assert "Masking personal data in texts" in listing
    assert "<h1>Masking personal data in texts</h1>" in english
    assert '<article lang="en">' in english
    # English text keeps English spacing: no no-break space before a colon.
    assert "\u00a0:" not in english and "\u202f?" not in english


@pytest.mark.django_db
def test_french_notices_get_french_typography(client):
    page = client.get("/transparence/algorithmes/scrubber/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "«\u00a0j'habite 12 rue des Lilas" in page.content.decode()
