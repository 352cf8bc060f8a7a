import pytest

from parlons.transparency.notices import NOTICES_DIR, all_notices


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
