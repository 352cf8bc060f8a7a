"""The territory's look: logo, two colours checked against WCAG AA, header and footer, icons."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parlons.conftest import login_staff, out_of_reach, stored_files
from parlons.core import colours
from parlons.core.middleware import CSP
from parlons.core.models import AuditEntry, Territory
from parlons.core.validators import LOGO_MAX_SIDE
from parlons.processes import services


def png(width=64, height=32, colour=(29, 106, 90), kind="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format=kind)
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_contrast_ratio_matches_the_wcag_figures():
    assert colours.contrast_ratio("#000000", "#ffffff") == 21
    assert colours.contrast_ratio("#ffffff", "#ffffff") == 1
    # Figures published by WebAIM's contrast checker: #767676 is the lightest grey that
    # passes AA on white, #777777 just fails.
    assert round(colours.contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert round(colours.contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    assert round(colours.contrast_ratio("#595959", "#ffffff"), 2) == 7.0


def test_darker_shade_passing_is_the_lightest_shade_that_reaches_aa():
    shade = colours.darker_shade_passing("#2e8b7a", colours.SOFT)
    assert shade == "#287a6b"
    assert colours.contrast_ratio(shade, colours.SOFT) >= 4.5
    assert colours.contrast_ratio(colours.darker("#2e8b7a", 0.10), colours.SOFT) < 4.5


@pytest.mark.django_db
def test_a_pale_primary_colour_is_refused_with_its_ratio_and_a_darker_shade(
    territory, administrator
):
    with pytest.raises(ValidationError) as refused:
        services.update_territory(
            actor=administrator, territory=territory, primary_colour="#2e8b7a"
        )
    assert refused.value.message_dict == {
        "primary_colour": [
            "Pas assez de contraste : le texte et cette couleur n'atteignent que 3,74:1 (il faut "
            "au moins 4,5:1, niveau AA des règles d'accessibilité WCAG). Choisissez une teinte "
            "plus foncée, par exemple #287a6b."
        ]
    }
    territory.refresh_from_db()
    assert territory.primary_colour == ""
    assert not AuditEntry.objects.filter(action="core.update_territory").exists()


@pytest.mark.django_db
def test_a_header_colour_under_aa_is_refused_and_the_suggestion_passes(territory, administrator):
    territory.header_colour = "#ff8800"
    with pytest.raises(ValidationError) as refused:
        territory.full_clean()
    (message,) = refused.value.message_dict["header_colour"]
    assert "n'atteignent que 2,39:1" in message
    suggestion = message.rsplit(" ", 1)[-1].rstrip(".")
    assert colours.contrast_ratio(suggestion, "#ffffff") >= 4.5
    territory.header_colour = suggestion
    territory.full_clean()


@pytest.mark.django_db
def test_colours_that_pass_aa_are_saved_and_audited(territory, administrator):
    services.update_territory(
        actor=administrator, territory=territory, primary_colour="#1d6a5a", header_colour="#173f5f"
    )
    territory.refresh_from_db()
    assert (territory.primary_colour, territory.header_colour) == ("#1d6a5a", "#173f5f")
    entry = AuditEntry.objects.get(action="core.update_territory")
    assert entry.data["fields"] == ["primary_colour", "header_colour"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1d6a5a", "#1d6a5", "#1d6a5g", "red", "#1d6a5a;}body{"])
def test_a_colour_not_written_as_hex_is_refused(territory, value):
    territory.primary_colour = value
    with pytest.raises(ValidationError) as refused:
        territory.full_clean()
    assert list(refused.value.message_dict) == ["primary_colour"]
    assert "hexadécimal" in refused.value.message_dict["primary_colour"][0]


@pytest.mark.django_db
def test_a_logo_needs_its_description(territory, administrator):
    with pytest.raises(ValidationError) as refused:
        services.update_territory(
            actor=administrator, territory=territory, logo=ContentFile(png(), name="logo.png")
        )
    assert refused.value.message_dict == {
        "logo_alt": ["Décrivez le logo pour les personnes qui ne le voient pas."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (SVG, "logo.svg", "n'est pas une image lisible"),
        (png(kind="GIF"), "logo.gif", "PNG, JPEG ou WebP (le format SVG n'est pas accepté)"),
        (png(width=LOGO_MAX_SIDE + 1, height=2), "logo.png", "plus de 4000 pixels"),
        (b"\x89PNG" + b"0" * (1024 * 1024), "logo.png", "plus de 1 Mo"),
    ],
)
def test_a_logo_that_is_not_a_small_raster_image_is_refused(
    territory, administrator, content, name, expected
):
    with pytest.raises(ValidationError) as refused:
        services.update_territory(
            actor=administrator,
            territory=territory,
            logo=ContentFile(content, name=name),
            logo_alt="Logo du Val d'Essai",
        )
    (message,) = refused.value.message_dict["logo"]
    assert expected in message


@pytest.mark.django_db
def test_footer_links_accept_http_and_https_and_say_which_line_is_wrong(territory):
    territory.footer_links = (
        "Mentions légales | https://www.val-essai.invalid/mentions\n"
        "\n"
        "Plan | javascript:alert(1)\n"
        "Sans adresse\n"
        "Horaires | http://www.val-essai.invalid/horaires"
    )
    with pytest.raises(ValidationError) as refused:
        territory.full_clean()
    assert refused.value.message_dict["footer_links"] == [
        "Ligne 3 : écrivez le libellé, une barre verticale « | » puis une adresse qui commence "
        "par https:// ou http://.",
        "Ligne 4 : écrivez le libellé, une barre verticale « | » puis une adresse qui commence "
        "par https:// ou http://.",
    ]
    territory.footer_links = (
        "Mentions légales | https://www.val-essai.invalid/mentions\n"
        "Horaires | http://www.val-essai.invalid/horaires"
    )
    territory.full_clean()
    assert territory.footer_link_list == [
        ("Mentions légales", "https://www.val-essai.invalid/mentions"),
        ("Horaires", "http://www.val-essai.invalid/horaires"),
    ]


def identity(territory, administrator):
    return services.update_territory(
        actor=administrator,
        territory=territory,
        logo=ContentFile(png(), name="val-essai.png"),
        logo_alt="Logo du Val d'Essai : une vague verte",
        primary_colour="#1d6a5a",
        header_colour="#173f5f",
        address="1 place de la Mairie\n29000 Saint-Essai",
        footer_links="Mentions légales | https://www.val-essai.invalid/mentions",
    )


@pytest.mark.django_db
def test_every_page_shows_the_logo_name_and_footer_and_links_the_colours(
    client, territory, administrator
):
    identity(territory, administrator)
    territory.refresh_from_db()
    page = client.get("/").content.decode()
    assert (
        f'<a class="brand" href="/"><img class="brand-logo" src="{territory.logo.url}" '
        'alt="Logo du Val d&#x27;Essai : une vague verte"><span>Communauté de communes du Val '
        "d&#x27;Essai</span></a>"
    ) in page
    assert f'href="/territoire.css?v={territory.look_version}"' in page
    assert "<address>1 place de la Mairie<br>29000 Saint-Essai</address>" in page
    assert '<a href="https://www.val-essai.invalid/mentions">Mentions légales</a>' in page
    assert 'href="/favicon.ico"' in page
    assert 'href="/manifest.webmanifest"' in page
    # No inline style anywhere: the CSP allows stylesheets from this host only.
    assert "<style" not in page and " style=" not in page


@pytest.mark.django_db
def test_without_colours_pages_keep_parlons_look_and_link_no_territory_stylesheet(
    client, territory
):
    page = client.get("/").content.decode()
    assert "territoire.css" not in page
    assert "brand-logo" not in page
    assert "<span>Communauté de communes du Val d&#x27;Essai</span>" in page


@pytest.mark.django_db
def test_the_colours_stylesheet_is_css_from_this_host_under_the_strict_csp(
    client, territory, administrator
):
    identity(territory, administrator)
    territory.refresh_from_db()
    response = client.get(f"/territoire.css?v={territory.look_version}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content.decode() == (
        ":root {\n"
        "  --accent: #1d6a5a;\n"
        "  --accent-dark: #165044;\n"
        "  --header-bg: #173f5f;\n"
        "  --header-ink: #ffffff;\n"
        "  --header-link: #ffffff;\n"
        "}\n"
    )
    assert "style-src 'self';" in CSP and "unsafe-inline" not in CSP
    assert client.get("/").headers["Content-Security-Policy"] == CSP


@pytest.mark.django_db
def test_the_stylesheet_address_changes_with_the_colours(territory, administrator):
    before = territory.look_version
    services.update_territory(actor=administrator, territory=territory, primary_colour="#0b4f8a")
    assert territory.look_version != before


@pytest.mark.django_db
def test_the_settings_page_saves_a_logo_and_refuses_a_pale_colour_in_french(
    client, territory, administrator
):
    login_staff(client, administrator)
    form = {
        "name": territory.name,
        "logo_alt": "Logo du Val d'Essai",
        "primary_colour": "#2e8b7a",
        "header_colour": "",
        "logo": SimpleUploadedFile("logo.png", png(), content_type="image/png"),
    }
    response = client.post("/demarches/equipe/territoire/", form)
    assert response.status_code == 400
    assert "n&#x27;atteignent que 3,74:1" in response.content.decode()
    assert "#287a6b" in response.content.decode()

    form["primary_colour"] = "#287a6b"
    form["logo"] = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = client.post("/demarches/equipe/territoire/", form)
    assert response.status_code == 302
    territory.refresh_from_db()
    assert territory.primary_colour == "#287a6b"
    assert territory.logo.name.startswith("territory/logo")
    with territory.logo.open("rb") as saved:
        assert Image.open(saved).format == "PNG"

    # Ticking "Effacer" removes the logo.
    response = client.post(
        "/demarches/equipe/territoire/", {**form, "logo": "", "logo-clear": "on"}
    )
    assert response.status_code == 302
    territory.refresh_from_db()
    assert territory.logo.name == ""


@pytest.mark.django_db
def test_the_settings_page_refuses_an_svg_logo(client, territory, administrator):
    login_staff(client, administrator)
    response = client.post(
        "/demarches/equipe/territoire/",
        {
            "name": territory.name,
            "logo_alt": "Logo",
            "logo": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 400
    territory.refresh_from_db()
    assert territory.logo.name == ""


@pytest.mark.django_db
def test_favicon_and_web_manifest_are_served(client, territory, administrator):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert Image.open(io.BytesIO(response.content)).format == "ICO"

    identity(territory, administrator)
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Communauté de communes du Val d'Essai"
    assert manifest["theme_color"] == "#173f5f"
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


@pytest.mark.django_db
def test_a_process_image_is_the_banner_above_its_title(client, make_process, organiser):
    process = make_process()
    services.update_process(
        actor=organiser,
        process=process,
        image=ContentFile(png(300, 90), name="banniere.png"),
        image_alt="Des collines et trois rivières",
    )
    page = client.get(process.get_absolute_url()).content.decode()
    banner = (
        f'<img class="process-banner" src="{process.image.url}" '
        'alt="Des collines et trois rivières">'
    )
    assert banner in page
    assert page.index(banner) < page.index("<h1>")


@pytest.mark.django_db
def test_territory_identity_fields_are_territory_editable():
    assert {
        "logo",
        "logo_alt",
        "primary_colour",
        "header_colour",
        "address",
        "footer_links",
    } <= set(Territory.EDITABLE_FIELDS)


@pytest.mark.django_db
def test_a_banner_or_logo_written_by_a_failed_update_is_deleted_again(
    make_process, organiser, administrator, territory, monkeypatch
):
    process = make_process()
    services.update_process(
        actor=organiser,
        process=process,
        image=ContentFile(png(300, 90), name="banniere.png"),
        image_alt="Des collines",
    )
    kept = process.image.name
    before_images, before_logos = stored_files("processes"), stored_files("territory")
    monkeypatch.setattr("parlons.core.audit.record", out_of_reach)
    with pytest.raises(RuntimeError):
        services.update_process(
            actor=organiser,
            process=process,
            image=ContentFile(png(300, 90, (200, 0, 0)), name="autre.png"),
            image_alt="Des collines rouges",
        )
    with pytest.raises(RuntimeError):
        services.update_territory(
            actor=administrator,
            territory=territory,
            logo=ContentFile(png(), name="logo.png"),
            logo_alt="Le logo",
        )
    with pytest.raises(RuntimeError):  # a file already stored, named again: never deleted
        services.update_process(
            actor=organiser, process=process, image=kept, image_alt="Des collines vertes"
        )
    assert stored_files("processes") == before_images
    assert stored_files("territory") == before_logos
    process.refresh_from_db()
    assert process.image.name == kept and process.image_alt == "Des collines"
