from datetime import datetime, timedelta

from ep_contract.domain.statuses import Status
from ep_contract.wire import RequestSummary
from ep_tui.watch import StatusWatch, describe
from mock_server.clock import PARIS

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=PARIS)


def item(number: str, status: Status, minutes: int = 0) -> RequestSummary:
    at = T0 + timedelta(minutes=minutes)
    return RequestSummary(number=number, organisme_code="331", service_code="etude",
                          service_title="Soumettre une demande d'étude", motif=None, person=None,
                          requester="CHAUSSON Victor", filed_at=T0, status=status,
                          status_at=at)  # fmt: skip


def test_the_first_look_is_the_starting_point() -> None:
    watch = StatusWatch()
    assert watch.changes([item("2633100001", Status.NOUVEAU)]) == []


def test_a_status_change_is_said_once() -> None:
    watch = StatusWatch()
    watch.changes([item("2633100001", Status.NOUVEAU)])
    taken = item("2633100001", Status.PRIS_EN_CHARGE, 5)
    assert watch.changes([taken]) == [taken]
    assert watch.changes([taken]) == []


def test_a_request_entering_the_window_changed_only_if_newer_and_not_new() -> None:
    watch = StatusWatch()
    watch.changes([item("2633100002", Status.RESOLU, 10)])
    older = item("2633100001", Status.RESOLU, 1)  # pushed out and back in: not news
    colleague = item("2633100003", Status.NOUVEAU, 20)  # a colleague filed one: not news
    answered = item("2633100004", Status.MESSAGE_RECU, 30)
    assert watch.changes([answered, colleague, item("2633100002", Status.RESOLU, 10), older]) == [
        answered
    ]


def test_descriptions() -> None:
    assert describe(item("2633100004", Status.MESSAGE_RECU)) == (
        "La demande n° 2633100004 (Soumettre une demande d'étude) a reçu une réponse à votre "
        "message."
    )


def test_what_the_structure_does_itself_is_no_news() -> None:
    """A message written here, an exchange closed here or by the calendar: not notified."""
    watch = StatusWatch()
    watch.changes([item("2633100001", Status.RESOLU), item("2633100002", Status.RESOLU)])
    sent = item("2633100001", Status.MESSAGE_ENVOYE, 5)
    closed = item("2633100002", Status.CLOTURE, 6)
    assert watch.changes([sent, closed]) == []
    answered = item("2633100001", Status.MESSAGE_RECU, 9)
    assert watch.changes([answered, closed]) == [answered]
