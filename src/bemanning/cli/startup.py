"""Two start-up costs of typer 0.29 that `bemanning --help` does not need (issue 26: help in ≤ 0.5 s).

1. Typer coerces every parameter value through a pydantic ``TypeAdapter``; the first one imports pydantic
   (~0.15 s of CPU). A group's options (``--lang``, ``--help``) are processed on every command line that
   passes through it, so ``bemanning solve --help`` paid for pydantic just to read ``--lang``'s default "no"
   and the group's unused ``--help``. ``LightOption`` skips the adapter where it would change nothing.
2. ``typer.rich_utils`` (the help formatter) imports ``rich.markdown`` (markdown-it) and ``rich.traceback``
   (pygments) at module level (~0.1 s), but uses ``Markdown`` only in markup mode "markdown" and
   ``Traceback`` only for pretty exceptions; bemanning uses markup mode "rich" and turns pretty exceptions
   off. ``import_help_formatter`` imports it with stand-ins that load the real class on first use.

Both are checked by tests/test_cli_start.py (the help output is unchanged; the libraries stay unloaded).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from typer.core import TyperOption

# typer.rich_utils does `from <module> import <name>`; the stand-in defers to the real one when used.
DEFERRED = (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback"))


class LightOption(TyperOption):
    """Typer's option, without building the pydantic adapter where it would change nothing: no value given
    (typer coerces ``None`` to ``None``) or text for a plain ``str`` option. Anything else goes to typer."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        single = not (self.multiple or self.nargs == -1)
        plain_text = (isinstance(value, str) and self.type_descriptor.annotation is str
                      and self.type_descriptor.parameter_info.parser is None)
        if not single or self.required or not (value is None or plain_text):
            return super().process_value(ctx, value)
        if self.callback is not None:
            value = self.callback(ctx, self, value)
        return value


def as_light_options(params: list[Any]) -> list[Any]:
    """Turn typer's options among ``params`` into ``LightOption``s, in place; returns ``params``."""
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = LightOption
    return params


def deferred_class(module: str, name: str) -> type:
    """A stand-in for ``module.name``: creating it, or reading a class attribute, imports the real class."""

    def real() -> Any:
        return getattr(importlib.import_module(module), name)

    class DeferredMeta(type):
        def __getattr__(cls, attr: str) -> Any:
            return getattr(real(), attr)

        def __instancecheck__(cls, instance: Any) -> bool:
            return module in sys.modules and isinstance(instance, real())

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        return real()(*args, **kwargs)

    return DeferredMeta(name, (), {"__new__": new, "__module__": __name__, "__qualname__": name})


def import_help_formatter() -> None:
    """Import ``typer.rich_utils`` without ``rich.markdown`` and ``rich.traceback`` (a no-op if imported)."""
    if "typer.rich_utils" in sys.modules:
        return
    stand_ins: dict[str, types.ModuleType] = {}
    for module, name in DEFERRED:
        if module not in sys.modules:
            stand_in = types.ModuleType(module)
            setattr(stand_in, name, deferred_class(module, name))
            stand_ins[module] = stand_in
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("typer.rich_utils")
    finally:  # later imports get the real modules
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
