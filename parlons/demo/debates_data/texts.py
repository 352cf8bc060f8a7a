"""The words of the demo debate, written for it in plain French; nobody named is real.

Sentence parts per theme (situations, difficulties, proposals), reply parts,
and the few texts written whole: those the expert answers, those the
moderators hid, the reasons of the open reports.
"""

PSEUDONYMS = """\
Goéland des Trois Rives
Brise de mer
Papi connecté
Maraîchère bio
Kayakiste de Port-Kerlé
Hirondelle
Aide à domicile
Lycéenne du bourg
Artisan menuisier
Conducteur de car
Ostréicultrice
Mamie tablette
Parent d'élève
Télétravailleur de Lanvenec
Commerçante de la Halle
Ancienne institutrice
Jeune agriculteur
Pompier volontaire
Animatrice jeunesse
Cheminot retraité
Auxiliaire de vie
Étudiant en BTS
Photographe amateur
Coureuse des dunes
Choriste du dimanche
Bricoleur solidaire
Gardien de phare
Navetteuse quotidienne
Vendeuse au marché
Apicultrice des Landes
Skipper d'été
Brodeuse de Saint-Aubin
Joueur de belote
Facteur à vélo
Lecteur du journal
Salarié de la conserverie
Habitant des hauts
Amoureuse des chemins
Ancien marin
Nouvelle venue sur l'île""".splitlines()

DISPLAY_LABELS = """\
Une habitante de Lanvenec
Un retraité de Saint-Aubin
Une mère de famille du bourg
Un jeune de Port-Kerlé
Une personne âgée de l'île
Un agriculteur des Landes
Une aide-soignante
Un habitant de Bourg-sur-Rive
Une commerçante de Port-Kerlé
Un demandeur d'emploi""".splitlines()

# Per theme: situations, difficulties, proposals. "{commune}" is replaced by a commune's name.
PARTS = {
    "emploi": (
        """\
Je cherche du travail depuis huit mois à {commune}.
Je suis artisan et je trouve presque tous mes clients par le bouche-à-oreille.
Mon fils a quitté l'école l'an dernier et il ne sait pas par où commencer.
Je télétravaille deux jours par semaine depuis {commune}.
J'ai 58 ans et on m'explique que tout se passe désormais sur internet pour retrouver un poste.
Je tiens une petite boutique de vêtements dans le centre de {commune}.
Je suis saisonnière : l'été sur la côte, l'hiver je cherche ailleurs.
Avec mon mari, nous avons repris une ferme il y a trois ans.
Je travaille dans l'aide à domicile et mes plannings arrivent sur une application.
Je suis en reconversion après vingt ans à la conserverie.""",
        """\
Les offres sont toutes en ligne et les formulaires de candidature marchent mal sur un téléphone.
La connexion est si lente que les visioconférences coupent sans arrêt.
Personne ne m'a jamais montré comment faire un CV sur ordinateur.
Vendre sur internet demande du temps et des compétences que je n'ai pas.
Les formations au numérique ont lieu en ville, à quarante minutes de route.
Les plateformes de livraison prennent une commission trop élevée pour un petit commerce.
On parle d'intelligence artificielle alors que beaucoup ne savent pas envoyer une pièce jointe.
Le service public de l'emploi ne répond plus que par messagerie.
Les jeunes savent se servir d'un téléphone, beaucoup moins d'un tableur ou d'un traitement de texte.
Il n'existe aucun endroit calme pour travailler ailleurs que chez soi.""",
        """\
Il faudrait un espace de travail partagé avec une bonne connexion, à la médiathèque ou dans l'ancienne poste.
Pourquoi ne pas organiser des ateliers le soir pour écrire son CV et répondre aux annonces ?
Une boutique en ligne commune aux commerçants des cinq communes, avec retrait en magasin, aiderait beaucoup.
Un conseiller numérique pourrait passer une demi-journée par semaine dans chaque mairie.
Les entreprises du territoire pourraient publier leurs offres sur un seul site, simple à consulter.
On pourrait former des jeunes en service civique pour accompagner les demandeurs d'emploi.
Il faudrait accélérer l'arrivée de la fibre dans les zones d'activité.
Un parrainage entre salariés expérimentés et jeunes du territoire serait utile.
La communauté de communes pourrait prêter des ordinateurs portables aux personnes qui cherchent un emploi.
Des formations courtes, gratuites et près de chez nous : c'est ce qui manque le plus.""",
    ),
    "mobilite": (
        """\
J'habite à {commune} et je n'ai plus le permis depuis mon opération.
Je prends le car tous les matins pour aller au lycée.
Je fais le trajet vers la ville chaque jour, seul dans ma voiture.
Sur l'île, tout dépend des horaires du bateau.
Je me déplace en fauteuil roulant et chaque sortie se prépare à l'avance.
Nous n'avons qu'une voiture pour toute la famille.
Je fais mes courses à vélo, même l'hiver.
Ma mère de 85 ans vit seule à {commune}.
Je travaille en horaires décalés à la zone d'activité.
J'ai essayé le transport à la demande le mois dernier.""",
        """\
Pour réserver le transport à la demande, il faut une application que je n'arrive pas à installer.
Les horaires affichés à l'arrêt ne correspondent pas à ceux du site internet.
Quand le bateau est annulé à cause du vent, on l'apprend souvent trop tard.
Le dernier car part à 18 h 10 : impossible de rester pour une activité le soir.
Les sites de covoiturage nationaux ne proposent presque jamais de trajets chez nous.
Les pistes cyclables s'arrêtent net à l'entrée du bourg.
Il faut réserver la veille avant 17 h, ce qui ne marche pas pour un rendez-vous imprévu.
Aucun arrêt n'indique s'il est accessible en fauteuil.
Le standard pour réserver sonne souvent occupé.
Les informations sur les travaux et les déviations n'arrivent jamais à temps.""",
        """\
Il faudrait garder une réservation par téléphone, avec une vraie personne au bout du fil.
Des panneaux à jour aux arrêts principaux seraient un vrai progrès.
Pourquoi ne pas envoyer un SMS gratuit quand une traversée est annulée ?
Un covoiturage local, organisé par la communauté de communes, avec des points de rendez-vous connus de tous, serait utile.
Une carte en ligne des arrêts accessibles, tenue à jour avec les usagers, aiderait beaucoup.
On pourrait avoir un car plus tard le vendredi et le samedi soir.
Des vélos électriques en location longue durée, à prix modéré, changeraient les trajets du quotidien.
Il faudrait un seul site pour tous les horaires : car, bateau, train et transport à la demande.
Le transport à la demande devrait pouvoir se réserver le jour même.
Les applications doivent rester facultatives : tout doit pouvoir se faire au guichet.""",
    ),
    "sante": (
        """\
Notre médecin de famille est parti à la retraite et personne ne l'a remplacé.
J'ai essayé une téléconsultation pour mon fils pendant l'hiver.
Je m'occupe de mon père, qui a du diabète.
Je suis infirmière libérale dans le secteur de {commune}.
Je n'ai pas d'ordinateur, seulement un vieux téléphone.
Sur l'île, il n'y a pas de médecin en dehors de l'été.
Ma voisine a reçu ses résultats d'analyse par courriel mais ne sait pas ouvrir le fichier.
J'ai une maladie chronique et je vois plusieurs spécialistes en ville.
Je suis aide-soignante à la maison de retraite de {commune}.
Avec trois enfants, les rendez-vous chez le pédiatre sont un casse-tête.""",
        """\
Tous les créneaux se prennent en ligne et partent en quelques minutes.
La téléconsultation, c'est pratique, mais la connexion coupe au milieu de l'appel.
On ne sait pas qui peut voir notre dossier médical en ligne, et cela inquiète.
Les personnes âgées restent sans solution quand le cabinet ne répond plus au téléphone.
Les ordonnances numériques ne sont pas acceptées partout.
Il faut un compte différent pour chaque site, avec des mots de passe impossibles à retenir.
Personne n'explique comment se servir de Mon espace santé.
Le cabinet le plus proche est à trente kilomètres.
Les messages de rappel arrivent parfois après le rendez-vous.
Les gardes du week-end sont difficiles à trouver.""",
        """\
Une cabine de téléconsultation à la maison de santé, avec une infirmière présente, serait rassurante.
Il faudrait réserver une partie des rendez-vous aux appels téléphoniques.
Des permanences pour aider à ouvrir et comprendre Mon espace santé, dans chaque commune, seraient bienvenues.
On pourrait publier chaque semaine les gardes médicales et pharmaceutiques, en ligne et à l'affichage en mairie.
Les aidants ont besoin de quelqu'un qui leur explique les outils en ligne une fois pour toutes.
La communauté de communes devrait obtenir une meilleure couverture réseau autour de la maison de santé.
Des ateliers sur la protection des données de santé aideraient à savoir ce qu'on partage.
Un bus santé pourrait passer une fois par mois sur l'île et dans les hameaux.
Il faut garder le papier pour ceux qui le souhaitent : c'est une question d'égalité.
On pourrait former les secrétariats médicaux à accompagner les patients perdus avec les outils en ligne.""",
    ),
    "securite": (
        """\
Un proche s'est fait escroquer par un faux conseiller bancaire au téléphone.
Je reçois chaque semaine des SMS qui imitent les impôts ou un livreur de colis.
Je m'occupe du site internet de notre club de football.
Le soir, certaines rues de {commune} sont entièrement dans le noir.
Mes enfants ont leur premier téléphone cette année.
Je suis commerçant et mon terminal de paiement a été piraté l'an dernier.
On parle d'installer des caméras près de la salle des fêtes de {commune}.
Je suis bénévole à l'épicerie solidaire.
Une mairie voisine a été victime d'une attaque informatique il y a deux ans.
Je vis seule à la campagne, loin des voisins.""",
        """\
Beaucoup de personnes âgées ne savent pas reconnaître un message frauduleux.
Quand on se fait pirater, on ne sait pas à qui s'adresser.
Les parents sont démunis face au harcèlement sur les réseaux sociaux.
Personne ne sait vraiment ce que deviennent les images filmées.
L'éclairage connecté s'éteint parfois là où l'on passe à pied.
Les petites associations n'ont aucun moyen de protéger leurs fichiers d'adhérents.
Les démarches en ligne demandent des codes qu'on finit par noter sur un papier à côté de l'ordinateur.
Les alertes de la préfecture n'arrivent pas sur les vieux téléphones.
On entend des conseils contradictoires sur les bonnes pratiques.
Les arnaques au faux dépannage informatique se multiplient.""",
        """\
Il faudrait des ateliers pour reconnaître les arnaques, avec des exemples réels, à la médiathèque et au club des aînés.
Une permanence locale pour aider les victimes d'escroquerie en ligne serait précieuse.
Une intervention dans les écoles sur les réseaux sociaux, avec les parents, est nécessaire.
Si des caméras sont installées, il faut publier où elles sont, qui regarde les images et combien de temps elles sont gardées.
L'éclairage connecté devrait rester allumé sur les trajets à pied entre la gare et le centre.
Les associations ont besoin d'un accompagnement pour protéger les données de leurs adhérents.
Un petit guide papier des bons réflexes pourrait être distribué avec le bulletin municipal.
En cas d'alerte, il faut prévenir aussi par la radio locale et l'affichage, pas seulement par internet.
Les agents d'accueil des mairies pourraient être formés à repérer et orienter les victimes.
La sécurité des sites des communes devrait être contrôlée par un organisme indépendant.""",
    ),
    "vivre-ensemble": (
        """\
Je suis arrivée à {commune} il y a un an et je connais encore peu de monde.
Au club des aînés, plusieurs membres n'ont jamais utilisé internet.
Je suis bénévole dans une association de quartier.
Notre village n'a plus de café depuis l'hiver dernier.
J'ai 17 ans et les activités pour les jeunes sont rares à {commune}.
Je lis mal le français et les démarches en ligne sont très difficiles pour moi.
Je fais partie du comité des fêtes de {commune}.
Sur l'île, l'hiver, on se sent loin de tout.
Nous sommes une famille avec un enfant en situation de handicap.
Je suis à la retraite et j'ai du temps à donner.""",
        """\
Les informations sur les événements sont dispersées entre plusieurs réseaux sociaux.
Beaucoup de services ont fermé leur guichet et renvoient vers un site.
Les personnes isolées ne sont pas au courant des aides qui existent.
Les sites des communes sont difficiles à lire quand on voit mal.
Il n'y a aucun lieu pour apprendre ensemble, jeunes et anciens.
On demande sans cesse une adresse électronique, même pour inscrire un enfant à la cantine.
Les panneaux d'affichage ne sont plus mis à jour.
Les bénévoles s'essoufflent et il est difficile d'en trouver de nouveaux.
Certains habitants n'osent pas dire qu'ils ne savent pas se servir d'un ordinateur.
Les réunions publiques ont souvent lieu à des heures où l'on travaille.""",
        """\
Un agenda commun des cinq communes, en ligne et sur papier, rassemblerait toutes les activités.
Des cafés numériques où les jeunes aident les anciens, et où les anciens racontent le territoire, feraient du bien à tous.
Il faut garder au moins un guichet humain dans chaque commune, même quelques heures par semaine.
Une plateforme d'entraide entre voisins pour les courses, les trajets ou un coup de main serait utile.
Les informations essentielles devraient exister en français facile à lire et dans quelques autres langues.
On pourrait proposer les réunions aussi le samedi matin, et les retransmettre pour ceux qui ne peuvent pas venir.
Un tiers-lieu dans l'ancienne école, avec ordinateurs, imprimante et café, changerait beaucoup de choses.
Les sites des communes doivent être rendus accessibles, avec des textes simples.
Mieux vaut prêter des tablettes avec un accompagnement que les distribuer sans explication.
On pourrait recenser les bénévoles prêts à aider aux démarches en ligne et les faire connaître.""",
    ),
}

OPENERS = ["", "", "", "", "", "", "Bonjour. ", "Bonjour à toutes et à tous. "]
CLOSINGS = """\
Merci de nous demander notre avis.
C'est ce qui manque le plus chez nous.
J'espère que cette consultation servira vraiment.
Je veux bien donner un coup de main si besoin.
Ce serait simple à mettre en place.
Pensons à celles et ceux qui n'ont pas d'ordinateur.
On en parle depuis des années.
Et surtout, que cela reste gratuit.
À {commune}, tout le monde en parle.""".splitlines()

AGREE = """\
Tout à fait d'accord.
Je pense la même chose.
Bonne idée !
C'est exactement notre situation.
Je soutiens cette proposition.""".splitlines()
NUANCE = """\
Oui, mais il faudrait d'abord régler la question du réseau.
Attention au coût pour la communauté de communes.
Cela existe déjà en partie à la médiathèque, mais personne ne le sait.
C'est une bonne piste, à condition de garder aussi le papier.
Il faudrait demander aux premiers concernés ce qu'ils en pensent.""".splitlines()
DISAGREE = """\
Je ne suis pas d'accord : ce n'est pas à la collectivité de financer cela.
Je ne crois pas que ce soit la priorité.
On a essayé il y a quelques années et cela n'a pas duré.""".splitlines()
EXTRA = """\
Chez nous, à {commune}, un petit groupe d'entraide s'est monté et il fonctionne bien.
Ma fille a suivi un atelier de ce genre et elle a trouvé un stage grâce à cela.
J'ai vécu la même chose le mois dernier.
Mon voisin a été aidé par la médiatrice de la médiathèque, c'était très utile.
Savez-vous si quelque chose est déjà prévu ?
Qui s'occuperait de l'organiser ?
Est-ce que ce serait ouvert le week-end ?""".splitlines()
# Which parts a reply strings together: never agreement and disagreement at once.
REPLY_SHAPES = [
    (AGREE,),
    (AGREE, EXTRA),
    (AGREE, NUANCE),
    (NUANCE,),
    (NUANCE, EXTRA),
    (DISAGREE,),
    (DISAGREE, EXTRA),
    (EXTRA,),
]
SHORT_REPLIES = """\
Merci pour l'information !
Bonne question, je n'en sais rien non plus.
Je vous rejoins sur ce point.
Je peux vous mettre en relation avec l'association, demandez à l'accueil de la mairie.
Justement, on en a parlé à la réunion publique.
C'est noté, j'en parlerai autour de moi.
Pas tout à fait : le service existe, mais seulement le mardi.""".splitlines()

# Written whole: (key, theme, text, answer of the expert or None)
ANCHORED = [
    (
        "booking",
        "mobilite",
        "Depuis janvier, le transport à la demande se réserve surtout par l'application. Ma voisine "
        "de 82 ans ne s'en sort pas et n'ose plus réserver. Est-il prévu de garder la réservation "
        "par téléphone, et de pouvoir réserver le jour même ?",
        "La réservation par téléphone reste ouverte du lundi au samedi, de 8 h à 18 h, au numéro "
        "imprimé sur les fiches horaires ; nous allons le rappeler à chaque arrêt et dans le "
        "prochain bulletin. À partir de juin, il sera possible de réserver le jour même, jusqu'à "
        "deux heures avant le départ, par téléphone comme par l'application.",
    ),
    (
        "ferry",
        "mobilite",
        "Quand la traversée est annulée à cause du vent, on ne le sait qu'en arrivant à la cale. "
        "Un simple message, même sur un vieux téléphone, éviterait de faire le trajet pour rien.",
        "Nous préparons avec la compagnie maritime une alerte par SMS gratuite, sans application "
        "ni smartphone. L'inscription se fera en ligne, à la mairie annexe de l'île ou au guichet "
        "de la gare maritime. Un premier essai est prévu cet automne.",
    ),
    (
        "timetables",
        "mobilite",
        "Les horaires du car affichés aux arrêts, ceux du site et ceux de l'application ne sont "
        "jamais les mêmes. On ne sait plus lequel croire.",
        "Vous avez raison, et c'est le premier chantier : à partir de la rentrée, une seule source "
        "d'horaires alimentera les affiches, le site et l'application. Ces horaires seront aussi "
        "publiés en données ouvertes, pour que toutes les applications de trajet les reprennent.",
    ),
    (
        "health_bus",
        "sante",
        "Le jeudi, plus aucun car ne dessert la maison de santé depuis Saint-Aubin. Pour les "
        "personnes sans voiture, un rendez-vous devient une expédition.",
        "La maison de santé devient un arrêt du transport à la demande dès le mois prochain, tous "
        "les jours ouvrés, y compris le jeudi. Le trajet coûte le prix d'un ticket de car, et "
        "l'accompagnement jusqu'à l'accueil est possible sur demande à la réservation.",
    ),
    (
        "evening",
        "vivre-ensemble",
        "Les réunions publiques ont lieu le soir, à des kilomètres de chez moi, quand il n'y a plus "
        "de car. Comment participer quand on ne conduit pas ?",
        "Pour chaque réunion publique de la démarche, le transport à la demande sera gratuit, à "
        "l'aller comme au retour, sur simple réservation. Les réunions seront aussi enregistrées "
        "et leurs comptes rendus publiés sur cette page.",
    ),
    ("fiber", "emploi", None, None),
]

# Short titles some of the anchored contributions were given (a title is optional: most
# contributions have none).
ANCHORED_TITLES = {
    "booking": "Garder la réservation du transport à la demande par téléphone",
    "ferry": "Être prévenu quand la traversée est annulée",
    "timetables": "Des horaires du car qui soient partout les mêmes",
    "evening": "Participer aux réunions du soir sans voiture",
}

HIDDEN = [
    (
        "securite",
        "Les élus de ce territoire sont tous des incapables, et je sais où habite le maire : "
        "il va falloir qu'il nous entende.",
        "propos injurieux et menaçants envers une personne",
    ),
    (
        "emploi",
        "Vends ordinateurs reconditionnés à petit prix, livraison rapide, écrivez-moi en privé "
        "pour le catalogue complet !",
        "publicité commerciale sans rapport avec la démarche",
    ),
]
REPORTED = [
    "Ce message se moque des personnes âgées, je le trouve blessant.",
    "Il me semble que cette réponse donne le nom d'une personne sans son accord.",
]
