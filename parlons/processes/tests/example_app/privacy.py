"""The data charter: the personal fields, and the public copy of the text."""

from parlons.core.charter import Category, LegalBasis, PersonalData, PublicText, Visibility

PERSONAL_DATA = [
    PersonalData(
        "example_app.QuickOpinion",
        "text",
        Category.FREE_TEXT,
        "publier un avis court sur la démarche",
        LegalBasis.PUBLIC_TASK,
        "tant que la démarche est publiée",
        Visibility.PUBLIC,
    ),
    PersonalData(
        "example_app.QuickOpinion",
        "author",
        Category.IDENTITY,
        "signer l'avis sous pseudonyme",
        LegalBasis.PUBLIC_TASK,
        "tant que la démarche est publiée",
        Visibility.PUBLIC_PSEUDONYM,
    ),
]
PUBLIC_TEXTS = [PublicText("example_app.QuickOpinion", "text", "public_text")]
NOT_PERSONAL = {"example_app.QuickOpinion.public_text": "the masked copy of text"}
