"""The impact assessment (AIPD / DPIA): its text generated from the code, and its versions.

The four parts follow the CNIL's method (description of the processing,
necessity and proportionality, risks, measures). Parlons writes what it knows
from the declarations (parlons.core.charter, parlons.core.consents) and the
settings (processors, inactive accounts, backups); the DPO completes the rest
(context, likelihood and severity of each risk, additional measures, opinion,
the controller's decision) and signs. The generated text is stored with each
version when it is started, so a signed version never changes.
"""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parlons.core import audit
from parlons.core.charter import declarations, not_personal
from parlons.core.consents import consent_purposes
from parlons.privacy import register_export
from parlons.privacy.dpia_models import ImpactAssessment

# The DPO's own fields, in the order of the page; the rest of the model is Parlons's or the signature's.
DPO_FIELDS = (
    "context",
    "access_likelihood",
    "access_severity",
    "modification_likelihood",
    "modification_severity",
    "disappearance_likelihood",
    "disappearance_severity",
    "risk_assessment",
    "additional_measures",
    "dpo_opinion",
    "controller_decision",
)


def _block(heading: str, paragraphs=(), head=(), rows=()) -> dict[str, Any]:
    return {
        "heading": heading,
        "paragraphs": [str(text) for text in paragraphs],
        "head": [str(cell) for cell in head],
        "rows": [[str(cell) for cell in row] for row in rows],
    }


def _grouped(rows, key) -> list[list[str]]:
    """One row per distinct value of `key`, with the treatments that share it."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.section not in found[key(row)]:
            found[key(row)].append(row.section)
    return [[value, ", ".join(sections)] for value, sections in found.items()]


def _by_treatment(rows, value) -> list[list[str]]:
    """One row per treatment and distinct `value` (purpose, retention), with the data it covers."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        found[(row.section, value(row))].append(row.field)
    return [[section, ", ".join(fields), text] for (section, text), fields in found.items()]


def _processors_block(processors) -> dict[str, Any]:
    if not processors:
        return _block(
            _("Sous-traitants"),
            [_("Aucun sous-traitant n'est déclaré (réglage PARLONS_PROCESSORS).")],
        )
    return _block(
        _("Sous-traitants"),
        head=register_export.processor_header(),
        rows=[list(entry.values()) for entry in processors],
    )


SENSITIVE_MEASURES = (
    gettext_noop(
        "Les personnes participent sous un pseudonyme ; leur nom réel n'est montré que si elles y "
        "consentent, et ce consentement se retire en un clic."
    ),
    gettext_noop(
        "Les données personnelles écrites dans les textes publiés (noms, adresses, téléphones, "
        "courriels…) sont masquées automatiquement avant publication ; seule la copie masquée est "
        "montrée, exportée ou diffusée."
    ),
    gettext_noop(
        "Parlons ne fait aucun profilage des personnes : aucune note, aucun classement ni aucune "
        "prédiction n'est calculé sur une personne à partir de ses contributions."
    ),
    gettext_noop(
        "Les groupes d'opinions regroupent des contributions, jamais des personnes : ils ne listent "
        "personne."
    ),
    gettext_noop(
        "Les données ouvertes sont pseudonymes, avec un pseudonyme différent pour chaque démarche, "
        "si bien qu'on ne peut pas relier les contributions d'une personne d'une démarche à l'autre."
    ),
    gettext_noop(
        "Les algorithmes suggèrent seulement (regroupements, synthèses, masquage) : une personne "
        "nommée valide, et chaque algorithme a sa notice publique."
    ),
)


def generate() -> list[dict[str, Any]]:
    """The four parts of the assessment, as Parlons can write them today, ready to store as JSON."""
    rows = register_export.register_rows()
    processors = register_export.processors()
    consents = consent_purposes()
    items = declarations()
    expiring = sum(1 for item in items if item.expiry is not None)
    facts = register_export.general_facts()
    description = [
        _block(
            _("Finalités et données traitées"),
            [
                _(
                    "Parlons est une plateforme de participation citoyenne : les personnes y "
                    "contribuent aux démarches de la collectivité (débats, propositions, "
                    "questionnaires, budgets participatifs, réunions). Chaque donnée personnelle "
                    "est déclarée dans le code avec sa finalité ; le tableau suivant les reprend "
                    "toutes (%(count)d données)."
                )
                % {"count": len(rows)}
            ],
            head=[_("Traitement"), _("Données"), _("Finalité")],
            rows=_by_treatment(rows, lambda row: row.purpose),
        ),
        _block(
            _("Consentements demandés"),
            [_("Aucun consentement n'est demandé.")] if not consents else [],
            head=[_("Finalité"), _("Texte lu par la personne"), _("Version")] if consents else (),
            rows=[[purpose.key, purpose.wording, purpose.version] for purpose in consents],
        ),
        _block(
            _("Catégories de données"),
            head=[_("Catégorie"), _("Traitements")],
            rows=_grouped(rows, lambda row: row.category),
        ),
        _block(
            _("Destinataires"),
            head=[_("Qui voit les données"), _("Traitements")],
            rows=_grouped(rows, lambda row: row.visible_to),
        ),
        _block(
            _("Durées de conservation"),
            [fact for _subject, fact in facts],
            head=[_("Traitement"), _("Données"), _("Durée de conservation")],
            rows=_by_treatment(rows, lambda row: row.retention),
        ),
        _block(
            _("Supports des données"),
            [
                _(
                    "Les données sont gardées dans la base de données de la plateforme %(platform)s "
                    "et dans ses sauvegardes, conservées %(days)d jours. Les pages ne chargent "
                    "aucune ressource extérieure et ne posent que les cookies strictement "
                    "nécessaires (session, protection CSRF, langue)."
                )
                % {"platform": settings.PLATFORM_NAME, "days": settings.BACKUP_RETENTION_DAYS}
            ],
        ),
        _processors_block(processors),
    ]
    locations = sorted({entry["location"] for entry in processors if entry.get("location")})
    necessity = [
        _block(
            _("Bases légales"),
            head=[_("Base légale"), _("Traitements")],
            rows=_grouped(rows, lambda row: row.legal_basis),
        ),
        _block(
            _("Minimisation des données"),
            [
                _(
                    "Chaque champ qui contient une donnée personnelle doit être déclaré avec sa "
                    "finalité, sinon les tests du logiciel échouent ; %(declared)d données sont "
                    "déclarées, %(other)d champs sont déclarés comme non personnels, avec la "
                    "raison. Chaque champ facultatif dit, dans le formulaire, pourquoi il est "
                    "demandé."
                )
                % {"declared": len(items), "other": len(not_personal())}
            ],
        ),
        _block(
            _("Qualité des données"),
            [
                _(
                    "Chaque personne corrige elle-même son profil ; les autres corrections passent "
                    "par une demande de rectification au délégué à la protection des données."
                )
            ],
        ),
        _block(
            _("Durées de conservation"),
            [
                _(
                    "%(expiring)d des %(count)d données déclarées ont une durée appliquée par la "
                    "purge quotidienne, qui lit les déclarations et rien d'autre ; les autres sont "
                    "gardées tant que le compte ou la démarche existe."
                )
                % {"expiring": expiring, "count": len(items)},
                *[fact for _subject, fact in facts],
            ],
        ),
        _block(
            _("Information des personnes"),
            [
                _(
                    "Le registre des traitements est public et généré à partir des mêmes "
                    "déclarations ; chaque algorithme a une notice publique ; chaque consentement "
                    "est gardé avec le texte lu et sa version."
                )
            ],
        ),
        _block(
            _("Droits des personnes"),
            [
                _(
                    "Chaque personne télécharge ses données et supprime son compte elle-même. Les "
                    "demandes d'accès, de rectification, d'effacement, de limitation et "
                    "d'opposition, en ligne, sans compte ou au guichet, sont suivies par le "
                    "délégué avec leur échéance légale ; une personne sans compte retrouve ce qui "
                    "a été enregistré avec le code de son reçu."
                )
            ],
        ),
        _processors_block(processors),
        _block(
            _("Transferts hors de l'Union européenne"),
            [
                _("Lieux des données déclarés pour les sous-traitants : %(places)s.")
                % {"places": ", ".join(locations)}
                if locations
                else _("Aucun lieu de données n'est déclaré pour les sous-traitants."),
                _(
                    "Parlons lui-même n'envoie aucune donnée hors de l'hébergement : ni police, "
                    "ni script, ni mesure d'audience extérieurs."
                ),
            ],
        ),
        _block(
            _("Données sensibles : opinions politiques (art. 9 du RGPD)"),
            [
                _(
                    "Une contribution à une démarche publique peut révéler une opinion politique. "
                    "Parlons limite ce risque ainsi :"
                ),
                *[_(measure) for measure in SENSITIVE_MEASURES],
            ],
        ),
    ]
    risks = [
        _block(
            title,
            [
                _("Sources de risque : %(sources)s") % {"sources": sources},
                _("Impacts sur les personnes : %(impacts)s") % {"impacts": impacts},
                _("Menaces : %(threats)s") % {"threats": threats},
                _("Mesures existantes : %(measures)s") % {"measures": measures},
            ],
        )
        for title, sources, impacts, threats, measures in [
            (
                _("Accès illégitime à des données"),
                _("personne malveillante extérieure, membre de l'équipe qui dépasse son rôle"),
                _(
                    "révélation de l'opinion politique ou de l'identité d'une personne qui "
                    "participe sous pseudonyme, sollicitations non désirées"
                ),
                _("vol de mot de passe, faille du logiciel, copie d'une sauvegarde"),
                _(
                    "droits par rôle et par territoire, second facteur obligatoire pour l'équipe, "
                    "journal des actions, masquage des textes publiés"
                ),
            ),
            (
                _("Modification non désirée de données"),
                _("personne malveillante, erreur d'un membre de l'équipe"),
                _("propos attribués à tort, résultat d'une démarche faussé"),
                _("usurpation d'un compte, modération abusive"),
                _(
                    "journal des actions, modération motivée et visible, second facteur pour "
                    "l'équipe"
                ),
            ),
            (
                _("Disparition de données"),
                _("panne, erreur de manipulation, attaque"),
                _("contributions perdues, droit d'accès impossible à exercer"),
                _("perte du serveur, suppression accidentelle"),
                _(
                    "sauvegardes quotidiennes gardées %(days)d jours, journal des effacements "
                    "rejoué après une restauration"
                )
                % {"days": settings.BACKUP_RETENTION_DAYS},
            ),
        ]
    ]
    measures = [
        _block(
            _("Mesures existantes"),
            [
                *[_(measure) for measure in SENSITIVE_MEASURES],
                _(
                    "La purge quotidienne applique les durées de conservation déclarées et en "
                    "rend compte dans le journal des actions."
                ),
                _(
                    "Chaque action de l'équipe est inscrite au journal des actions, lisible par "
                    "le délégué."
                ),
                _("L'équipe se connecte avec un second facteur (application d'authentification)."),
                _(
                    "Une personne qui a effacé son compte ne revient pas quand une sauvegarde "
                    "plus ancienne est restaurée."
                ),
            ],
        ),
    ]
    return [
        {"title": _("1. Description du traitement"), "blocks": description},
        {"title": _("2. Nécessité et proportionnalité"), "blocks": necessity},
        {"title": _("3. Risques"), "blocks": risks},
        {"title": _("4. Mesures"), "blocks": measures},
    ]


def current_draft(territory) -> ImpactAssessment | None:
    return ImpactAssessment.objects.filter(territory=territory, signed_at__isnull=True).first()


def versions(territory):
    return ImpactAssessment.objects.filter(territory=territory).select_related("signed_by")


@transaction.atomic
def start_draft(*, actor, territory) -> ImpactAssessment:
    """A new version with today's generated text, carrying the DPO's fields of the last one."""
    if current_draft(territory) is not None:
        raise ValidationError(_("Une version en cours existe déjà : complétez-la et signez-la."))
    last = ImpactAssessment.objects.select_for_update().filter(territory=territory).first()
    carried = {name: getattr(last, name) for name in DPO_FIELDS} if last else {}
    try:
        with transaction.atomic():  # two DPOs starting at once: one draft, the other is told
            draft = ImpactAssessment.objects.create(
                territory=territory,
                number=(last.number + 1) if last else 1,
                generated=generate(),
                **carried,
            )
    except IntegrityError:
        raise ValidationError(
            _("Une version en cours existe déjà : complétez-la et signez-la.")
        ) from None
    audit.record(actor, "privacy.dpia_start", draft, number=draft.number)
    return draft


@transaction.atomic
def save_draft(*, actor, assessment: ImpactAssessment, values: dict[str, str]) -> None:
    """Write the DPO's fields; a signed version is refused."""
    assessment = ImpactAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_signed:
        raise ValidationError(
            _("Cette version est signée : elle ne change plus. Commencez une nouvelle version.")
        )
    changed = [
        name for name in DPO_FIELDS if name in values and getattr(assessment, name) != values[name]
    ]
    for name in changed:
        setattr(assessment, name, values[name])
    assessment.save(update_fields=changed)
    audit.record(actor, "privacy.dpia_edit", assessment, number=assessment.number, fields=changed)


@transaction.atomic
def sign(*, actor, assessment: ImpactAssessment) -> None:
    """Freeze the version with the DPO's signature: it can be read and downloaded, not changed."""
    assessment = ImpactAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_signed:
        raise ValidationError(_("Cette version est déjà signée."))
    missing = [
        name
        for name in DPO_FIELDS
        if name.endswith(("likelihood", "severity")) and not getattr(assessment, name)
    ]
    if missing or not assessment.dpo_opinion.strip():
        raise ValidationError(
            _("Pour signer, notez la vraisemblance et la gravité de chaque risque, et votre avis.")
        )
    assessment.signed_by = actor
    assessment.signed_at = timezone.now()
    assessment.save(update_fields=["signed_by", "signed_at"])
    audit.record(actor, "privacy.dpia_sign", assessment, number=assessment.number)
