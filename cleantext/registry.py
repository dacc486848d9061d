"""Filters by name: the built-ins and plugins, all from the entry-point group ``cleantext.filters``.

A plugin is an installed distribution whose metadata declares, for example::

    [project.entry-points."cleantext.filters"]
    shout = "my_package.filters:shout"

The object is either a function ``str -> str`` (no options) or a class whose keyword-only
``__init__`` arguments are its options. Configuration only selects and configures filters
that are installed; it never names code to import.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from cleantext.errors import ConfigError
from cleantext.filters import Filter, as_filter
from cleantext.options import DEFAULT_CHAIN, type_error

__all__ = ["DEFAULT_CHAIN", "ConfigError", "build_chain", "discover", "list_filters", "load", "make_filter"]
GROUP = "cleantext.filters"
if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline
# The built-ins are declared as entry points in pyproject.toml like any plugin; this copy of
# that table lets a run that uses only built-ins skip scanning every installed distribution
# (tests/test_registry.py checks the two agree).
BUILTINS = {
    "mojibake": "cleantext.filters.mojibake:FixMojibake",
    "ads": "cleantext.filters.ads:RemoveAdMarkers",
    "whitespace": "cleantext.filters.whitespace:NormalizeWhitespace",
    "boilerplate": "cleantext.filters.boilerplate:RemoveBoilerplate",
    "html": "cleantext.filters.html:StripHtml",
}


class Available(NamedTuple):
    name: str
    value: str  # "module:attr"
    builtin: bool


def _load(value: str) -> Any:
    import importlib

    module, _, attr = value.partition(":")
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def discover() -> dict[str, Available]:
    """Every filter name with where it comes from; built-ins first."""
    from importlib.metadata import entry_points

    found = {name: Available(name, value, True) for name, value in BUILTINS.items()}
    for ep in entry_points(group=GROUP):
        if ep.name in BUILTINS:
            continue  # our own declaration, or a plugin trying to shadow a built-in
        found.setdefault(ep.name, Available(ep.name, ep.value, False))
    return found


def load(name: str) -> Any:
    """The factory (class or function) registered under ``name``."""
    entry = Available(name, BUILTINS[name], True) if name in BUILTINS else discover().get(name)
    if entry is None:
        known = ", ".join(sorted(discover()))
        import difflib

        close = difflib.get_close_matches(name, list(discover()), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"unknown filter {name!r} (available: {known}){hint}")
    try:
        return _load(entry.value)
    except Exception as exc:
        raise ConfigError(f"filter {name!r} ({entry.value}) failed to load: {type(exc).__name__}: {exc}") from None


def describe(obj: Any) -> str:
    """The first line of a filter's docstring: what --list-filters prints."""
    import inspect

    doc = inspect.getdoc(obj) or ""
    return doc.strip().splitlines()[0] if doc.strip() else "(no description)"


def option_defaults(factory: Any) -> dict[str, Any]:
    """The options a filter takes, with their defaults (none for a plain function)."""
    import inspect

    if not isinstance(factory, type):
        return {}
    params = inspect.signature(factory).parameters.values()
    return {p.name: p.default for p in params if p.kind is p.KEYWORD_ONLY and p.default is not p.empty}


def make_filter(name: str, options: dict[str, Any] | None = None) -> Filter:
    """An instance of filter ``name`` configured with ``options`` (validated against its signature)."""
    factory = load(name)
    options = {k.replace("-", "_"): v for k, v in (options or {}).items()}
    defaults = option_defaults(factory) if options else {}
    for key, value in options.items():
        if key not in defaults:
            allowed = ", ".join(sorted(defaults)) or "none"
            raise ConfigError(f"unknown option {key!r} for filter {name!r} (options: {allowed})")
        wanted = type_error(value, type(defaults[key]))
        if wanted:
            raise ConfigError(f"option {key!r} of filter {name!r} must be {wanted}, not {value!r}")
    if isinstance(factory, type):
        try:
            flt = factory(**options)
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(f"filter {name!r}: {exc}") from None
    else:
        flt = factory
    return as_filter(flt)


def build_chain(names: list[str], options: dict[str, dict[str, Any]] | None = None) -> Pipeline:
    """A :class:`~cleantext.pipeline.Pipeline` of the named filters, in order."""
    from cleantext.pipeline import Pipeline

    options = options or {}
    return Pipeline([(n, make_filter(n, options.get(n))) for n in names])


def list_filters(warn: Callable[[str], None]) -> list[tuple[str, str, bool]]:
    """(name, description, builtin) for every filter that loads; a broken plugin gets a warning."""
    rows = []
    for entry in discover().values():
        try:
            rows.append((entry.name, describe(_load(entry.value)), entry.builtin))
        except Exception as exc:
            warn(f"plugin filter {entry.name!r} ({entry.value}) failed to load: {type(exc).__name__}: {exc}")
    return rows


def versions(names: list[str] | tuple[str, ...]) -> list[str]:
    """What the output of these filters depends on besides their options: the versions of
    ftfy and regex, and each filter's module with its modification time (an editable
    install changes code without changing a version)."""
    import os
    import sys

    import ftfy
    import regex

    import cleantext

    out = [ftfy.__version__, regex.__version__]
    package = os.path.dirname(cleantext.__file__)
    out.append(str(max(os.stat(os.path.join(d, f)).st_mtime_ns for d, _, fs in os.walk(package) for f in fs
                       if f.endswith(".py"))))
    for name in names:
        factory = load(name)
        module = sys.modules.get(getattr(factory, "__module__", "") or "")
        where = getattr(module, "__file__", None) or ""
        stamp = os.stat(where).st_mtime_ns if where and os.path.exists(where) else 0
        out.append(f"{name}={where}@{stamp}")
    return out
