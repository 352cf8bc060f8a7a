"""Public meetings of the demo territory: places, meetings, registrations and minutes.

Everything here is invented for the demo, in plain French; nobody named is real.
Past meetings have published minutes; upcoming ones have registrations, and one
of them is full with a waiting list. `demo_meetings(process)` gives the debates
demo the meetings to attach the contributions collected there.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from parlons.accounts.models import Role, User
from parlons.meetings import components, services
from parlons.meetings.models import Meeting, Place

PLACES = [
    # key, name, kind, address, commune slug, latitude, longitude, accessibility, transport
    (
        "cafe",
        "Café associatif La Cale",
        Place.Kind.CAFE,
        "4 rue du Port",
        "port-kerle",
        "47.571204",
        "-2.884317",
        "Entrée de plain-pied par la terrasse. Toilettes adaptées au rez-de-chaussée. "
        "Salle bruyante le samedi : la réunion a lieu dans l'arrière-salle, plus calme.",
        "Car ligne 2, arrêt Le Port (5 minutes à pied). Parking à vélos devant le café.",
    ),
    (
        "library",
        "Médiathèque des Trois Rives",
        Place.Kind.LIBRARY,
        "12 place de la Halle",
        "bourg-sur-rive",
        "47.602518",
        "-2.851942",
        "Accès de plain-pied, ascenseur vers la salle d'animation, boucle magnétique à "
        "l'accueil et dans la salle, toilettes adaptées. Livres en gros caractères.",
        "Car lignes 1 et 2, arrêt Mairie. Deux places de stationnement réservées devant l'entrée.",
    ),
    (
        "social_centre",
        "Centre social Les Passerelles",
        Place.Kind.SOCIAL_CENTRE,
        "3 allée des Tilleuls",
        "lanvenec",
        "47.633870",
        "-2.812055",
        "Accès de plain-pied, toilettes adaptées, salle lumineuse. Garde d'enfants possible "
        "pendant les réunions en prévenant l'accueil la veille.",
        "Transport à la demande « Trois Rives Mobilité » : réserver la veille avant 17 h.",
    ),
    (
        "town_hall",
        "Mairie annexe de Saint-Aubin",
        Place.Kind.TOWN_HALL,
        "1 place de l'Église",
        "saint-aubin-des-landes",
        "47.658412",
        "-2.779630",
        "Salle du conseil à l'étage, sans ascenseur. Pour une personne en fauteuil, la réunion "
        "se tient dans la salle du rez-de-chaussée : prévenez l'accueil.",
        "Car ligne 3, arrêt Saint-Aubin Bourg (deux passages le soir).",
    ),
    (
        "ferry_hall",
        "Hall de la gare maritime",
        Place.Kind.FERRY_TERMINAL,
        "Cale du Débarcadère",
        "ile-aux-moines-blanches",
        "47.548905",
        "-2.917486",
        "Hall de plain-pied, rampe d'accès depuis la cale, toilettes adaptées. Chauffé mais "
        "peu isolé : prévoyez une veste en hiver.",
        "Bateau depuis Port-Kerlé (traversée de 15 minutes) ; dernier retour à 21 h 30 "
        "les soirs de réunion.",
    ),
    (
        "village_hall",
        "Salle des fêtes de Bourg-sur-Rive",
        Place.Kind.VILLAGE_HALL,
        "Rue des Écoles",
        "bourg-sur-rive",
        "47.598130",
        "-2.846702",
        "Accès de plain-pied, toilettes adaptées, boucle magnétique portable sur demande, "
        "sous-titrage en direct sur grand écran lors des réunions plénières.",
        "Car lignes 1 et 2, arrêt Écoles. Grand parking.",
    ),
]

MINUTES_EMPLOYMENT = """\
## Qui était là

Une vingtaine de personnes : des demandeurs d'emploi, deux gérantes de commerce du port, \
une conseillère de l'agence pour l'emploi et l'animatrice du café.

## Ce qui a été dit

- Beaucoup d'offres d'emploi ne se trouvent plus qu'en ligne. Plusieurs personnes disent \
ne pas savoir par où commencer, ni comment envoyer un CV depuis un téléphone.
- Le réseau mobile est faible sur le port : il faut parfois aller sur la digue pour \
envoyer un dossier.
- Les commerçantes aimeraient être formées pour vendre en ligne sans dépendre des \
grandes plateformes.
- Le télétravail intéresse, mais il manque un lieu calme et bien connecté : plusieurs \
personnes proposent d'ouvrir un espace partagé dans l'ancienne capitainerie.

## Les suites

L'équipe de la communauté de communes étudie un atelier « CV et candidatures sur \
téléphone » à la médiathèque, un mardi sur deux. La question de l'espace de travail \
partagé est versée au débat en ligne, thème Emploi.
"""

MINUTES_MOBILITY = """\
## Qui était là

Dix-huit personnes, surtout des habitants de Lanvenec et de Saint-Aubin, dont plusieurs \
personnes âgées venues avec le transport à la demande.

## Ce qui a été dit

- Réserver le transport à la demande par téléphone reste indispensable : l'application \
ne doit pas remplacer la ligne téléphonique.
- Les horaires des cars sont difficiles à trouver en ligne ; un affichage papier à jour \
aux arrêts est demandé.
- Le covoiturage entre voisins existe déjà, mais de façon informelle. Une plateforme \
locale simple, sans obligation de créer un compte, pourrait aider.
- Des jeunes sans permis expliquent qu'ils renoncent à des stages faute de transport.

## Les suites

Les idées sont reprises dans le thème Mobilité. Le service transport répondra en ligne \
pendant la phase de réponses des experts, en particulier sur le maintien de la \
réservation par téléphone.
"""

MINUTES_HEALTH = """\
## Qui était là

Vingt-cinq personnes, une pharmacienne, une infirmière libérale et la médiatrice \
numérique de la médiathèque.

## Ce qui a été dit

- Prendre rendez-vous chez un médecin passe de plus en plus par internet ; plusieurs \
personnes n'y arrivent pas seules et se sentent mises de côté.
- La téléconsultation peut éviter de longs trajets, mais beaucoup ne savent pas \
l'utiliser ou n'ont pas d'ordinateur avec caméra.
- Une cabine de téléconsultation à la pharmacie est évoquée ; certaines personnes \
craignent pour la confidentialité.
- La médiatrice rappelle qu'elle aide chaque mercredi, sur rendez-vous ou sans.

## Les suites

Un guide papier « Prendre rendez-vous en ligne, pas à pas » sera rédigé avec les \
habitants volontaires. Les questions sur la confidentialité sont posées aux experts \
dans le thème Santé.
"""

MINUTES_ISLAND = """\
## Qui était là

Une trentaine d'habitants de l'île, le capitaine de la navette et deux agents de la \
communauté de communes venus du continent.

## Ce qui a été dit

- Réserver la traversée en ligne fonctionne bien l'été, mais l'hiver les horaires \
changent souvent et l'information arrive tard.
- Un message par SMS en cas d'annulation de la navette est demandé par presque tous.
- Les personnes âgées de l'île veulent garder un guichet ouvert à la gare maritime.
- L'entraide entre voisins reste la première solution : plusieurs personnes proposent \
un « référent numérique » bénévole sur l'île.

## Les suites

La demande d'alerte par SMS est transmise au service des transports maritimes. L'idée \
du référent numérique bénévole est ajoutée au thème Vivre ensemble, pour être discutée \
en ligne et à la prochaine réunion.
"""

# key, title, place, day offset, hour, minutes, duration (h), capacity, description, minutes
MEETINGS = [
    (
        "employment",
        "Café numérique : chercher un emploi en ligne",
        "cafe",
        -20,
        18,
        30,
        2,
        25,
        "Un moment convivial pour parler de l'emploi et du numérique : offres en ligne, "
        "candidatures depuis un téléphone, télétravail, vente en ligne pour les commerces.",
        MINUTES_EMPLOYMENT,
    ),
    (
        "mobility",
        "Se déplacer sans voiture : transport à la demande et covoiturage",
        "social_centre",
        -15,
        14,
        0,
        2,
        30,
        "Comment le numérique peut-il aider à se déplacer sur le territoire, sans laisser de "
        "côté celles et ceux qui n'ont pas de téléphone récent ?",
        MINUTES_MOBILITY,
    ),
    (
        "health",
        "Prendre rendez-vous chez le médecin en ligne",
        "library",
        -10,
        18,
        0,
        2,
        40,
        "Rendez-vous en ligne, téléconsultation, dossier médical : ce qui aide, ce qui "
        "inquiète, ce qui manque. Avec des professionnels de santé du territoire.",
        MINUTES_HEALTH,
    ),
    (
        "island",
        "L'île et le continent : garder le lien",
        "ferry_hall",
        -5,
        17,
        30,
        2,
        None,
        "Réunion sur l'île, dans le hall de la gare maritime : traversées, information des "
        "habitants, entraide entre voisins.",
        MINUTES_ISLAND,
    ),
    (
        "safety",
        "Arnaques en ligne : comment se protéger",
        "town_hall",
        1,
        18,
        30,
        2,
        30,
        "Faux messages, faux conseillers bancaires, achats en ligne : des exemples concrets et "
        "des réflexes simples. Dites-nous aussi ce que vous attendez de l'éclairage public "
        "connecté et de la protection de vos données.",
        "",
    ),
    (
        "paperwork",
        "Atelier : les démarches administratives sur téléphone",
        "library",
        6,
        10,
        0,
        2,
        12,
        "Un atelier en petit groupe, avec la médiatrice numérique, pour faire ensemble une "
        "démarche en ligne depuis son téléphone. Places limitées pour que chacun soit aidé.",
        "",
    ),
    (
        "island_walk",
        "Balade numérique sur l'île",
        "ferry_hall",
        9,
        14,
        0,
        3,
        20,
        "Une balade commentée pour repérer où le réseau passe mal et où un point d'accès "
        "public serait utile.",
        "",
    ),
    (
        "closing",
        "Réunion de clôture : ce que nous avons entendu",
        "village_hall",
        15,
        18,
        30,
        2,
        None,
        "Restitution des contributions en ligne, au guichet et en réunion, et discussion "
        "des premières pistes avant la synthèse. Ouverte à toutes et à tous.",
        "",
    ),
]

ISLAND_WALK_CANCELLATION = (
    "La traversée est suspendue ce jour-là pour des travaux sur la cale. "
    "La balade sera reprogrammée au printemps."
)

# Pseudonyms invented for the demo; none is a real person's name.
PARTICIPANTS = [
    "Mouette du port",
    "Lectrice des Halles",
    "Jardinier de Lanvenec",
    "Cycliste des Landes",
    "Voisine de la cale",
    "Ancien du chantier naval",
    "Maman de trois",
    "Apprenti boulanger",
    "Retraitée curieuse",
    "Infirmière de garde",
    "Pêcheur du dimanche",
    "Étudiante en alternance",
    "Covoitureur du matin",
    "Couturière de Saint-Aubin",
    "Marcheur du littoral",
    "Bénévole de l'épicerie",
    "Nouvel arrivant",
    "Conteuse de l'île",
]


def _participants() -> list[User]:
    """People who only come to meetings and never sign in: accounts without a password.

    Created directly, like every demo account (see `loader._accounts`): the sign-up
    service asks for a password these people do not have.
    """
    people = []
    for index, pseudonym in enumerate(PARTICIPANTS, start=1):
        user = User.objects.filter(pseudonym=pseudonym).first()
        if user is None:
            user = User.objects.create_user(
                email=f"reunion-{index:02d}@demo.parlons.fr", password=None, pseudonym=pseudonym
            )
        people.append(user)
    return people


def _at(day_offset: int, hour: int, minute: int):
    """A local time on a day relative to today, as a town hall would schedule it."""
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load(territory, process, users, dates) -> list[Meeting]:
    organiser = users[Role.ORGANISER]
    communes = {commune.slug: commune for commune in territory.communes.all()}
    places = {}
    for key, name, kind, address, commune, lat, lon, access, transport in PLACES:
        places[key] = services.create_place(
            actor=organiser,
            territory=territory,
            name=name,
            kind=kind,
            address=address,
            postcode=communes[commune].postcode,
            commune=communes[commune],
            latitude=lat,
            longitude=lon,
            accessibility=access,
            transport=transport,
        )
    people = _participants()
    citizen = users[Role.CITIZEN]
    meetings = {}
    for key, title, place, day, hour, minute, hours, capacity, description, minutes in MEETINGS:
        starts_at = _at(day, hour, minute)
        meeting = services.create_meeting(
            actor=organiser,
            process=process,
            place=places[place],
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=capacity,
            description=description,
            past_confirmed=True,  # the demo's past meetings are recorded after the fact
        )
        meetings[key] = meeting
        if minutes:
            _past_registrations(meeting, people[: 8 + abs(day) // 2], dates)
            published_at = min(meeting.ends_at + timedelta(days=2), timezone.now())
            services.publish_minutes(
                actor=organiser, meeting=meeting, minutes=minutes, at=published_at
            )

    for person in people[:9]:
        services.register(actor=person, meeting=meetings["safety"])
    # The workshop fills up: twelve seats, then a waiting list (the demo citizen is on it).
    for person in people[:12]:
        services.register(actor=person, meeting=meetings["paperwork"])
    for person in (*people[12:14], citizen, people[14]):
        services.register(actor=person, meeting=meetings["paperwork"])
    services.register(actor=citizen, meeting=meetings["closing"])
    for person in people[5:11]:
        services.register(actor=person, meeting=meetings["closing"])
    # Cancelled before anyone registered, so that loading the demo sends no e-mail.
    services.cancel_meeting(
        actor=organiser, meeting=meetings["island_walk"], reason=ISLAND_WALK_CANCELLATION
    )
    return demo_meetings(process)


def _past_registrations(meeting: Meeting, people: list[User], dates) -> None:
    """Registrations of a meeting already held, made at the time they happened in the story.

    The first meeting's registrations in the story come before the phase that opens
    registrations: the service refuses them then, so they are made the moment
    registrations opened and given the story's date afterwards (demo only).
    """
    opened_at = min(
        phase.starts_at
        for phase in meeting.process.phases.all()
        if phase.allows(components.MEETINGS)
    )
    for index, person in enumerate(people):
        story_at = meeting.starts_at - timedelta(days=7, hours=index)
        registration = services.register(actor=person, meeting=meeting, at=max(story_at, opened_at))
        dates.set(
            registration, created_at=story_at, reminded_at=meeting.starts_at - timedelta(hours=20)
        )


def demo_meetings(process) -> list[Meeting]:
    """The demo démarche's meetings, oldest first, for the contributions collected there."""
    return list(
        Meeting.objects.filter(process=process).select_related("place").order_by("starts_at", "pk")
    )
