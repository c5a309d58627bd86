"""What the demo requests, answers and news say: texts that agree with the request they belong
to (an appointment asked for a prevention exam speaks of the exam, not of a budget; a comment
that mentions its attached PDF comes with one), as a believable structure's year would read.
Every situation is invented; no comment holds health data (the seeds forbid it)."""

from __future__ import annotations

from mock_server import catalogues

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
"""The file every demo attachment holds: a valid, empty PDF."""

# By service, then by motif (None: the service has no motif, or any motif of a local
# catalogue): the comments a technician writes for it. A request takes one of them by its
# variant number.
COMMENTS: dict[str, dict[str | None, list[str]]] = {
    "contact": {
        catalogues.CONTACT_MOTIFS[0]: [
            "Nous souhaitons présenter les offres de l'Assurance Maladie à notre équipe lors "
            "d'une réunion de service.",
        ],
        catalogues.CONTACT_MOTIFS[1]: [
            "Point souhaité sur les évolutions de la C2S au 1er janvier, pour en informer nos "
            "travailleurs sociaux.",
        ],
        catalogues.CONTACT_MOTIFS[2]: [
            "Je souhaite un rdv pour fixer les modalités de renouvellement de la convention.",
        ],
        catalogues.CONTACT_MOTIFS[3]: [
            "Départ d'une collègue gestionnaire : merci de désactiver son compte et d'en créer "
            "un pour sa remplaçante.",
        ],
    },
    "signalement": {
        catalogues.SIGNALEMENT_MOTIFS[0]: [
            "Droits interrompus depuis la fin de son contrat : étude de la rétroactivité "
            "souhaitée.",
            "Indemnités journalières suspendues depuis deux mois, la personne n'a plus de "
            "ressources.",
        ],
        "Droits": [
            "La personne n'a plus d'attestation de droits depuis son déménagement.",
            "Droits à vérifier après un changement de situation familiale.",
        ],
        "Situation d'urgence": [
            "Situation d'urgence : droits interrompus depuis le mois dernier.",
            "Sortie d'hébergement d'urgence prévue la semaine prochaine, droits à rétablir avant.",
        ],
        catalogues.MAS_MOTIF: [
            "La personne ne dispose pas de compte ameli et souhaite être accompagnée.",
            "Merci de rappeler la personne en fin de matinée, elle n'est pas joignable "
            "l'après-midi.",
        ],
        catalogues.SIGNALEMENT_MOTIFS[4]: [
            "Demande de C2S déposée par l'assuré il y a deux mois, sans réponse à ce jour.",
        ],
    },
    "rdv": {
        "AME": [
            "Rendez-vous souhaité pour le renouvellement de l'AME ; la personne lit peu le "
            "français."
        ],  # fmt: skip
        "Arrêts de travail, Indemnités journalières": [
            "Questions sur le versement de ses indemnités journalières ; pas d'accès internet.",
        ],
        "Autre motif de RDV": ["Rendez-vous souhaité pour faire le point sur sa situation."],
        "C2S": ["Rendez-vous pour constituer la demande de C2S avec la personne."],
        "Capital décès": ["Demande de capital décès pour son mari décédé."],
        "Examen de Prévention santé": [
            "La personne souhaite réaliser un examen de prévention en santé ; merci de lui "
            "proposer une date en matinée.",
        ],
        "Pension d'invalidité": ["Questions sur le calcul de sa pension d'invalidité."],
        "Rente AT/MP": ["Questions sur le versement de sa rente depuis son déménagement."],
        "Service Social": [
            "La personne souhaite rencontrer une assistante sociale de l'Assurance Maladie.",
        ],
        None: ["La personne ne dispose pas de compte ameli et souhaite un rendez-vous."],
    },
    "etude": {
        "AME": [
            "Première demande d'AME ; justificatifs d'identité et de résidence regroupés "
            "dans un seul PDF."
        ],  # fmt: skip
        "Autre motif d'étude de dossier": [
            "Étude de situation après un changement de régime. Nom marital : BAULAIRE.",
        ],
        "Demande d'aide financière": [
            "Demande de rééquilibrage budgétaire : frais de transport importants ce trimestre.",
        ],
        "Etude de C2S": ["Ressources en baisse depuis trois mois, étude de droits à la C2S."],
        "Ouverture de droits": [
            "Ouverture de droits à la suite d'une arrivée en France ; pièces regroupées dans "
            "un seul PDF.",
        ],
    },
    "document": {
        None: [
            "L'assurée a perdu son portefeuille.",
            "Attestation demandée pour un dossier de logement.",
            "Carte Vitale jamais reçue depuis le changement d'adresse.",
        ],
    },
    "dossier": {
        None: [
            "Renouvellement AME, dossier complet en un seul PDF.",
            "Demande déposée par l'assuré le mois dernier : où en est-elle ?",
        ],
    },
}

# By service: what the organisme answers. The third is the answer to a request filed under
# the wrong offre (manual: no redirection, an explanation).
RESPONSES: dict[str, list[str]] = {
    "contact": [
        "Un rendez-vous est fixé ; votre correspondant partenaires vous appellera.",
        "Les informations demandées vous ont été adressées par e-mail.",
    ],
    "signalement": [
        "Les droits ont été rétablis ; l'attestation est jointe.",
        "Le dossier est pris en compte ; la personne sera contactée par téléphone.",
        "Demande déposée sous la mauvaise offre de service : merci de la redéposer sous "
        "« Soumettre une demande d'étude de dossier ».",
    ],
    "rdv": [
        "Un rendez-vous a été fixé ; l'assuré sera contacté par téléphone.",
        "Rendez-vous fixé à l'accueil de la CPAM ; la convocation est jointe.",
    ],
    "etude": [
        "Le dossier est complet, la décision sera adressée à l'assuré par courrier.",
        "La décision est jointe ; une copie a été adressée à l'assuré.",
    ],
    "document": [
        "Le document demandé est joint.",
        "Le document a été adressé à l'assuré par courrier.",
        "Demande déposée sous la mauvaise offre de service : merci de la redéposer sous "
        "« Demander un rendez-vous pour un assuré ».",
    ],
    "dossier": [
        "Le dossier est en cours d'instruction ; la décision suivra par courrier.",
        "La décision est jointe.",
    ],
}

NEWS_BODIES = {
    "La Complémentaire santé solidaire, c'est quoi ?": (
        "Elle aide à payer les dépenses de santé des personnes aux ressources modestes. "
        "Le simulateur d'ameli.fr dit en quelques minutes si une personne y a droit."
    ),
    "Nouvelle version d'Espace Partenaires": (
        "L'historique des demandes s'enrichit de filtres par offre de service et par motif."
    ),
    "Campagne de vaccination contre la grippe": (
        "La campagne a commencé : les personnes de 65 ans et plus reçoivent un bon de prise "
        "en charge."
    ),
}


def comment_for(service: str, motif: str | None, variant: int) -> str:
    by_motif = COMMENTS.get(service, {})
    texts = by_motif.get(motif) or by_motif.get(None) or ["Merci de votre retour."]
    return texts[variant % len(texts)]


def response_for(service: str, variant: int) -> str:
    texts = RESPONSES.get(service) or RESPONSES["etude"]
    return texts[variant % len(texts)]


def mentions_attachment(text: str) -> bool:
    """Whether a text speaks of a file that must then be there."""
    lowered = text.lower()
    return "pdf" in lowered or "joint" in lowered or "justificatifs" in lowered


def news_body(title: str) -> str:
    return NEWS_BODIES.get(
        title,
        "Retrouvez le détail de cette actualité auprès de votre correspondant partenaires "
        "de la CPAM.",
    )


# What the simulated agent of ``--demo`` answers to a follow-up message (mock_server.demo_agent).
REPLIES = [
    "Les droits prennent effet au premier jour du mois de la demande.",
    "Le dossier est complet : la notification part cette semaine par courrier.",
    "Nous avons bien reçu votre message ; la personne peut se présenter à l'accueil sans "
    "rendez-vous.",
]


def reply_for(variant: int) -> str:
    return REPLIES[variant % len(REPLIES)]
