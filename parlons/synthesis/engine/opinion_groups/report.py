"""A readable French summary of opinion groups, for staff and researchers."""

from .method import OpinionGroups

REMINDER = (
    "Rappel : ces groupes décrivent des façons de voter, pour aider à lire la "
    "consultation. Ils ne disent rien de chaque personne et aucune décision n'est "
    "prise à partir d'eux : ce sont des personnes qui lisent, vérifient et décident."
)


METHOD_IN_FRENCH = (
    "Méthode (celle de Pol.is) : analyse en composantes principales des votes (les votes "
    "manquants valent la moyenne du commentaire), 100 petits groupes par k-moyennes, "
    "regroupés en 2 à 5 groupes selon la silhouette ; commentaires distinctifs et consensus "
    "retenus par des tests statistiques au seuil de 90 %."
)


def as_french_text(result: OpinionGroups, comment_texts: dict | None = None) -> str:
    texts = comment_texts or {}
    placed = int(result.placed.sum())
    lines = [
        "Groupes d'opinion (méthode de Pol.is)",
        "",
        f"Votes retenus : {result.provenance.input_size:_} (le dernier de chaque votant sur "
        f"chaque commentaire), de {len(result.voter_ids):_} votants sur "
        f"{len(result.comment_ids):_} commentaires.".replace("_", " "),
        f"Votants placés : {placed:_} (ceux qui ont voté sur au moins "
        f"{min(result.provenance.parameters['min_votes'], len(result.comment_ids))} "
        f"commentaires) ; non placés : {len(result.voter_ids) - placed:_}.".replace("_", " "),
    ]
    if result.withdrawn_comments:
        lines.append(
            f"Commentaires retirés par la modération, laissés hors des calculs : "
            f"{len(result.withdrawn_comments)}."
        )
    lines.append("")
    if not result.group_ids:
        lines += ["Pas assez de votes pour former des groupes.", "", REMINDER]
        return "\n".join(lines) + "\n"

    sizes = result.group_sizes
    if len(result.group_ids) == 1:
        lines.append("Un seul groupe : les votes ne se séparent pas en positions distinctes.")
    else:
        tried = " ; ".join(
            f"{k} groupes : {value:.2f}".replace(".", ",")
            for k, value in sorted(result.silhouettes.items())
        )
        lines.append(
            f"{len(result.group_ids)} groupes (nombre choisi par la silhouette, plus elle est "
            f"haute, plus les groupes sont nets — {tried})."
        )
    if result.stability is not None:
        lines += ["", *_stability_lines(result.stability)]
    if result.stable is not None:
        lines += ["", *_stable_lines(result)]
    for group in result.group_ids:
        lines += ["", f"Groupe {_letter(group)} — {sizes[group]:_} votants".replace("_", " ")]
        items = result.representative.get(group, [])
        if not items:
            lines.append("  Rien ne le distingue des autres.")
            continue
        lines.append("  Ce qui le distingue :")
        for item in items:
            verb = "d'accord" if item.direction == "agree" else "pas d'accord"
            lines.append(
                f"  • commentaire {item.comment} : {verb} — "
                f"{_share(item.n_success, item.n_trials)} dans ce groupe, "
                f"{_share(item.n_success_elsewhere, item.n_trials_elsewhere)} dans les autres"
                + _quote(texts.get(item.comment))
            )

    lines += ["", "Consensus (ce que la plupart des votants partagent, tous groupes confondus) :"]
    if not result.consensus:
        lines.append("  aucun commentaire ne réunit une majorité nette.")
    for item in result.consensus:
        verb = "d'accord" if item.direction == "agree" else "pas d'accord"
        lines.append(
            f"  • commentaire {item.comment} : {verb} — {_share(item.n_success, item.n_trials)}"
            + _quote(texts.get(item.comment))
        )
    lines += [
        "",
        REMINDER,
        METHOD_IN_FRENCH,
        f"Empreinte des votes : {result.provenance.input_hash}.",
    ]
    return "\n".join(lines) + "\n"


def _stability_lines(stability) -> list[str]:
    found = ", ".join(f"{k} groupes {n} fois" for k, n in sorted(stability.group_counts.items()))
    sample = (
        f" (sur un échantillon de {stability.voters:_} votants)".replace("_", " ")
        if stability.voters < stability.sample_of
        else ""
    )
    lines = [
        f"Solidité : {stability.agreeing} reprise(s) sur {stability.runs}{sample}, avec les "
        f"votants pris dans un autre ordre d'arrivée, retrouvent ces groupes (même nombre de "
        f"groupes et indice de Rand ajusté d'au moins 0,9). Trouvé : {found}.",
    ]
    if stability.share >= 0.8:
        lines.append("Les groupes sont nets : ils tiennent à la façon dont les gens ont voté.")
    elif stability.share >= 0.5:
        lines.append("Les groupes sont assez solides ; décrivez-les avec prudence.")
    else:
        lines.append(
            "Attention : ces groupes sont fragiles. Ils dépendent de l'ordre d'arrivée des "
            "votants autant que de leurs votes ; présentez-les comme une tendance, pas comme "
            "des camps."
        )
    return lines


def _stable_lines(result: OpinionGroups) -> list[str]:
    stable = result.stable
    sizes = " ; ".join(
        f"groupe stable {number} : {size:_} votants".replace("_", " ")
        for number, size in enumerate(stable.sizes, start=1)
    )
    lines = [
        f"Regroupement stable (celui sur lequel s'accordent le plus de {stable.runs} calculs "
        f"refaits sur des parties des votes tirées au hasard) : {len(stable.sizes)} groupe(s) "
        f"— {sizes}.",
        f"Un calcul refait retrouve en médiane {round(100 * stable.median_agreement)} % de ce "
        f"regroupement (indice de Rand ajusté).",
    ]
    if len(stable.sizes) < 2:
        lines.append("Il ne sépare pas les votants : aucune division nette.")
    elif stable.sparse:
        lines.append(
            f"Il est fragile : en médiane, chaque personne n'a voté que sur "
            f"{_percent(stable.coverage)} des commentaires, trop peu pour que ce regroupement "
            f"soit sûr ; tenez-vous-en aux groupes de Pol.is."
        )
    elif stable.by_activity:
        lines.append(
            "Il est fragile : ses groupes séparent surtout les personnes selon le nombre de "
            "leurs votes, pas selon leurs avis."
        )
    elif stable.firmness == "firm":
        lines.append("Il est net : il tient à la façon dont les gens ont voté.")
    elif stable.firmness == "fair":
        lines.append("Il est assez solide ; décrivez-le avec prudence.")
    else:
        lines.append("Il est fragile : présentez-le comme une tendance, pas comme des camps.")
    if result.same_groups():
        lines.append("Il est identique aux groupes de Pol.is ci-dessus.")
    else:
        lines.append("Il diffère des groupes de Pol.is (personnes par groupe Pol.is et stable) :")
        crossing = result.stable_as_dict()["crossing"]
        for polis_group in sorted({a for a, _b, _n in crossing}):
            cells = ", ".join(
                f"{n} dans le groupe stable {b + 1}" for a, b, n in crossing if a == polis_group
            )
            lines.append(f"  • groupe {_letter(polis_group)} : {cells}")
        for number, items in enumerate(result.stable_representative, start=1):
            lines.append(f"  Ce qui distingue le groupe stable {number} :")
            if not items:
                lines.append("    rien ne le distingue des autres.")
            for item in items:
                verb = "d'accord" if item.direction == "agree" else "pas d'accord"
                lines.append(
                    f"    • commentaire {item.comment} : {verb} — "
                    f"{_share(item.n_success, item.n_trials)} dans ce groupe, "
                    f"{_share(item.n_success_elsewhere, item.n_trials_elsewhere)} dans les autres"
                )
    return lines


def _percent(share: float) -> str:
    value = 100 * share
    return f"{value:.1f} %".replace(".", ",") if value < 10 else f"{round(value)} %"


def _letter(group: int) -> str:
    """Pol.is names groups A, B, C...; beyond Z the number is kept."""
    return chr(ord("A") + group) if 0 <= group < 26 else str(group)


def _share(part: int, whole: int) -> str:
    if not whole:
        return "aucun vote"
    return f"{part} sur {whole} ({round(100 * part / whole)} %)"


def _quote(text: str | None, limit: int = 140) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f" — « {text} »"
