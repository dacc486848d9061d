"""cleantext inside data pipelines: the command line's chain, one text at a time.

:class:`Cleaner` resolves the chain and its options exactly as the command line does (the
filters, the preset, a ``[tool.cleantext]`` configuration file, then the filter options given),
and cleans each text as the command line cleans the text field of a JSONL or Parquet record:
the outputs are byte-identical. The integrations wrap it:

- :mod:`cleantext.integrations.datatrove`: a datatrove formatter step;
- :mod:`cleantext.integrations.hf`: a Hugging Face ``datasets`` map function;
- :mod:`cleantext.integrations.ray`: a Ray Data ``map_batches`` callable class.

A text whose cleaning would remove more than ``max_loss`` of its content is kept as it was
(the command line refuses the whole file instead; a pipeline goes on with the next record).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class Cleaned:
    text: str
    filters: list[str] = field(default_factory=list)  # the filters that changed it, in order
    rules: dict[str, int] = field(default_factory=dict)  # "filter:rule" -> times fired
    loss: float = 0.0  # the share of its letters (or visible characters) the deleting filters removed
    refused: bool = False  # the loss was over max_loss: ``text`` is the original


class Cleaner:
    """The command line's cleaning of one text, for pipelines (picklable: every worker
    process builds the chain once, on first use).

    >>> Cleaner(filters=["whitespace"])("a  b\\n\\n\\n")
    'a b'
    >>> Cleaner().clean("It\\u00e2\\u0080\\u0099s  here").filters
    ['mojibake', 'whitespace']
    """

    def __init__(
        self,
        filters: Sequence[str] | None = None,
        options: dict[str, dict[str, Any]] | None = None,
        *,
        preset: str | None = None,
        config: str | Path | None = None,
        max_loss: float | None = None,
        force: bool = False,
    ) -> None:
        self.settings = _settings(filters, options, preset, config, max_loss, force)
        from cleantext.process import pipeline_for

        pipeline_for(self.settings)  # unknown filters and bad options fail here, not in a worker

    def __call__(self, text: str) -> str:
        return self.clean(text).text

    def clean(self, text: str) -> Cleaned:
        from cleantext.process import pipeline_for

        if not isinstance(text, str):
            raise TypeError(f"cleantext cleans str, not {type(text).__name__}")
        pipe = pipeline_for(self.settings).for_records()
        result = pipe.run(text)  # a text of its own: its own line endings and its own guard
        rules = dict(result.rules)
        if result.text != text and result.loss > self.settings.max_loss and not self.settings.force:
            return Cleaned(text, result.changed_by, rules, result.loss, refused=True)
        out = result.text if result.text.isascii() else _without_surrogates(result.text)
        return Cleaned(out, result.changed_by, rules, result.loss)

    def clean_all(self, texts: Iterable[str]) -> list[Cleaned]:
        return [self.clean(t) for t in texts]


def _without_surrogates(text: str) -> str:
    from cleantext.textio import without_surrogates

    return without_surrogates(text)


def _settings(filters, options, preset, config, max_loss, force):
    """The Settings the command line would build from these options and ``config``."""
    from cleantext.config import Config, load_config
    from cleantext.errors import ConfigError
    from cleantext.options import command_line_defaults, effective
    from cleantext.registry import discover
    from cleantext.run import build_settings

    cfg = load_config(Path(config), lambda: set(discover())) if config is not None else Config()
    given = {**command_line_defaults(), "filters": tuple(filters or ()), "preset": preset, "force": force,
             "max_loss": max_loss, "check": True, "output_format": "text"}
    opts = effective(given, cfg.values)
    for name, values in (options or {}).items():
        if not isinstance(values, dict):
            raise ConfigError(f"options for filter {name!r} must be a dict, not {type(values).__name__}")
        cfg.filter_options[name] = {**cfg.filter_options.get(name, {}), **values}
    settings, _ = build_settings(opts, cfg)
    return settings
