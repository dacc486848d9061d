"""One run of the command: options and configuration -> settings -> inputs -> engine -> report.

The engine is the main process (serial), the process pool or a Ray cluster; outcomes always
come back in the order the inputs were named, stdin included.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from cleantext import output
from cleantext.config import Config
from cleantext.discovery import Selection, Source, discover, matches
from cleantext.errors import ConfigError, InputError, UsageError
from cleantext.mode import Mode, Settings
from cleantext.options import OPTIONS, PRESETS, effective, range_error
from cleantext.process import pipeline_for, process
from cleantext.report import Outcome, Report

POOL_MIN_FILES = 8  # below this a process pool costs more than it saves


def run(given: dict[str, Any]) -> int:
    """Run the command for the options as the command line gave them; the exit code."""
    if given["list_filters"]:
        return _list_filters()
    try:
        cfg = _load_config(given["config_path"])
        opts = effective(given, cfg.values)
        settings, selection = build_settings(opts, cfg)
        pipeline_for(settings)  # unknown filters and bad options fail here, before any file
    except ConfigError as exc:
        output.message(f"cleantext: error: {exc}")
        return 2
    if opts["quiet"] and opts["verbose"]:
        raise UsageError("--quiet and --verbose exclude each other")
    report_path = opts["report_path"]
    if report_path and report_path != "-" and not os.path.isdir(os.path.dirname(report_path) or "."):
        raise UsageError(f"--report {report_path}: no such folder")
    paths = list(opts["paths"]) or ["-"]
    if paths == ["-"] and not opts["paths"] and sys.stdin.isatty():
        raise UsageError("no input: give files or folders, or pipe text to stdin")
    _check_paths(paths, settings, opts["engine"] == "ray")
    report = Report(check=settings.mode.check)
    notes: list[str] = []
    urls = [p for p in paths if "://" in p]
    sources = discover([p for p in paths if p not in urls], selection, opts["stdin_filename"], notes)
    if urls:
        sources += _remote_sources(urls, selection, notes)
    if settings.mode is Mode.OUTPUT_DIR:
        _check_output_names(sources)
    for note in notes:
        output.message(f"cleantext: error: {note}")
        report.fail(note)
    jobs = opts["jobs"] or os.cpu_count() or 1
    start = time.perf_counter()
    printer = output.Printer(settings.mode, len(sources), opts["quiet"], opts["verbose"], opts["explain"], _color(opts),
                             fmt=settings.output_format)
    try:
        for outcome in _outcomes(sources, settings, jobs, opts, printer.partial if printer.progress else None):
            report.add(outcome)
            printer.outcome(outcome)
    except KeyboardInterrupt as exc:  # the bar goes, and the message says how far the batch got
        printer.finish(complete=False)
        exc.args = (f"after {report.seen} of {len(sources)} input{'s' if len(sources) != 1 else ''}",)
        raise
    printer.finish()
    _finish(report, opts, settings, sources, time.perf_counter() - start)
    return report.exit_code


def _color(opts: dict[str, Any]) -> bool:
    return sys.stdout.isatty() if opts["color"] is None else bool(opts["color"])


def _outcomes(sources: list[Source], settings: Settings, jobs: int, opts: dict[str, Any], progress) -> Iterator[Outcome]:
    """Each input's outcome, in input order: stdin in this process, files on the engine
    (``progress`` hears how far an input cleaned in pieces here has got)."""
    cache = _cache(settings, opts)
    known = {id(s): o for s in sources if s.path and not s.remote and (o := cache.replay(s, settings))} if cache else {}
    files = [s for s in sources if not s.is_stdin and id(s) not in known]
    if opts["engine"] == "ray":
        from cleantext.ray_engine import run_ray

        if settings.output_dir and "://" not in settings.output_dir:  # workers may run elsewhere
            from dataclasses import replace

            settings = replace(settings, output_dir=os.path.abspath(settings.output_dir))
        engine = run_ray(files, settings, opts["ray_address"], jobs)
    elif jobs > 1 and len(files) >= POOL_MIN_FILES and settings.mode is not Mode.STDOUT:
        if hasattr(os, "fork"):
            from cleantext.concurrency import run_parallel
        else:
            from cleantext.spawned import run_spawned as run_parallel

        engine = run_parallel(files, settings, jobs)
    else:  # here, one input at a time: a streamed one is cleaned on the cores in pieces
        engine = (process(s, settings, jobs=jobs, progress=progress) for s in files)
    try:
        for source in sources:
            if id(source) in known:
                yield known[id(source)]
                continue
            outcome = process(source, settings, jobs=jobs, progress=progress) if source.is_stdin else next(engine)
            if cache is not None and source.path:
                cache.learn(source.path, outcome, settings)
            yield outcome
    finally:
        close = getattr(engine, "close", None)
        if close is not None:
            close()
        if cache is not None:
            cache.save()


def _cache(settings: Settings, opts: dict[str, Any]) -> Any:
    """The cache of files known clean, for the runs that may skip them (not for a remote engine)."""
    if not settings.cache or opts["engine"] != "local":
        return None
    from cleantext.cache import Cache

    return Cache(settings, lambda msg: output.message(f"cleantext: note: {msg}"))


def _check_paths(paths: list[str], settings: Settings, ray: bool) -> None:
    mode = settings.mode
    if mode is Mode.STDOUT:
        for p in paths:
            if p != "-" and os.path.isdir(p):
                raise UsageError(f"{p} is a folder: use --in-place, --output-dir DIR, --diff or --check to clean folders")
    urls = [p for p in paths if "://" in p]
    if (urls or (settings.output_dir and "://" in settings.output_dir)) and not ray:
        raise UsageError("remote URLs (s3://, gs://, file://) need --engine ray")
    if ray and mode is Mode.STDOUT:
        raise UsageError("--engine ray writes files: use --output-dir, --in-place, --check or --diff")
    if ray and (urls or "-" in paths) and mode is Mode.IN_PLACE:
        raise UsageError("--in-place works on local files only")


def _check_output_names(sources: list[Source]) -> None:
    """Two inputs that would land on one output file: refused before anything is written."""
    seen: dict[str, str] = {}
    for source in sources:
        other = seen.setdefault(source.rel, source.display)
        if other != source.display:
            raise UsageError(f"{other} and {source.display} would both be written to {source.rel} under --output-dir")


def _remote_sources(urls: list[str], sel: Selection, notes: list[str]) -> list[Source]:
    from cleantext.ray_engine import list_remote

    def wanted(rel: PurePosixPath) -> bool:
        return matches(PurePosixPath(rel.name), sel.include, fold=True) and not matches(rel, sel.exclude)

    found: list[Source] = []
    for url in urls:
        try:
            found += list_remote(url, wanted)
        except (InputError, OSError, ValueError) as exc:
            notes.append(str(exc) if str(exc).startswith(url) else f"{url}: {exc}")
    return found


def _list_filters() -> int:
    from cleantext.registry import list_filters

    rows = list_filters(lambda msg: output.message(f"cleantext: warning: {msg}"))
    width = max((len(name) for name, _, _ in rows), default=0)
    for name, description, builtin in rows:
        tag = "" if builtin else "  (plugin)"
        output.write_data(f"{name.ljust(width)}  {description}{tag}\n")
    return 0


def _load_config(path: str | None) -> Config:
    from cleantext.config import find_pyproject, load_config
    from cleantext.registry import discover as filters

    if path and not Path(path).is_file():
        raise ConfigError(f"{path}: config file not found")
    found = Path(path) if path else find_pyproject(Path.cwd())
    return load_config(found, lambda: set(filters()))


def build_settings(opts: dict[str, Any], cfg: Config) -> tuple[Settings, Selection]:
    for option in OPTIONS:  # click's ranges let NaN through
        value = opts[option.dest]
        if option.range and value is not None and (why := range_error(value, option.range)):
            raise UsageError(f"{option.flags[-1]} must be {why}, not {value!r}")
    mode = Mode.from_options(opts["in_place"], opts["output_dir"], opts["diff"], opts["check"], _color(opts))
    fmt = output_format(opts, mode)
    if fmt != "text" and mode.diff:
        mode = Mode.CHECK  # the findings say what the diff would
    chain = tuple(opts["filters"])
    preset = PRESETS[opts["preset"]]
    options = {name: {**preset.get(name, {}), **cfg.filter_options.get(name, {})} for name in chain}
    settings = Settings(
        mode=mode,
        chain=chain,
        options={k: v for k, v in options.items() if v},
        output_dir=opts["output_dir"],
        encoding=opts["encoding"],
        max_loss=opts["max_loss"],
        force=opts["force"],
        explain=opts["explain"],
        output_format=fmt,
        cache=bool(opts["cache"]) and mode in (Mode.CHECK, Mode.DIFF, Mode.COLOR_DIFF, Mode.IN_PLACE),
        stdin_filename=opts["stdin_filename"],
        text_field=opts["text_field"],
    )
    selection = Selection(
        include=tuple(opts["include"]),
        exclude=tuple(opts["exclude"]) + tuple(opts["extend_exclude"]),
        force_exclude=opts["force_exclude"],
        respect_gitignore=opts["respect_gitignore"],
        skip_under=Path(opts["output_dir"]) if opts["output_dir"] else None,
    )
    return settings, selection


def output_format(opts: dict[str, Any], mode: Mode) -> str:
    """The --output-format of a run: the option, else $CLEANTEXT_OUTPUT_FORMAT, else text. It
    applies to --check and --diff runs; named on a command line that writes files, it is an error."""
    from cleantext.findings import ENV, FORMATS

    fmt = opts["output_format"] or os.environ.get(ENV) or "text"
    if fmt not in FORMATS:
        raise UsageError(f"${ENV} must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not mode.check:
        if opts["output_format"] not in (None, "text"):
            raise UsageError(f"--output-format {fmt} reports findings: use it with --check or --diff")
        return "text"
    if fmt in ("json", "jsonl") and opts["report_path"] == "-":
        raise UsageError(f"--output-format {fmt} and --report - would both write JSON to stdout")
    return fmt


def _finish(report: Report, opts: dict[str, Any], settings: Settings, sources: list[Source], seconds: float) -> None:
    if opts["report_path"] == "-":  # after the cleaned text or the diff, if any
        output.write_data(report.to_json(seconds) + "\n")
    elif opts["report_path"]:
        Path(opts["report_path"]).write_text(report.to_json(seconds) + "\n", encoding="utf-8")
    batch = settings.mode is not Mode.STDOUT or len(sources) > 1
    if opts["quiet"] or not (batch or opts["stats"] or opts["verbose"]):
        return
    verb = "would be cleaned" if settings.mode.check else "cleaned"
    output.message(report.summary(verb))
    if opts["stats"]:
        for line in report.stats_lines():
            output.message(line)
