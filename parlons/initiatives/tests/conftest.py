import pytest

from parlons.core.models import Commune
from parlons.initiatives import services
from parlons.initiatives.models import Category


@pytest.fixture
def communes(territory):
    return {
        name: Commune.objects.create(territory=territory, name=name, slug=slug, insee_code=code)
        for name, slug, code in (
            ("Port-Vallon", "port-vallon", "99101"),
            ("Sainte-Aube", "sainte-aube", "99102"),
        )
    }


@pytest.fixture
def categories(territory):
    services.ensure_default_categories(territory)
    return {category.name: category for category in Category.objects.filter(territory=territory)}


@pytest.fixture
def make_initiative(territory, organiser, communes, categories):
    def build(title="Atelier numérique", publish=True, category="Médiation numérique", **fields):
        values = {
            "summary": "Des ateliers pour apprendre à se servir d'un ordinateur.",
            "organisation": "Association Clic & Co",
            "organisation_kind": "association",
            "commune": communes["Port-Vallon"],
            "status": "en_service",
            **fields,
        }
        return services.create_initiative(
            actor=organiser,
            territory=territory,
            title=title,
            categories=[categories[category]] if category else [],
            publish=publish,
            **values,
        )

    return build
