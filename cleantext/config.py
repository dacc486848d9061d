"""``[tool.cleantext]`` in pyproject.toml (or a file given with --config), validated strictly.

The keys, their types and their ranges come from :data:`cleantext.options.OPTIONS`. An unknown
key or a value of the wrong type is an error naming the key and the file: a typo must not
fall back silently to a default.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleantext.errors import ConfigError
from cleantext.options import BY_CONFIG_KEY, range_error, type_error


@dataclass(frozen=True)
class Config:
    source: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)  # by [tool.cleantext] key
    filter_options: dict[str, dict[str, Any]] = field(default_factory=dict)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.cleantext] table, from ``start`` upward,
    stopping at the repository's root."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "cleantext" in _tool_table(candidate, _read_toml(candidate)):
            return candidate
        if (folder / ".git").exists():
            break
    return None


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None


def _tool_table(path: Path, data: dict) -> dict:
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table")
    return tool


def load_config(path: Path | None, filter_names: Callable[[], set[str]]) -> Config:
    """Read and validate the configuration at ``path`` (None: defaults).

    ``filter_names()`` gives the names a sub-table may use (``[tool.cleantext.whitespace]``).
    A file given with --config may hold the table at its top level or under [tool.cleantext].
    """
    if path is None:
        return Config()
    data = _read_toml(path)
    tool = _tool_table(path, data)
    table = tool.get("cleantext", data if path.name != "pyproject.toml" and "cleantext" not in tool else {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleantext] must be a table, not {table!r}")
    values: dict[str, Any] = {}
    filter_options: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            if key not in filter_names():
                raise ConfigError(f"{path}: [tool.cleantext.{key}]: unknown filter {key!r}")
            filter_options[key] = value
        else:
            values[key] = _checked(path, key, value)
    for name in values.get("filters", ()):
        if name not in filter_names():
            raise ConfigError(f"{path}: key 'filters': unknown filter {name!r}")
    return Config(path, values, filter_options)


def _checked(path: Path, key: str, value: Any) -> Any:
    option = BY_CONFIG_KEY.get(key)
    if option is None:
        raise ConfigError(f"{path}: unknown key {key!r} in [tool.cleantext] (known: {', '.join(BY_CONFIG_KEY)})")
    wanted = type_error(value, option.type)
    if wanted is None and option.range is not None:
        wanted = range_error(value, option.range)
    if wanted is None and option.choices is not None and value not in option.choices:
        wanted = "one of " + ", ".join(repr(c) for c in option.choices)
    if wanted is not None:
        raise ConfigError(f"{path}: key {key!r} must be {wanted}, not {value!r}")
    return float(value) if option.type is float else value
