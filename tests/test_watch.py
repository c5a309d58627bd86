"""The notifications' comparison (ep_tui.watch): what « À traiter » gained since the last
look, each item said once."""

from datetime import datetime, timedelta

from ep_contract.domain.statuses import Status
from ep_contract.domain.worklist import ItemKind
from ep_contract.wire import WorkItem
from ep_tui.watch import WorkWatch, describe
from mock_server.clock import PARIS

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=PARIS)


def item(number: str, kind: ItemKind = ItemKind.ANSWER, status: Status = Status.RESOLU,
         minutes: int = 0, days: int = 0, organisme: str = "331") -> WorkItem:  # fmt: skip
    return WorkItem(kind=kind, number=number, organisme_code=organisme,
                    organisme_name=f"CPAM {organisme}",
                    service_title="Soumettre une demande d'étude", motif=None, person=None,
                    requester="CHAUSSON Victor", status=status,
                    due_at=T0 + timedelta(minutes=minutes), deadline=None, days=days)  # fmt: skip


def test_the_first_look_is_the_starting_point() -> None:
    assert WorkWatch().changes([item("2633100001")]) == []


def test_a_new_item_is_said_once() -> None:
    watch = WorkWatch()
    watch.changes([])
    answer = item("2633100001")
    assert watch.changes([answer]) == [answer]
    assert watch.changes([answer]) == []


def test_a_deadline_counting_down_is_the_same_item() -> None:
    watch = WorkWatch()
    watch.changes([item("2633100001", ItemKind.WINDOW_CLOSING, days=3)])
    assert watch.changes([item("2633100001", ItemKind.WINDOW_CLOSING, days=2)]) == []


def test_a_second_answer_after_reading_the_first_is_news() -> None:
    watch = WorkWatch()
    watch.changes([item("2633100001")])
    watch.changes([])  # read: gone from the list
    again = item("2633100001", status=Status.MESSAGE_RECU, minutes=90)
    assert watch.changes([again]) == [again]


def test_the_same_number_in_two_organismes_is_two_items() -> None:
    watch = WorkWatch()
    watch.changes([item("2633100001")])
    elsewhere = item("2633100001", organisme="621")
    assert watch.changes([item("2633100001"), elsewhere]) == [elsewhere]


def test_descriptions() -> None:
    assert describe(item("2633100004", status=Status.MESSAGE_RECU), "331") == (
        "La demande n° 2633100004 (Soumettre une demande d'étude) a reçu une réponse à votre "
        "message."
    )
    assert describe(item("2633100004"), "621") == (
        "La demande n° 2633100004 (Soumettre une demande d'étude, CPAM 331) est résolue : la "
        "réponse de l'organisme est disponible."
    )
    closing = item("2633100004", ItemKind.WINDOW_CLOSING, days=2)
    assert describe(closing, "331") == (
        "La demande n° 2633100004 (Soumettre une demande d'étude) : fin du délai pour poser "
        "une question dans 2 jours."
    )
    waiting = item("2633100004", ItemKind.WAITING_NEW, Status.NOUVEAU, days=12)
    assert describe(waiting, "331").endswith(": Nouveau, en attente depuis 12 jours.")
