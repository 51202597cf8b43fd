"""Background work of the server process: a thread that runs one task every poll
interval (or sooner when woken), and keeps running when the task fails."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Poller:
    def __init__(self, task: Callable[[], object], *, name: str, poll_seconds: float) -> None:
        self.task, self.poll_seconds = task, poll_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Run the task now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.task()
            except Exception:  # keep serving: the work stays queued and is retried
                log.exception("%s failed; retrying after the poll interval", self._thread.name)
            self._wake.wait(self.poll_seconds)
