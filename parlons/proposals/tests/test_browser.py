"""In a real browser without JavaScript, by keyboard: file a proposal, see look-alikes, support one.

Every page is checked with axe-core (no serious or critical violation), and
nothing is loaded from another host.
"""

import re

import pytest

from parlons.conftest import PASSWORD, screenshots
from parlons.proposals.models import Proposal, Support

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked_through(js_page, assert_accessible):
    """axe-core needs JavaScript: the page seen without it is replayed, as is, in a page with it."""

    def check(page):
        url = page.url.split("#")[0]
        html = page.content()
        handler = lambda route: route.fulfill(  # noqa: E731
            status=200, body=html, headers={"content-type": "text/html; charset=utf-8"}
        )
        js_page.route(url, handler)
        js_page.goto(url)
        assert_accessible(js_page)
        js_page.unroute(url, handler)

    return check


def test_a_citizen_files_sees_look_alikes_and_supports_one_without_javascript(
    page, no_js_page, live_server, citizen, other_citizen, propose, assert_accessible, tmp_path
):
    existing = propose(other_citizen, title="Des bancs le long de la rivière")
    check = checked_through(page, assert_accessible)
    external: list[str] = []
    no_js_page.on(
        "request",
        lambda r: (
            external.append(r.url)
            if r.url.startswith("http") and "127.0.0.1" not in r.url and "localhost" not in r.url
            else None
        ),
    )
    browser = no_js_page
    browser.goto(f"{live_server.url}/compte/connexion/")
    browser.get_by_label("Adresse électronique").fill(citizen.email)
    browser.locator("#id_password").fill(PASSWORD)
    with browser.expect_navigation():
        browser.locator("#id_password").press("Enter")

    browser.goto(f"{live_server.url}/demarches/{existing.process.slug}/propositions/")
    check(browser)
    screenshots(browser, "proposals-list", tmp_path)
    browser.get_by_role("link", name="Proposer une idée").first.focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    assert browser.url.endswith("/propositions/nouvelle/")
    check(browser)
    browser.get_by_label("Titre de la proposition").fill("Plus de bancs près de la rivière")
    browser.get_by_label("Votre proposition").fill(
        "Des bancs sur le chemin de la rivière, pour que chacun puisse se reposer."
    )
    browser.get_by_label("Coût estimé en euros (facultatif)").fill("3000")
    browser.get_by_role("button", name="Déposer ma proposition").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    assert "ressemblent à la vôtre" in browser.content()
    assert browser.get_by_label("Titre de la proposition").input_value() == (
        "Plus de bancs près de la rivière"
    )
    assert not Proposal.objects.exclude(pk=existing.pk).exists()
    check(browser)
    screenshots(browser, "proposals-look-alikes", tmp_path)

    browser.get_by_role("button", name=f"Soutenir « {existing.public_title} »").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    assert browser.url.endswith(existing.get_absolute_url())
    assert "Merci, votre soutien est compté." in browser.content()
    assert Support.objects.filter(proposal=existing, user=citizen).count() == 1
    existing.refresh_from_db()
    assert existing.support_count == 1
    check(browser)
    screenshots(browser, "proposals-detail", tmp_path)
    assert not Proposal.objects.exclude(pk=existing.pk).exists()
    assert external == []


def test_the_look_alikes_appear_while_typing_with_javascript(
    page, live_server, citizen, other_citizen, propose, no_external_requests
):
    existing = propose(other_citizen, title="Des bancs le long de la rivière")
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(citizen.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    page.goto(f"{live_server.url}/demarches/{existing.process.slug}/propositions/nouvelle/")
    page.get_by_label("Titre de la proposition").focus()
    page.keyboard.type("Des bancs au bord de la rivière")
    live = page.locator("#look-alikes-live")
    live.get_by_role("link", name=existing.public_title).wait_for(timeout=5000)
    assert re.search("ressemblent", live.inner_text())
    assert no_external_requests == []


def test_an_author_edits_then_withdraws_a_proposal_without_javascript(
    page, no_js_page, live_server, citizen, other_citizen, propose, assert_accessible, tmp_path
):
    from parlons.proposals import services
    from parlons.proposals.tests.test_services import png

    services.submit_proposal(
        actor=other_citizen,
        process=propose(other_citizen, title="Un kiosque à livres").process,
        title="Un verger partagé au parc",
        body="Planter des pommiers et des poiriers que chacun peut cueillir.",
        image=png(640, 360),
        image_alt="Des pommiers en fleurs dans un parc",
        estimated_cost="4000",
    )
    mine = propose(citizen, title="Des bancs le long de la rivière")
    services.support(actor=other_citizen, proposal=mine)
    check = checked_through(page, assert_accessible)
    browser = no_js_page
    browser.goto(f"{live_server.url}/compte/connexion/")
    browser.get_by_label("Adresse électronique").fill(citizen.email)
    browser.locator("#id_password").fill(PASSWORD)
    with browser.expect_navigation():
        browser.locator("#id_password").press("Enter")

    browser.goto(f"{live_server.url}/demarches/{mine.process.slug}/propositions/")
    assert browser.get_by_role("img", name="Des pommiers en fleurs dans un parc").count() == 1
    check(browser)
    screenshots(browser, "proposals-cards", tmp_path)

    browser.goto(f"{live_server.url}{mine.get_absolute_url()}")
    browser.get_by_role("link", name="Modifier votre proposition").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    check(browser)
    title = browser.get_by_label("Titre de la proposition")
    assert title.input_value() == "Des bancs le long de la rivière"
    title.fill("Des bancs et des tables le long de la rivière")
    browser.get_by_label("Votre proposition").fill("Des bancs et deux tables de pique-nique.")
    browser.get_by_role("button", name="Enregistrer la modification").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    assert browser.url.endswith(mine.get_absolute_url())
    assert "modifiée le" in browser.content()
    browser.locator("summary", has_text="Version précédente").click()  # the earlier text
    assert browser.get_by_text("Installer des bancs").is_visible()
    mine.refresh_from_db()
    assert mine.title == "Des bancs et des tables le long de la rivière"
    assert mine.support_count == 1 and mine.revisions.count() == 1
    check(browser)
    screenshots(browser, "proposals-edited", tmp_path)

    browser.get_by_role("link", name="Retirer votre proposition").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    check(browser)
    browser.get_by_role("button", name="Oui, retirer ma proposition").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    assert "Proposition retirée par son auteur·rice le" in browser.content()
    assert "Des bancs et des tables" not in browser.inner_text("main")
    check(browser)
    screenshots(browser, "proposals-withdrawn", tmp_path)
    mine.refresh_from_db()
    assert mine.is_withdrawn and mine.support_count == 1
    browser.goto(f"{live_server.url}/demarches/{mine.process.slug}/propositions/")
    assert "Des bancs et des tables" not in browser.content()
    assert "2 propositions" in browser.inner_text("main")


def test_an_author_replaces_the_image_of_a_proposal_without_javascript(
    page, no_js_page, live_server, citizen, process, assert_accessible, tmp_path
):
    from PIL import Image

    from parlons.proposals import services
    from parlons.proposals.tests.test_services import png

    mine = services.submit_proposal(
        actor=citizen,
        process=process,
        title="Un verger partagé au parc",
        body="Planter des pommiers et des poiriers que chacun peut cueillir.",
        image=png(640, 360),
        image_alt="Des pommiers en fleurs dans un parc",
    )
    storage, old_name = mine.image.storage, mine.image.name
    new_picture = tmp_path / "poiriers.jpg"
    Image.new("RGB", (320, 200), "#2e7d32").save(new_picture, "JPEG")
    check = checked_through(page, assert_accessible)
    browser = no_js_page
    browser.goto(f"{live_server.url}/compte/connexion/")
    browser.get_by_label("Adresse électronique").fill(citizen.email)
    browser.locator("#id_password").fill(PASSWORD)
    with browser.expect_navigation():
        browser.locator("#id_password").press("Enter")

    browser.goto(f"{live_server.url}{mine.get_absolute_url()}modifier/")
    assert browser.get_by_role("img", name="Des pommiers en fleurs dans un parc").count() == 1
    check(browser)
    screenshots(browser, "proposals-edit-image", tmp_path)
    # A new picture without its description is refused; the description was kept, emptied here.
    browser.get_by_label("Description de l'image (obligatoire avec une image)").fill("")
    browser.get_by_label("Remplacer l'image par une autre (facultatif)").set_input_files(
        str(new_picture)
    )
    browser.get_by_role("button", name="Enregistrer la modification").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    assert "Décrivez l'image" in browser.content()
    assert "choisissez-la à nouveau" in browser.content()
    check(browser)
    mine.refresh_from_db()
    assert mine.image.name == old_name and mine.revisions.count() == 0

    browser.get_by_label("Remplacer l'image par une autre (facultatif)").set_input_files(
        str(new_picture)
    )
    browser.get_by_label("Description de l'image (obligatoire avec une image)").fill(
        "Des poiriers le long d'une allée"
    )
    browser.get_by_role("button", name="Enregistrer la modification").focus()
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    assert browser.url.endswith(mine.get_absolute_url())
    assert browser.get_by_role("img", name="Des poiriers le long d'une allée").count() == 1
    browser.locator("summary", has_text="Version précédente").click()
    assert browser.get_by_text("image remplacée").is_visible()
    check(browser)
    screenshots(browser, "proposals-image-replaced", tmp_path)
    mine.refresh_from_db()
    assert mine.image.name != old_name and mine.image.name.endswith(".jpg")
    assert not storage.exists(old_name), "the replaced file left the storage"
    assert mine.revisions.get().image_change == "replaced"
