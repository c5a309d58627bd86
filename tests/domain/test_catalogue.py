"""The submission rules a catalogue implies: required blocks, choices, MAS visibility."""

from datetime import date

from ep_contract.domain.catalogue import Service, is_visible, validate_submission
from mock_server import catalogues
from tests.support import MAS_VALUES, VALID_VALUES

TODAY = date(2026, 11, 22)
NATIONAL = catalogues.national()


def service(code: str):
    found = NATIONAL.service(code)
    assert found is not None
    return found


def test_every_valid_example_passes_and_is_cleaned() -> None:
    for code, values in VALID_VALUES.items():
        cleaned, errors = validate_submission(service(code), values, TODAY)
        assert errors == {}, code
        assert cleaned["commentaire"] == values["commentaire"]


def test_cleaning_applies_the_case_transforms() -> None:
    values = {
        **VALID_VALUES["etude"],
        "nom": " prince ",
        "prenom": "MARIUS",
        "telephone": "0700000000",
    }
    cleaned, errors = validate_submission(service("etude"), values, TODAY)
    assert errors == {}
    assert (cleaned["nom"], cleaned["prenom"], cleaned["telephone"]) == (
        "PRINCE",
        "Marius",
        "07.00.00.00.00",
    )


def test_required_blocks_per_service() -> None:
    _, errors = validate_submission(service("signalement"), {}, TODAY)
    assert set(errors) == {
        "motif",
        "civilite",
        "nom",
        "prenom",
        "date_naissance",
        "lieu_naissance",
        "telephone",
        "commentaire",
    }
    _, errors = validate_submission(service("contact"), {}, TODAY)
    assert set(errors) == {"motif", "modalites", "commentaire"}  # no person block
    _, errors = validate_submission(service("document"), {}, TODAY)
    assert set(errors) == {
        "documents",
        "civilite",
        "nom",
        "prenom",
        "date_naissance",
        "lieu_naissance",
        "telephone",
        "commentaire",
    }


def test_choices_must_come_from_the_catalogue() -> None:
    values = {**VALID_VALUES["rdv"], "motif": "Motif inventé"}
    _, errors = validate_submission(service("rdv"), values, TODAY)
    assert set(errors) == {"motif"}
    values = {**VALID_VALUES["contact"], "modalites": ["Physique", "Pigeon voyageur"]}
    _, errors = validate_submission(service("contact"), values, TODAY)
    assert set(errors) == {"modalites"}
    values = {**VALID_VALUES["rdv"], "civilite": "Mademoiselle"}
    _, errors = validate_submission(service("rdv"), values, TODAY)
    assert set(errors) == {"civilite"}


def test_unknown_fields_and_person_fields_where_there_is_no_person() -> None:
    values = {**VALID_VALUES["contact"], "nom": "PAIN"}
    _, errors = validate_submission(service("contact"), values, TODAY)
    assert set(errors) == {"nom"}


def test_mas_blocks_follow_the_motif() -> None:
    signalement = service("signalement")
    consent = signalement.field("mas_consentement")
    assert consent is not None
    assert not is_visible(signalement, consent, VALID_VALUES["signalement"])
    assert is_visible(signalement, consent, MAS_VALUES)
    # The MAS motif without its blocks is refused: consent and one accompaniment at least.
    values = {**VALID_VALUES["signalement"], "motif": catalogues.MAS_MOTIF}
    _, errors = validate_submission(signalement, values, TODAY)
    assert set(errors) == {"mas_consentement", "mas_accompagnement"}
    _, errors = validate_submission(signalement, {**MAS_VALUES, "mas_consentement": False}, TODAY)
    assert set(errors) == {"mas_consentement"}
    _, errors = validate_submission(signalement, MAS_VALUES, TODAY)
    assert errors == {}


def test_mas_answers_are_refused_when_the_motif_hides_them() -> None:
    values = {**VALID_VALUES["signalement"], "mas_consentement": True}
    _, errors = validate_submission(service("signalement"), values, TODAY)
    assert set(errors) == {"mas_consentement"}


def _shown(service: Service, values: dict) -> set[str]:
    return {f.name for f in service.fields if is_visible(service, f, values)}


def test_renoncement_blocks_only_when_relevant_and_one_duration() -> None:
    signalement = service("signalement")
    names = _shown(signalement, MAS_VALUES)
    assert "mas_duree" not in names
    renoncement = {**MAS_VALUES, "mas_accompagnement": [catalogues.RENONCEMENT[1]]}
    names = _shown(signalement, renoncement)
    assert {"mas_soins", "mas_duree", "mas_causes"} <= names
    # Optional, but when given the duration is exactly one answer.
    assert validate_submission(signalement, renoncement, TODAY)[1] == {}
    two = {**renoncement, "mas_duree": ["Moins de 3 mois", "Plus d'1 an"]}
    assert set(validate_submission(signalement, two, TODAY)[1]) == {"mas_duree"}
    one = {**renoncement, "mas_duree": "Plus d'1 an", "mas_soins": ["Pharmacie"]}
    assert validate_submission(signalement, one, TODAY)[1] == {}
    # Renoncement answers sent while no renoncement is selected: refused, not silently kept.
    stray = {**MAS_VALUES, "mas_duree": "Plus d'1 an"}
    assert set(validate_submission(signalement, stray, TODAY)[1]) == {"mas_duree"}
    # …and when the motif is not MAS at all, the chain hides them too.
    deep = {**VALID_VALUES["signalement"], "mas_accompagnement": [catalogues.RENONCEMENT[0]]}
    assert set(validate_submission(signalement, deep, TODAY)[1]) == {"mas_accompagnement"}


def test_attachment_count_and_services_without_attachments() -> None:
    _, errors = validate_submission(
        service("etude"), VALID_VALUES["etude"], TODAY, attachment_count=9
    )
    assert set(errors) == {"pieces_jointes"}
    _, errors = validate_submission(service("rdv"), VALID_VALUES["rdv"], TODAY, attachment_count=1)
    assert set(errors) == {"pieces_jointes"}


def test_local_catalogue_has_its_own_service() -> None:
    essonne = catalogues.essonne()
    dossier = essonne.service("dossier")
    assert dossier is not None and dossier.title == "Transmettre et / ou suivre un dossier"
    assert essonne.service("etude") is None
    values = {**VALID_VALUES["etude"], "motif": "AME - Dépôt de dossier"}
    assert validate_submission(dossier, values, TODAY)[1] == {}
