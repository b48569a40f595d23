"""The one shape for slow work: a QRunnable on the global QThreadPool with three signals.

A worker runs one plain function off the GUI thread (unlocking, importing many files,
exporting). It never touches widgets; the window listens to its signals, which Qt delivers on
the GUI thread. The function may accept `progress` (call with 0-100) and `cancelled` (a callable
that says whether the person pressed Cancel) or `cancel_event` (the same, as an Event)
keyword arguments.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from diary.domain.errors import DiaryError


class WorkerSignals(QObject):
    progress = Signal(int)  # percent done, 0-100
    finished = Signal(object)  # the function's return value
    failed = Signal(object)  # a DiaryError; its message is fit to show a person


class Worker(QRunnable):
    """Run function(*args) in the thread pool; report through `signals`."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.signals = WorkerSignals()
        self._function = function
        self._args = args
        self._cancel = threading.Event()
        accepted = inspect.signature(function).parameters
        self._kwargs: dict[str, Any] = {}
        if "progress" in accepted:
            self._kwargs["progress"] = self.signals.progress.emit
        if "cancelled" in accepted:
            self._kwargs["cancelled"] = self._cancel.is_set
        if "cancel_event" in accepted:
            self._kwargs["cancel_event"] = self._cancel
        # The pool must not delete the runnable while its signals may still be connected.
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self._function(*self._args, **self._kwargs)
        except DiaryError as exc:
            self._emit(self.signals.failed, exc)
        except Exception as exc:  # noqa: BLE001 - the window must report, never crash
            self._emit(
                self.signals.failed,
                DiaryError(f"Something went wrong ({type(exc).__name__}). Nothing was changed."),
            )
        else:
            self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        # The window that started the work may have been closed meanwhile, and its signals
        # deleted with it: then nobody is waiting for the answer, and there is nothing to say.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)
