"""Work started on a thread now and collected later (`Background`).

kuangqu is single-threaded except where a library releases the GIL for a long stretch:
python-calamine parses a sheet without it (about 2 s for 100,000 rows), and the work the
import command needs next (loading the importer's modules, scanning the sheet XML for what
calamine does not report) runs beside it on the second core.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`fn(*args)` started on a thread at once; `result()` gives its value or raises its exception.

    A plain thread rather than concurrent.futures, whose import (it loads logging) costs 15 ms
    on every command that uses it.
    """

    def __init__(self, fn: Callable[..., T], *args: object, name: str = "kuangqu-background") -> None:
        self._value: T | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = fn(*args)
            except BaseException as exc:  # handed to the caller by result()
                self._error = exc

        self._thread = threading.Thread(target=run, name=name, daemon=True)
        self._thread.start()

    def join(self) -> None:
        """Wait for the work to end (whether it failed or not)."""
        self._thread.join()

    def result(self) -> T:
        """The work's value, once it has ended; its exception if it raised one."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
