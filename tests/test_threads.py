"""`Background`: work started on a thread now, its value or its exception collected later."""

from __future__ import annotations

import threading

import pytest

from kuangqu.threads import Background


def test_the_result_is_the_value_the_work_returned():
    work = Background(lambda a, b: a + b, 2, 3)
    assert work.result() == 5


def test_the_work_runs_on_a_thread_of_its_own_named_as_asked():
    work = Background(lambda: threading.current_thread().name, name="kuangqu-test")
    assert work.result() == "kuangqu-test"


def test_the_works_exception_is_raised_by_result_not_swallowed():
    def failing() -> None:
        raise ValueError("坏了")

    work = Background(failing)
    work.join()  # joining alone does not raise
    with pytest.raises(ValueError, match="坏了"):
        work.result()


def test_result_waits_for_work_that_is_still_running():
    release = threading.Event()
    work = Background(lambda: release.wait(5) and "done")
    release.set()
    assert work.result() == "done"
