"""Every command-line option, once: its flags, default, ``[tool.cleantext]`` key, type and help.

The click command (cli.py), the strict validation of the configuration (config.py) and the
merge of command line over configuration over default (:func:`effective`) are all derived
from :data:`OPTIONS`. This module does not import click, so a plain ``cleantext < in > out``
can start without it.
"""
from __future__ import annotations

import math
from typing import Any, NamedTuple

DEFAULT_CHAIN = ("mojibake", "ads", "whitespace")
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.rst", "*.adoc", "*.org", "*.jsonl", "*.jsonl.gz", "*.parquet")
# Filter options a preset sets (the configuration's [tool.cleantext.<filter>] tables win).
# "docs" is for repositories of documentation: it changes only what no author wants (mojibake,
# ad residue, zero-width junk, trailing white space, runs of blank lines, the final newline)
# and keeps spacing inside lines (aligned columns, two spaces after a sentence) and no-break spaces.
PRESETS: dict[str, dict[str, dict[str, Any]]] = {
    "scraped": {},
    "docs": {"whitespace": {"collapse_spaces": False, "unicode_spaces": False}},
}
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".bzr", "_darcs", ".venv", "venv", ".tox", ".nox", "node_modules",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis",
)


class Option(NamedTuple):
    flags: tuple[str, ...]  # ("-f", "--filter"); a pair "--color/--no-color" is one flag
    dest: str
    help: str
    type: type = str  # of the value: str, int, float, bool (a flag), list (repeatable)
    default: Any = None  # when neither the command line nor the configuration sets it
    config: str | None = None  # its key in [tool.cleantext]
    metavar: str | None = None
    path: str | None = None  # "dir" or "file": the value names one
    choices: tuple[str, ...] | None = None
    range: tuple[float, float] | None = None  # inclusive bounds of a number
    extend: bool = False  # the configuration's list and the command line's are joined


OPTIONS: tuple[Option, ...] = (
    Option(("-f", "--filter"), "filters", "A filter to run; repeat for a chain, run in the order given. "
           "Default: the config's chain, else mojibake, ads, whitespace.", list, DEFAULT_CHAIN, "filters", "NAME"),
    Option(("--preset",), "preset", "Defaults for a kind of text: 'scraped' (articles; the default) or 'docs' "
           "(documentation in a repository: spacing inside lines and no-break spaces kept).", str, "scraped", "preset",
           "NAME", choices=tuple(PRESETS)),
    Option(("-i", "--in-place"), "in_place", "Rewrite changed files in place (atomically).", bool, False),
    Option(("-o", "--output-dir"), "output_dir", "Write every cleaned file under DIR, mirroring the input tree.",
           metavar="DIR", path="dir"),
    Option(("--diff",), "diff", "Print a unified diff of what would change; write nothing.", bool, False),
    Option(("--check",), "check", "Write nothing; exit 1 if any file would change.", bool, False),
    Option(("--color/--no-color",), "color", "Colour the diff (default: when stdout is a terminal).", bool),
    Option(("--list-filters",), "list_filters", "List the available filters, plugins included, and exit.", bool, False),
    Option(("--config",), "config_path", "Read settings from FILE instead of the nearest pyproject.toml's "
           "[tool.cleantext].", metavar="FILE", path="file"),
    Option(("--include",), "include", "File names to clean in folders (replaces the default list).", list,
           DEFAULT_INCLUDE, "include", "GLOB"),
    Option(("--exclude",), "exclude", "Paths to skip in folders (replaces the default list).", list,
           DEFAULT_EXCLUDE, "exclude", "GLOB"),
    Option(("--extend-exclude",), "extend_exclude", "Paths to skip, added to the excludes.", list, (),
           "extend-exclude", "GLOB", extend=True),
    Option(("--force-exclude",), "force_exclude", "Apply the excludes to files named explicitly too.", bool, False,
           "force-exclude"),
    Option(("--respect-gitignore/--no-respect-gitignore",), "respect_gitignore",
           "Skip files ignored by git when walking folders (default: on).", bool, True, "respect-gitignore"),
    Option(("--stdin-filename",), "stdin_filename", "The name of the text read from stdin (its type, its output name).",
           metavar="NAME"),
    Option(("--encoding",), "encoding", "Encoding of the inputs (default utf-8); 'auto' detects it per file. "
           "Output is UTF-8.", str, "utf-8", "encoding", "NAME"),
    Option(("--text-field",), "text_field", "The field of JSONL/Parquet records to clean.  [default: text]", str,
           "text", metavar="NAME"),
    Option(("-j", "--jobs"), "jobs", "Worker processes for a batch of files, for the pieces of one input over 32 MB, "
           "and for the records of one dataset of 4 MB or more (default: all cores).", int, None, "jobs",
           range=(1, math.inf)),
    Option(("--engine",), "engine", "Where batches run: this machine's cores, or a Ray cluster "
           "(pip install 'cleantext[ray]').  [default: local]", str, "local", choices=("local", "ray")),
    Option(("--ray-address",), "ray_address", "The Ray cluster to join ('auto', or ray://host:port); default: "
           "a local one started for the run.", metavar="ADDRESS"),
    Option(("--output-format",), "output_format", "How --check and --diff report on stdout: 'text' (the diff), "
           "'github' (annotations for GitHub Actions), 'json' or 'jsonl' (each changed place: line, column, filter, "
           "rule, before, after).  [default: $CLEANTEXT_OUTPUT_FORMAT, else text]", str, None, "output-format",
           "FORMAT", choices=("text", "github", "json", "jsonl")),
    Option(("--cache/--no-cache",), "cache", "Skip files that a run with the same version and configuration "
           "found clean, unread (--check, --diff, --in-place; folder: $CLEANTEXT_CACHE_DIR, else ~/.cache/cleantext).  "
           "[default: cache]", bool, True, "cache"),
    Option(("--stats",), "stats", "After the batch, count per filter and per rule what changed.", bool, False),
    Option(("--report",), "report_path", "Write the summary as JSON to FILE.", metavar="FILE", path="file"),
    Option(("--explain",), "explain", "Say, per file, which filter changed which lines.", bool, False),
    Option(("--max-loss",), "max_loss", "Leave a file unchanged if cleaning would remove more than this share "
           "of its letters and digits, or of its visible characters (default 0.2).", float, 0.2, "max-loss", "SHARE", range=(0, 1)),
    Option(("--force",), "force", "Write even when --max-loss would refuse.", bool, False),
    Option(("-q", "--quiet"), "quiet", "Say nothing but errors.", bool, False),
    Option(("-v", "--verbose"), "verbose", "Say what happens to each file.", bool, False),
)
BY_CONFIG_KEY = {o.config: o for o in OPTIONS if o.config}


def unset(option: Option) -> Any:
    """What the command line gives for ``option`` when it is not used."""
    if option.type is list:
        return ()
    if option.config is not None:
        return None  # so that the configuration's value shows through
    if option.type is bool and "/" not in option.flags[0]:
        return False
    return option.default


def command_line_defaults() -> dict[str, Any]:
    """The options of a command line that sets none (what click gives, without click)."""
    return {"paths": (), **{o.dest: unset(o) for o in OPTIONS}}


def effective(given: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """Each option's value: the command line's if set, else the configuration's, else the default.

    >>> merged = effective({"jobs": None, "include": ("*.md",)}, {"jobs": 2, "include": ["*.txt"]})
    >>> merged["jobs"], merged["include"], merged["encoding"]
    (2, ('*.md',), 'utf-8')
    """
    out = dict(given)
    for o in OPTIONS:
        cli = given.get(o.dest, unset(o))
        cfg = config.get(o.config) if o.config else None
        if o.extend:
            out[o.dest] = tuple(cfg or ()) + tuple(cli)
        elif cli not in (None, ()):
            out[o.dest] = cli
        elif cfg is not None:
            out[o.dest] = tuple(cfg) if o.type is list else cfg
        else:
            out[o.dest] = o.default
    return out


def type_error(value: Any, expected: type) -> str | None:
    """Why ``value`` (from TOML) is not of the ``expected`` type; None when it is.

    >>> type_error(True, int), type_error(1, float), type_error(["a", 1], list)
    ('an integer', None, 'a list of strings')
    """
    names = {list: "a list of strings", bool: "true or false", str: "a string", int: "an integer", float: "a number"}
    if isinstance(value, bool) != (expected is bool):
        return names.get(expected, expected.__name__)
    if expected is float and isinstance(value, int):
        return None
    if not isinstance(value, expected):
        return names.get(expected, expected.__name__)
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return names[list]
    return None


def range_error(value: float, bounds: tuple[float, float] | None) -> str | None:
    """Why the number ``value`` is outside ``bounds`` (NaN is outside any); None when inside."""
    if bounds is None or bounds[0] <= value <= bounds[1]:
        return None
    low, high = bounds
    return f"at least {low:g}" if high == math.inf else f"between {low:g} and {high:g}"
