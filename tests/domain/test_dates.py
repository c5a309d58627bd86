from datetime import UTC, date, datetime, timedelta, timezone

from ep_contract.domain.dates import format_day, format_stamp


def test_stamps_are_written_as_the_portal_does_in_paris_time() -> None:
    assert format_stamp(datetime(2022, 2, 2, 15, 26, tzinfo=UTC)) == "02/02/2022 16h26min"
    summer = datetime(2022, 7, 1, 23, 5, tzinfo=UTC)  # already the 2nd in Paris (UTC+2)
    assert format_stamp(summer) == "02/07/2022 01h05min"
    elsewhere = datetime(2022, 2, 2, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert format_stamp(elsewhere) == "02/02/2022 16h00min"


def test_days() -> None:
    assert format_day(date(2022, 2, 2)) == "02/02/2022"
    assert format_day(datetime(2022, 7, 1, 23, 5, tzinfo=UTC)) == "02/07/2022"
