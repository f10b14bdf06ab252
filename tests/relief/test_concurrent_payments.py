"""Two pay runs at the same moment on PostgreSQL: the unique key lets only one of them pay."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select, text

from kuangqu.db import transaction
from kuangqu.errors import Conflict
from kuangqu.models.relief import ReliefPayment
from kuangqu.services.relief import payments

pytestmark = pytest.mark.postgres_only


def _wait_until_a_backend_waits_for_a_lock(db: Any, deadline_s: float = 60) -> None:
    """Synchronisation, not timing: return once the second run is blocked on the first run's row."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        with db.engine.connect() as conn:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
            ).scalar()
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("the second run never waited for the first one")


def test_two_concurrent_month_runs_pay_each_household_once(db, read, standard, family, approved):
    approved(family("1000.00", "0"))
    first_flushed, release_first = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def first() -> None:
        with transaction(db, write=True, info={"operator": "a"}) as s:
            outcome["first"] = len(payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20)).paid)
            first_flushed.set()
            release_first.wait(60)

    def second() -> None:
        first_flushed.wait(60)
        try:
            with transaction(db, write=True, info={"operator": "b"}) as s:
                outcome["second"] = len(payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20)).paid)
        except Conflict as exc:
            outcome["second"] = exc.key

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_flushed.wait(60)
    try:
        _wait_until_a_backend_waits_for_a_lock(db)
    finally:
        release_first.set()
        for thread in threads:
            thread.join(60)
    assert outcome == {"first": 1, "second": "relief.payment_duplicate"}
    with read() as s:
        assert s.scalar(select(func.count()).select_from(ReliefPayment)) == 1
