"""Wrapping writers' Python entry points, now for modules already imported, later for the rest.

Nothing heavy is imported by the guard: a finder at the front of ``sys.meta_path`` notices when a
watched module (pandas, pyarrow.parquet, fsspec, …) finishes loading and wraps it then. Methods are
replaced on their classes, so instances and ``from x import f`` made earlier still see the wrapper
for methods; every module binding a wrapped function is updated too.
"""

from __future__ import annotations

import functools
import importlib.abc
import inspect
import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

from .errors import ProtectedWriteError
from .runtime import GUARD

#: The kind of target a wrapper's targets yield and its check takes (a path, a table's identifier).
_T = TypeVar("_T")
#: The base class whose subclasses are walked.
_C = TypeVar("_C")
#: (args, kwargs) → [(operation, target, effect)] of one call, decided before it runs.
Targets = Callable[[tuple, dict], Iterable[tuple[str, _T, str]]]
#: (operation, target, effect) → True when a protected write was allowed; raises when refused.
Check = Callable[[str, _T, str], bool]
_MARK = "__dual_layout_guarded__"
_ABSENT = object()


def guarded(
    original: Callable, targets: Targets[_T], check: Check[_T] | None = None
) -> Callable:
    """``original`` checking its targets first; an allowed write's inner writes are not checked again."""
    check = check or GUARD.check
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def async_wrapper(*args, **kwargs):
            if not GUARD.enforcing or not _allowed(targets, args, kwargs, check):
                return await original(*args, **kwargs)
            with GUARD.inside_allowed():
                return await original(*args, **kwargs)

        setattr(async_wrapper, _MARK, original)
        return async_wrapper

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        if not GUARD.enforcing or not _allowed(targets, args, kwargs, check):
            return original(*args, **kwargs)
        with GUARD.inside_allowed():
            return original(*args, **kwargs)

    setattr(wrapper, _MARK, original)
    return wrapper


def _allowed(targets: Targets[_T], args: tuple, kwargs: dict, check: Check[_T]) -> bool:
    allowed = False
    try:
        for operation, target, effect in targets(args, kwargs):
            allowed = check(operation, target, effect) or allowed
    except ProtectedWriteError:
        raise
    except Exception as error:  # noqa: BLE001 - the guard's own failure must not fail the write
        GUARD.failed("a write", error)
    return allowed


class Patcher:
    """Applies wraps and remembers how to undo them."""

    def __init__(self) -> None:
        self._undo: list[tuple[object, str, object]] = []

    def method(
        self,
        cls: type,
        name: str,
        targets: Targets[_T],
        check: Check[_T] | None = None,
    ) -> None:
        """Wrap ``cls.name`` if ``cls`` itself defines it (inherited ones are wrapped where defined)."""
        raw = cls.__dict__.get(name)
        if (
            raw is None
            or hasattr(raw, _MARK)
            or hasattr(getattr(raw, "__func__", None), _MARK)
        ):
            return
        wrapped: object
        if isinstance(raw, (staticmethod, classmethod)):
            wrapped = type(raw)(guarded(raw.__func__, targets, check))
        elif callable(raw):
            wrapped = guarded(raw, targets, check)
        else:
            return
        self._set(cls, name, raw, wrapped)

    def function(
        self, modules: Iterable[object], name: str, targets: Targets[object]
    ) -> None:
        """Wrap the function ``name`` in every module of ``modules`` that binds the same object."""
        modules = [m for m in modules if m is not None]
        original = next((m.__dict__[name] for m in modules if name in m.__dict__), None)
        if original is None or hasattr(original, _MARK):
            return
        wrapped = guarded(original, targets)
        for module in modules:
            if module.__dict__.get(name) is original:
                self._set(module, name, original, wrapped)

    def replace(self, owner: object, name: str, value: object) -> None:
        if name in owner.__dict__:
            self._set(owner, name, owner.__dict__[name], value)

    def replace_or_add(self, owner: object, name: str, value: object) -> None:
        self._set(owner, name, owner.__dict__.get(name, _ABSENT), value)

    def each_subclass(self, base: type[_C], wrap: Callable[[type[_C]], None]) -> None:
        """``wrap`` every class derived from ``base``: those defined now, and through ``__init_subclass__`` those to come."""
        for cls in subclasses(base):
            wrap(cls)
        previous = base.__dict__.get("__init_subclass__")

        def init_subclass(cls, **kwargs):
            if previous is not None:
                previous.__func__(cls, **kwargs)
            else:
                super(base, cls).__init_subclass__(**kwargs)
            if GUARD.active:
                wrap(cls)

        self.replace_or_add(base, "__init_subclass__", classmethod(init_subclass))

    def _set(self, owner: object, name: str, original: object, value: object) -> None:
        setattr(owner, name, value)
        self._undo.append((owner, name, original))

    def restore(self) -> None:
        while self._undo:
            owner, name, original = self._undo.pop()
            if original is _ABSENT:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


def subclasses(cls: type[_C]) -> list[type[_C]]:
    found: list[type[_C]] = []
    pending = [cls]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(current.__subclasses__())
    return found


class PostImportFinder(importlib.abc.MetaPathFinder):
    """Calls ``callbacks[name]()`` once the module ``name`` has been executed."""

    def __init__(self, callbacks: dict[str, Callable[[], None]]) -> None:
        self._callbacks = callbacks

    def find_spec(self, fullname, path=None, target=None):
        callback = self._callbacks.get(fullname)
        if callback is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        execute = loader.exec_module

        def exec_module(module):
            execute(module)
            self._callbacks.pop(fullname, None)
            callback()

        loader.exec_module = exec_module
        return spec
