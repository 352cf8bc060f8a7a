"""Themes as JSON for programs and as a French summary for people."""

from .themes import NO_CONTENT_THEME_ID, ThemeResult


def themes_as_json(result: ThemeResult) -> dict:
    """`{"themes": [...], "duplicates": [...], "provenance": {...}}`.

    Every id is in the members of exactly one theme; a duplicate group's
    members all sit in the same theme.
    """
    document = {
        "themes": [
            {
                "id": theme.id,
                "keywords": theme.keywords,
                "size": theme.size,
                "members": theme.members,
                "representatives": theme.representatives,
            }
            for theme in result.themes
        ],
        "duplicates": [{"members": group.members} for group in result.duplicates],
        "provenance": result.provenance.as_dict(),
    }
    if result.matching is not None:
        document["matching"] = result.matching
    return document


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count:,} {singular if count == 1 else plural}".replace(",", "\u202f")


def themes_as_french_text(result: ThemeResult, duplicate_examples: int = 10) -> str:
    total = result.provenance.input_size
    with_content = [theme for theme in result.themes if theme.id != NO_CONTENT_THEME_ID]
    without = "" if len(with_content) == len(result.themes) else " (et les textes sans contenu)"
    lines = [
        f"{_plural(total, 'contribution analysée', 'contributions analysées')}, "
        f"{_plural(len(with_content), 'thème', 'thèmes')}{without}, "
        f"{_plural(len(result.duplicates), 'groupe', 'groupes')} de textes identiques "
        "ou presque identiques.",
        "Ces thèmes sont une proposition de la machine : l'équipe les relit, les nomme, "
        "les fusionne ou les scinde avant toute publication.",
        "",
    ]
    for theme in result.themes:
        share = 100 * theme.size / total if total else 0
        share_text = f"{share:.1f}".replace(".", ",")
        if theme.id == NO_CONTENT_THEME_ID:
            title = f"Thème {theme.id} — sans contenu exploitable (« RAS », « non », « … »)"
        else:
            name = f" « {theme.label} »" if theme.label else ""
            title = f"Thème {theme.id}{name} — {', '.join(theme.keywords[:6]) or 'sans mot-clé'}"
        lines.append(title)
        lines.append(
            f"  {_plural(theme.size, 'contribution', 'contributions')} ({share_text} %), "
            f"{_plural(theme.distinct_texts, 'texte distinct', 'textes distincts')}"
        )
        if theme.id != NO_CONTENT_THEME_ID and len(theme.keywords) > 6:
            lines.append(f"  Autres mots : {', '.join(theme.keywords[6:])}")
        if theme.places:
            places = ", ".join(f"{place} ({count})" for place, count in theme.places)
            lines.append(f"  Lieux cités : {places}")
        lines.append("  Textes représentatifs :")
        for record_id, text in zip(theme.representatives, theme.representative_texts, strict=True):
            lines.append(f"    [{record_id}] {_shorten(text)}")
        lines.append("")
    if result.duplicates:
        lines.append("Textes repris à l'identique ou presque (les plus fréquents) :")
        for group in result.duplicates[:duplicate_examples]:
            variants = f", {group.distinct_texts} variantes" if group.distinct_texts > 1 else ""
            lines.append(
                f"  {_plural(group.count, 'fois', 'fois')}{variants} : "
                f"« {_shorten(group.representative_text, 100)} »"
            )
        lines.append("")
    if result.matching is not None:
        matching = result.matching
        lines.append(
            f"Rapprochement avec les thèmes validés : {len(matching['matches'])} retrouvés, "
            f"{len(matching['new_themes'])} nouveaux, "
            f"{len(matching['previous_not_found'])} non retrouvés."
        )
        if matching["previous_not_found"]:
            missing = ", ".join(str(theme_id) for theme_id in matching["previous_not_found"])
            lines.append(f"  Thèmes validés non retrouvés : {missing}")
        lines.append("")
    provenance = result.provenance
    lines.append(
        f"Méthode : {provenance.method}. Empreinte des données : {provenance.input_hash}. "
        f"Calculé le {provenance.computed_at}."
    )
    return "\n".join(lines) + "\n"
