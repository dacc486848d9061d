"""``[tool.cleantext]`` in pyproject.toml (or a file given with --config), validated strictly.

An unknown key or a value of the wrong type is an error naming the key and the file: a typo
must not fall back silently to a default.
"""
from __future__ import annotations

from cleantext._struct import dataclass, field
from pathlib import Path

from cleantext.registry import ConfigError

# key -> (python attribute, expected type)
_KEYS: dict[str, tuple[str, type]] = {
    "filters": ("filters", list),
    "include": ("include", list),
    "exclude": ("exclude", list),
    "extend-exclude": ("extend_exclude", list),
    "force-exclude": ("force_exclude", bool),
    "respect-gitignore": ("respect_gitignore", bool),
    "encoding": ("encoding", str),
    "max-loss": ("max_loss", float),
    "jobs": ("jobs", int),
}


@dataclass
class Config:
    source: Path | None = None
    filters: list[str] | None = None
    filter_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    include: list[str] | None = None
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False
    respect_gitignore: bool = True
    encoding: str = "utf-8"
    max_loss: float = 0.2
    jobs: int | None = None


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.cleantext] table, from ``start`` upward."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                if "cleantext" in _read_toml(candidate).get("tool", {}):
                    return candidate
            except ConfigError:
                raise
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


def load_config(path: Path | None, filter_names: Callable[[], set[str]]) -> Config:
    """Read and validate the configuration at ``path`` (None: defaults).

    ``filter_names()`` gives the names a sub-table may use (``[tool.cleantext.whitespace]``).
    A file given with --config may hold the table at its top level or under [tool.cleantext].
    """
    if path is None:
        return Config()
    data = _read_toml(path)
    table = data.get("tool", {}).get("cleantext", data if path.name != "pyproject.toml" else {})
    cfg = Config(source=path)
    for key, value in table.items():
        if isinstance(value, dict):
            if key not in filter_names():
                raise ConfigError(f"{path}: [tool.cleantext.{key}]: unknown filter {key!r}")
            cfg.filter_options[key] = value
            continue
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.cleantext] (known: {', '.join(_KEYS)})")
        attr, expected = _KEYS[key]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        bad = not isinstance(value, expected) or (expected is int and isinstance(value, bool))
        if expected is list and not bad:
            bad = not all(isinstance(v, str) for v in value)
        if bad:
            raise ConfigError(f"{path}: key {key!r} must be {_type_name(expected)}, not {value!r}")
        setattr(cfg, attr, value)
    if cfg.filters is not None:
        for name in cfg.filters:
            if name not in filter_names():
                raise ConfigError(f"{path}: key 'filters': unknown filter {name!r}")
    return cfg


def _type_name(t: type) -> str:
    return {list: "a list of strings", bool: "true or false", str: "a string", int: "an integer", float: "a number"}[t]
