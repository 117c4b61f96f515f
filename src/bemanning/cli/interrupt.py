"""Ctrl-C that always ends in a message and exit 130, also while OR-Tools is solving.

CP-SAT installs its own SIGINT handler for each solve and, when the solve ends, resets SIGINT to the
system default (ortools ``SigintHandler`` destructor: ``signal(SIGINT, SIG_DFL)``). After the first solve
a Ctrl-C would kill the process without a word. So the command line turns CP-SAT's handler off
(``catch_sigint_signal = False``) and stops running solves itself: Python's own handler writes the signal
to a wake-up pipe, a watcher thread reads it and calls ``stop_search()`` on every running solver, the
solve returns at once and Python raises ``KeyboardInterrupt`` in the main thread.

The patch is applied when ``ortools.sat.python.cp_model`` is first imported, so start-up stays light.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

CP_MODEL = "ortools.sat.python.cp_model"

_running: set[Any] = set()
_lock = threading.Lock()
interrupted = threading.Event()


def _stop_running_solvers() -> None:
    with _lock:
        solvers = list(_running)
    for solver in solvers:
        solver.stop_search()


def _watch(read_fd: int) -> None:
    while True:
        try:
            data = os.read(read_fd, 64)
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT in data:
            interrupted.set()
            _stop_running_solvers()


def patch_cp_model(module: ModuleType) -> None:
    solver_class = module.CpSolver
    original = solver_class.solve
    if getattr(original, "_bemanning_ctrl_c", False):
        return

    def solve(self: Any, *args: Any, **kwargs: Any) -> Any:
        self.parameters.catch_sigint_signal = False  # keep Python's SIGINT handler in place
        with _lock:
            _running.add(self)
        try:
            if interrupted.is_set():
                raise KeyboardInterrupt
            return original(self, *args, **kwargs)
        finally:
            with _lock:
                _running.discard(self)

    solve._bemanning_ctrl_c = True  # type: ignore[attr-defined]
    solver_class.solve = solve


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches ``cp_model`` right after it is imported for the first time."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if fullname != CP_MODEL:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module: ModuleType) -> None:
            exec_module(module)
            patch_cp_model(module)

        loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec


_installed = False


def install() -> None:
    """Route Ctrl-C through Python's handler for the rest of the process (idempotent; main thread only)."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    _installed = True
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    threading.Thread(target=_watch, args=(read_fd,), daemon=True, name="ctrl-c").start()
    if CP_MODEL in sys.modules:
        patch_cp_model(sys.modules[CP_MODEL])
    else:
        sys.meta_path.insert(0, _PatchOnImport())
