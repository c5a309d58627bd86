"""The catalogues the mock server serves: the national one (manual §IV), a reduced one (the
manual: « les motifs peuvent être réduits en fonction des organismes »), and the local variant
of the CPAM de l'Essonne (guide 001).  Stored in the database as data; this module only seeds."""

from __future__ import annotations

from ep_contract.domain.attachments import ACCEPTED_HINT, MAX_PER_REQUEST
from ep_contract.domain.catalogue import Catalogue, Condition, FormField, Service
from ep_contract.domain.fields import COMMENT_MAX, LIEU_MAX, NOM_MAX, PRENOM_MAX, TELEPHONE_LENGTH
from ep_contract.domain.statistics import Benefit

PERSON = "Personne concernée"
MAS_MOTIF = "Saisine mission accompagnement santé"
RENONCEMENT = [
    "Renoncement ou difficultés d'accès à des soins",
    "Renoncement ou des difficultés d'accès à des soins liés à un handicap",
]
RDV_WARNING = (
    "Attention : Cette offre s'adresse uniquement aux personnes non autonomes et qui ne "
    "bénéficient pas de compte ameli."
)


def motif(choices: list[str]) -> FormField:
    return FormField(
        name="motif",
        kind="select",
        label="Motif de la demande",
        required=True,
        choices=choices,
        placeholder="Sélectionner un motif",
    )


def person_block() -> list[FormField]:
    return [
        FormField(
            name="civilite",
            kind="radio",
            label="Civilité",
            required=True,
            section=PERSON,
            choices=["Madame", "Monsieur"],
            max_selected=1,
        ),
        FormField(
            name="nom",
            kind="text",
            label="Nom",
            required=True,
            section=PERSON,
            text_format="nom",
            max_length=NOM_MAX,
            hint="Nom de naissance (nom de jeune fille pour les femmes mariées)",
        ),
        FormField(
            name="prenom",
            kind="text",
            label="Prénom",
            required=True,
            section=PERSON,
            text_format="prenom",
            max_length=PRENOM_MAX,
        ),
        FormField(
            name="date_naissance",
            kind="text",
            label="Date de naissance",
            required=True,
            section=PERSON,
            text_format="date",
            max_length=10,
            placeholder="jj/mm/aaaa",
        ),
        FormField(
            name="lieu_naissance",
            kind="text",
            label="Lieu de naissance",
            required=True,
            section=PERSON,
            text_format="lieu",
            max_length=LIEU_MAX,
            hint="(N° du Département de naissance ou Libellé du pays)",
        ),
        FormField(
            name="telephone",
            kind="text",
            label="Téléphone",
            required=True,
            section=PERSON,
            text_format="telephone",
            max_length=TELEPHONE_LENGTH,
            placeholder="06.00.00.00.00",
        ),
    ]


def attachments() -> FormField:
    return FormField(
        name="pieces_jointes",
        kind="attachments",
        label="Pièces jointes",
        max_files=MAX_PER_REQUEST,
        hint=ACCEPTED_HINT,
    )


def comment() -> FormField:
    return FormField(
        name="commentaire",
        kind="textarea",
        label="Commentaires",
        required=True,
        max_length=COMMENT_MAX,
        hint=f"({COMMENT_MAX} caractères maximum)",
    )


def mas_blocks() -> list[FormField]:
    """The conditional blocks of the « Saisine mission accompagnement santé » motif (SPEC §5)."""
    when_mas = Condition(field="motif", any_of=[MAS_MOTIF])
    when_renoncement = Condition(field="mas_accompagnement", any_of=RENONCEMENT)
    return [
        FormField(
            name="mas_consentement",
            kind="consent",
            label="Consentement de l'assuré",
            required=True,
            visible_when=when_mas,
            statement=(
                "L'assuré accepte que ses coordonnées soient transmises à la Mission "
                "accompagnement santé de sa Caisse d'assurance maladie afin que celle-ci puisse "
                "le contacter pour bénéficier d'un accompagnement santé personnalisé et d'un "
                "suivi adapté"
            ),
        ),
        FormField(
            name="mas_accompagnement",
            kind="multi",
            label="Accompagnement santé sollicité dans le cadre de",
            required=True,
            hint="Sélectionnez la ou les réponses",
            visible_when=when_mas,
            choices=[
                "Difficultés d'accès aux droits",
                *RENONCEMENT,
                "Fragilité face au numérique",
                "Situation sociale complexe",
            ],
        ),
        FormField(
            name="mas_soins",
            kind="multi",
            label="Quels soins ne sont pas réalisés ?",
            hint="Sélectionnez la ou les réponses",
            visible_when=when_renoncement,
            choices=[
                "Consultation de médecine générale ou spécialisée",
                "Acte chez un spécialiste, analyses ou examens médicaux (soins dentaires, "
                "infirmiers, de kinésithérapie, radiologie, biologie...)",
                "Dispositifs médicaux (optique, auditif, petit et grand appareillage...)",
                "Chirurgie",
                "Pharmacie",
                "Autre",
            ],
        ),
        FormField(
            name="mas_duree",
            kind="radio",
            label="Depuis quand dure le renoncement ?",
            hint="Sélectionnez la réponse",
            visible_when=when_renoncement,
            max_selected=1,
            choices=["Moins de 3 mois", "De 3 mois à 1 an", "Plus d'1 an", "Plus de 2 ans"],
        ),
        FormField(
            name="mas_causes",
            kind="multi",
            label="Quelles en sont les causes ? Un problème :",
            hint="Sélectionnez la ou les réponses",
            visible_when=when_renoncement,
            choices=[
                "D'accès aux droits (médecin traitant, couverture assurance maladie et/ou "
                "complémentaire, A.L.D.)",
                "De reste à charge",
                "De transport",
                "D'avance des frais",
                "De démarches trop compliquées",
                "De délai de RDV trop longs",
                "De refus de prise en charge par un professionnel de santé",
                "Autre",
            ],
        ),
    ]


CONTACT_MOTIFS = [
    "Connaître les offres de service de l'organisme d'Assurance Maladie",
    "Connaître les évolutions législatives et réglementaires",
    "Gérer la convention de partenariat",
    "Signaler des modifications du ou des compte(s) Gestionnaire(s) PARTENAIRE",
]
SIGNALEMENT_MOTIFS = [
    "Dossiers complexes (rétroactivité, rupture de droits, IJ complexes...)",
    "Droits",
    "Situation d'urgence",
    MAS_MOTIF,
    "Suivi traitement d'une demande faite par l'assuré",
]
RDV_MOTIFS = [
    "AME",
    "Arrêts de travail, Indemnités journalières",
    "Autre motif de RDV",
    "C2S",
    "Capital décès",
    "Examen de Prévention santé",
    "Pension d'invalidité",
    "Rente AT/MP",
    "Service Social",
]
ETUDE_MOTIFS = [
    "AME",
    "Autre motif d'étude de dossier",
    "Demande d'aide financière",
    "Etude de C2S",
    "Ouverture de droits",
]
DOCUMENTS = [
    "Attestation de droits",
    "Autre type de document",
    "Certificat provisoire CEAM",
    "Formulaire carte vitale",
    "Offres de prévention",
]
CONTACT_DESCRIPTION = (
    "Vous souhaitez prendre un rendez-vous téléphonique / visio ou physique pour une question "
    "générale (réglementaire, offres de services de votre organisme d'assurance Maladie, "
    "technique...)"
)
SIGNALEMENT_TITLE = "Signaler une situation de difficulté d'accès aux droits et aux soins"
RDV_TITLE = "Demander un rendez-vous pour un assuré"
RDV_DESCRIPTION = (
    "Vous souhaitez demander un rendez-vous pour un assuré (AME, arrêt de travail, C2S...)."
)


def contact_service(motifs: list[str]) -> Service:
    return Service(
        code="contact",
        short_title="Contact organisme",
        title="Contacter votre organisme d'assurance Maladie",
        description=CONTACT_DESCRIPTION,
        fields=[
            motif(motifs),
            FormField(
                name="modalites",
                kind="multi",
                label="Modalités de rendez vous",
                required=True,
                choices=["Téléphonique / Visio", "Physique"],
            ),
            attachments(),
            comment(),
        ],
    )


SIGNALEMENT_DESCRIPTION = (
    "Vous souhaitez faire un signalement de difficulté d'accès aux droits et aux soins "
    "pour un assuré : Dossiers complexes (rétroactivité, rupture de droits, IJ "
    "complexes...), Droits, Situation d'urgence, Saisine mission accompagnement santé, "
    "Suivi traitement d'une demande faite par l'assuré."
)
# Guide 001 (Essonne), lines 107–108: its card offers the MAS referral only, and says so.
ESSONNE_SIGNALEMENT_DESCRIPTION = (
    "Vous souhaitez faire un signalement de difficulté d'accès aux droits et aux soins "
    "pour un assuré : Saisine mission accompagnement santé"
)


def signalement_service(motifs: list[str], description: str = SIGNALEMENT_DESCRIPTION) -> Service:
    return Service(
        code="signalement",
        short_title="Signalement",
        title=SIGNALEMENT_TITLE,
        description=description,
        fields=[motif(motifs), *mas_blocks(), *person_block(), attachments(), comment()],
    )


def rdv_service(motifs: list[str]) -> Service:
    return Service(
        code="rdv",
        short_title="Rendez-vous",
        title=RDV_TITLE,
        description=RDV_DESCRIPTION,
        warning=RDV_WARNING,
        fields=[motif(motifs), *person_block(), comment()],
    )


def etude_service(motifs: list[str]) -> Service:
    return Service(
        code="etude",
        short_title="Étude de dossier",
        title="Soumettre une demande d'étude de dossier",
        description=(
            "Vous souhaitez nous soumettre une demande d'étude de dossier pour un assuré "
            "(demande d'aide financière, étude C2S...)."
        ),
        fields=[motif(motifs), *person_block(), attachments(), comment()],
    )


def document_service(documents: list[str]) -> Service:
    return Service(
        code="document",
        short_title="Document",
        title="Demander un document",
        description=(
            "Vous souhaitez demander un document concernant un assuré (attestation de droits, "
            "CEAM...) ou un document relatif à une offre de prévention (Vaccination, MT'Dents, "
            "Dépistage, Examen de prévention en santé...)."
        ),
        fields=[
            FormField(
                name="documents", kind="multi", label="Documents", required=True, choices=documents
            ),
            *person_block(),
            comment(),
        ],
    )


# The COPIL's split by benefit (conventions 002 and 004, article 5): which motifs are about the
# PUMa (« Ouverture de droits »: affiliation), the Complémentaire santé solidaire, the AME.
# Every other motif (and « Droits », which may be any of them) is counted apart.
NATIONAL_BENEFITS = {
    "Ouverture de droits": Benefit.PUMA,
    "C2S": Benefit.C2S,
    "Etude de C2S": Benefit.C2S,
    "AME": Benefit.AME,
}
ESSONNE_BENEFITS = {
    "Ouverture de droits (affiliation) - Dépôt de dossier": Benefit.PUMA,
    "Ouverture de droits (affiliation) - Où en est la demande ?": Benefit.PUMA,
    "Complémentaire Santé Solidaire (C2S)": Benefit.C2S,
    "Complémentaire Santé Solidaire (C2S) - Dépôt de dossier": Benefit.C2S,
    "Complémentaire Santé Solidaire (C2S) - Où en est la demande ?": Benefit.C2S,
    "AME": Benefit.AME,
    "AME - Dépôt de dossier": Benefit.AME,
    "AME - Où en est la demande ?": Benefit.AME,
}


def national() -> Catalogue:
    return Catalogue(
        code="national",
        benefits=NATIONAL_BENEFITS,
        services=[
            contact_service(CONTACT_MOTIFS),
            signalement_service(SIGNALEMENT_MOTIFS),
            rdv_service(RDV_MOTIFS),
            etude_service(ETUDE_MOTIFS),
            document_service(DOCUMENTS),
        ],
    )


def national_reduced() -> Catalogue:
    """An organisme that offers three ODS only, with shorter motif and document lists."""
    return Catalogue(
        code="national-reduced",
        benefits={"AME": Benefit.AME, "C2S": Benefit.C2S},
        services=[
            signalement_service([m for m in SIGNALEMENT_MOTIFS if m != "Droits"]),
            rdv_service(["AME", "C2S", "Capital décès", "Service Social"]),
            document_service(["Attestation de droits", "Certificat provisoire CEAM"]),
        ],
    )


ESSONNE_DOSSIER_MOTIFS = [
    "AME - Dépôt de dossier",
    "AME - Où en est la demande ?",
    "Accident du travail / Maladie Professionnelle - Où en est la demande ?",
    "Arrêt Maladie, Maternité et Paternité - Où en est la demande ?",
    "Complémentaire Santé Solidaire (C2S) - Dépôt de dossier",
    "Complémentaire Santé Solidaire (C2S) - Où en est la demande ?",
    "Demande d'aide financière - Dépôt de dossier",
    "Demande d'aide financière - Où en est la demande ?",
    "Ouverture de droits (affiliation) - Dépôt de dossier",
    "Ouverture de droits (affiliation) - Où en est la demande ?",
    "Remboursement de soins",
    "Remboursement de transports",
]


def essonne() -> Catalogue:
    """The local catalogue of guide 001 (CPAM de l'Essonne): four ODS, one of its own."""
    dossier = Service(
        code="dossier",
        short_title="Suivi de dossier",
        title="Transmettre et / ou suivre un dossier",
        description=(
            "Vous souhaitez nous transmettre ou suivre un dossier pour un assuré (demande d'aide "
            "financière, étude C2S...)."
        ),
        fields=[motif(ESSONNE_DOSSIER_MOTIFS), *person_block(), attachments(), comment()],
    )
    return Catalogue(
        code="essonne",
        benefits=ESSONNE_BENEFITS,
        services=[
            signalement_service([MAS_MOTIF], ESSONNE_SIGNALEMENT_DESCRIPTION),
            rdv_service(
                [
                    "AME",
                    "Arrêts de travail, Indemnités journalières",
                    "Complémentaire Santé Solidaire (C2S)",
                    "Capital décès",
                    "Rente AT/MP",
                ]
            ),
            dossier,
            contact_service(CONTACT_MOTIFS),
        ],
    )


ALL = {c.code: c for c in (national(), national_reduced(), essonne())}
