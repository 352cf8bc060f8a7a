"""The demo démarche's published synthesis, made with the workbench's services.

An analysis of themes on every published contribution, computed at once
(the demo does not wait for a task worker), its largest themes named and
validated, a campaign marked, and a report with a chart, quotes and its
method, validated by a (fictional) vice-president and published.
"""

from parlons.accounts.models import Role
from parlons.synthesis import services
from parlons.synthesis.models import Analysis

SIGNED_BY = "Maëlle Kervella, vice-présidente chargée de la participation (personne fictive)"


# What the demo's team calls a theme when its telling words include one of these
# (the engine suggests words; people name the theme).
NAMES = (
    ("santé", "Santé et accès aux soins"),
    ("médecin", "Santé et accès aux soins"),
    ("transport", "Se déplacer sans voiture"),
    ("car", "Se déplacer sans voiture"),
    ("jeune", "Apprendre ensemble, entre générations"),
    ("ancien", "Apprendre ensemble, entre générations"),
    ("guichet", "Garder un guichet humain"),
    ("commune", "Des services dans chaque commune"),
    ("internet", "La connexion et les équipements"),
)


def _name_as_staff_would(keywords: list[str], taken: set[str]) -> str:
    for word, name in NAMES:
        if word in keywords[:5] and name not in taken:
            return name
    return ", ".join(keywords[:3]).capitalize() or "Autres sujets"


def load(territory, process, users, dates) -> None:
    organiser = users[Role.ORGANISER]
    # Words only: the demo loads in seconds (sentence embeddings load a model first).
    analysis, _started = services.start_analysis(
        actor=organiser, process=process, kind="themes", embeddings="off"
    )
    services.run_analysis(analysis.pk)
    analysis = Analysis.objects.get(pk=analysis.pk)
    if analysis.status != Analysis.Status.DONE:
        return
    themes = list(analysis.themes.exclude(number=0).order_by("-size")[:4])
    named: set[str] = set()
    for theme in themes:
        label = _name_as_staff_would(theme.keywords, named)
        named.add(label)
        services.rename_theme(actor=organiser, theme=theme, label=label)
        services.validate_theme(actor=organiser, theme=theme)
    for group in analysis.duplicates.filter(size__gte=3)[:1]:
        services.mark_campaign(actor=organiser, group=group, is_campaign=True)
    report = services.report_for(actor=organiser, process=process)
    services.update_report(
        actor=organiser,
        report=report,
        fields={
            "title": report.title,
            "introduction": (
                f"Pendant la phase de contributions, {analysis.input_size} contributions ont été "
                "publiées, en ligne, au guichet, sur papier et en réunion publique. Cette "
                "synthèse dit ce qui en ressort et **comment elle a été faite** : les outils "
                "d'analyse ont proposé des thèmes, l'équipe les a relus, nommés et validés."
            ),
        },
    )
    quotes = [ref for theme in themes[:2] for ref in theme.representatives[:1]]
    services.add_section(
        actor=organiser,
        report=report,
        fields={
            "title": "Les grands thèmes",
            "body": (
                "Les contributions se regroupent en quelques grands thèmes. Chaque barre "
                "compte les contributions du thème ; les citations sont publiées telles "
                "quelles, données personnelles masquées."
            ),
            "figure": "themes",
            "analysis": analysis,
            "quotes": quotes,
        },
    )
    services.add_section(
        actor=organiser,
        report=report,
        fields={
            "title": "Textes déposés plusieurs fois",
            "body": (
                "Un même texte déposé par beaucoup compte comme une voix répétée : "
                "la synthèse le dit plutôt que de le compter comme autant d'avis distincts."
            ),
            "figure": "duplicates",
            "analysis": analysis,
        },
    )
    services.add_section(
        actor=organiser,
        report=report,
        fields={
            "title": "Et maintenant",
            "body": (
                "Les propositions retenues seront suivies publiquement dans la phase "
                "« Suivi des décisions »."
            ),
        },
    )
    services.publish_report(
        actor=organiser, report=report, signed_by=SIGNED_BY, tell_contributors=False
    )
