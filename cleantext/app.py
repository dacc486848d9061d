"""One run of the command: options and configuration -> settings -> outcomes -> report."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from cleantext import _struct, files, output
from cleantext.cli import POOL_MIN_FILES
from cleantext.registry import DEFAULT_CHAIN, ConfigError
from cleantext.report import Outcome, Report, Status
from cleantext.runner import Mode, Settings, pipeline_for, process


def _usage(message: str) -> Exception:
    import click

    return click.UsageError(message)


def run(opts: dict) -> int:
    if opts["list_filters"]:
        return _list_filters()
    try:
        cfg = _load_config(opts["config_path"])
        settings, sel = _settings(opts, cfg)
        pipeline_for(settings)  # unknown filters and bad options fail here, before any file
    except ConfigError as exc:
        output.message(f"cleantext: error: {exc}")
        return 2
    paths = list(opts["paths"]) or ["-"]
    if paths == ["-"] and sys.stdin.isatty() and not opts["paths"]:
        raise _usage("no input: give files or folders, or pipe text to stdin")
    _check_folders_have_a_mode(paths, settings.mode)
    ray = opts["engine"] == "ray"
    urls = [p for p in paths if "://" in p]
    if (urls or (settings.output_dir and "://" in settings.output_dir)) and not ray:
        raise _usage("remote URLs (s3://, gs://, file://) need --engine ray")
    if ray and settings.mode is Mode.STDOUT:
        raise _usage("--engine ray writes files: use --output-dir, --in-place, --check or --diff")
    if ray and (urls or "-" in paths) and settings.mode is Mode.IN_PLACE:
        raise _usage("--in-place works on local files only")
    report = Report(check=settings.mode is Mode.CHECK)
    notes: list[str] = []
    sources = files.discover([p for p in paths if p not in urls], sel, opts["stdin_filename"], notes)
    if urls:
        sources += _remote_sources(urls, sel, notes)
    for note in notes:
        output.message(f"cleantext: error: {note}")
        report.fail(note)
    jobs = opts["jobs"] or cfg.jobs or os.cpu_count() or 1
    start = time.perf_counter()
    show = _Printer(opts, settings, len(sources))
    if ray:
        if settings.output_dir and "://" not in settings.output_dir:  # workers may run elsewhere
            settings = _struct.replace(settings, output_dir=os.path.abspath(settings.output_dir))
        outcomes = _ray_outcomes(sources, settings, opts["ray_address"], jobs)
    else:
        outcomes = _outcomes(sources, settings, jobs, show)
    for outcome in outcomes:
        report.add(outcome)
        show.outcome(outcome)
    show.finish()
    _finish(report, opts, settings, sources, time.perf_counter() - start)
    return report.exit_code


def _outcomes(sources, settings: Settings, jobs: int, show):
    in_pool = [s for s in sources if not s.is_stdin]
    if jobs > 1 and len(in_pool) >= POOL_MIN_FILES and settings.mode is not Mode.STDOUT:
        from cleantext.concurrency import run_parallel

        if any(s.is_stdin for s in sources):
            yield from (process(s, settings) for s in sources if s.is_stdin)
        yield from run_parallel(in_pool, settings, jobs)
        return
    for source in sources:
        yield process(source, settings)


def _remote_sources(urls: list[str], sel, notes: list[str]):
    from pathlib import PurePosixPath

    from cleantext.ray_engine import list_remote

    def wanted(rel: PurePosixPath) -> bool:
        return files._matches(PurePosixPath(rel.name), sel.include) and not files._matches(rel, sel.exclude)

    found = []
    for url in urls:
        try:
            found += list_remote(url, wanted)
        except (files.InputError, OSError, ValueError) as exc:
            notes.append(str(exc) if str(exc).startswith(url) else f"{url}: {exc}")
    return found


def _ray_outcomes(sources, settings: Settings, address: str | None, jobs: int):
    from cleantext.ray_engine import run_ray

    local = [s for s in sources if s.is_stdin]  # stdin is read here, not on the cluster
    yield from (process(s, settings) for s in local)
    yield from run_ray([s for s in sources if not s.is_stdin], settings, address, jobs)


def _list_filters() -> int:
    from cleantext.registry import list_filters

    rows = list_filters(lambda msg: output.message(f"cleantext: warning: {msg}"))
    width = max((len(name) for name, _, _ in rows), default=0)
    for name, description, builtin in rows:
        tag = "" if builtin else "  (plugin)"
        output.write_data(f"{name.ljust(width)}  {description}{tag}\n")
    return 0


def _load_config(path: str | None):
    from cleantext.config import find_pyproject, load_config
    from cleantext.registry import discover

    found = Path(path) if path else find_pyproject(Path.cwd())
    if path and not Path(path).is_file():
        raise ConfigError(f"{path}: config file not found")
    return load_config(found, lambda: set(discover()))


def _settings(opts: dict, cfg) -> tuple[Settings, files.Selection]:
    in_place, out_dir, diff, check = opts["in_place"], opts["output_dir"], opts["diff"], opts["check"]
    if in_place and out_dir:
        raise _usage("--in-place and --output-dir exclude each other")
    if (diff or check) and (in_place or out_dir):
        raise _usage("--diff and --check write nothing; drop --in-place/--output-dir")
    if in_place:
        mode = Mode.IN_PLACE
    elif out_dir:
        mode = Mode.OUTPUT_DIR
    elif diff or check:
        mode = Mode.CHECK
    else:
        mode = Mode.STDOUT
    chain = tuple(opts["filters"]) or tuple(cfg.filters or DEFAULT_CHAIN)
    settings = Settings(
        mode=mode,
        chain=chain,
        options={k: v for k, v in cfg.filter_options.items() if k in chain},
        diff=diff,
        output_dir=out_dir,
        encoding=opts["encoding"] or cfg.encoding,
        max_loss=opts["max_loss"] if opts["max_loss"] is not None else cfg.max_loss,
        force=opts["force"],
        explain=opts["explain"],
        stdin_filename=opts["stdin_filename"],
        text_field=opts["text_field"],
    )
    exclude = list(opts["exclude"]) or list(cfg.exclude or files.DEFAULT_EXCLUDE)
    sel = files.Selection(
        include=list(opts["include"]) or list(cfg.include or files.DEFAULT_INCLUDE),
        exclude=exclude + list(cfg.extend_exclude) + list(opts["extend_exclude"]),
        force_exclude=opts["force_exclude"] if opts["force_exclude"] is not None else cfg.force_exclude,
        respect_gitignore=opts["respect_gitignore"] if opts["respect_gitignore"] is not None else cfg.respect_gitignore,
        skip_under=Path(out_dir) if out_dir else None,
    )
    return settings, sel


def _check_folders_have_a_mode(paths: list[str], mode: Mode) -> None:
    if mode is not Mode.STDOUT:
        return
    for p in paths:
        if p != "-" and os.path.isdir(p):
            raise _usage(
                f"{p} is a folder: use --in-place, --output-dir DIR, --diff or --check to clean folders"
            )


class _Printer:
    """Writes each outcome as it arrives: data to stdout, talk to stderr."""

    def __init__(self, opts: dict, settings: Settings, total: int) -> None:
        self.quiet, self.verbose, self.explain = opts["quiet"], opts["verbose"], opts["explain"]
        color = opts["color"]
        self.color = sys.stdout.isatty() if color is None else color
        self.settings = settings
        # a progress bar only where a person watches: stderr a terminal, a batch, not in a pipe
        wanted = sys.stderr.isatty() and not self.quiet and total > 1 and settings.mode is not Mode.STDOUT
        self.progress = output.Progress(total) if wanted and not os.environ.get("CI") else None

    def outcome(self, o: Outcome) -> None:
        if self.progress is not None:
            self.progress.advance(o.size)
            if o.status is Status.FAILED or o.diff or (self.verbose or self.settings.mode is Mode.IN_PLACE) and o.status is Status.CHANGED:
                self.progress.close()  # a message line replaces the bar; it comes back
        self._say(o)

    def _say(self, o: Outcome) -> None:
        if o.output is not None:
            output.write_data(o.output)
        if o.diff:
            output.write_data(output.color_diff(o.diff) if self.color else o.diff)
        if o.status is Status.FAILED:
            output.message(f"cleantext: error: {o.message}")
            return
        for problem in o.problems:
            output.message(f"cleantext: error: {problem}")
        if o.note and not self.quiet:
            output.message(f"cleantext: {o.note}")
        if self.explain and o.lines:
            for name, lines in o.lines.items():
                output.message(f"{o.name}: {name} changed line{'s' if len(lines) > 1 else ''} {_ranges(lines)}")
        if self.quiet or o.status is not Status.CHANGED:
            if self.verbose and o.status is Status.UNCHANGED:
                output.message(f"unchanged {o.name}")
            return
        mode = self.settings.mode
        if mode is Mode.CHECK and not self.settings.diff:
            output.message(f"would clean {o.name}")
        elif self.verbose or mode is Mode.IN_PLACE:
            verb = "would clean" if mode is Mode.CHECK else "cleaned"
            output.message(f"{verb} {o.name}")

    def finish(self) -> None:
        if self.progress is not None:
            self.progress.close()


def _ranges(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7]."""
    out, start, prev = [], None, None
    for n in numbers + [None]:
        if start is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)


def _finish(report: Report, opts: dict, settings: Settings, sources, seconds: float) -> None:
    if opts["report_path"]:
        Path(opts["report_path"]).write_text(report.to_json(seconds) + "\n", encoding="utf-8")
    batch = settings.mode is not Mode.STDOUT or len(sources) > 1
    if opts["quiet"] or not (batch or opts["stats"] or opts["verbose"]):
        return
    verb = "would be cleaned" if settings.mode is Mode.CHECK else "cleaned"
    output.message(report.summary(verb))
    if opts["stats"]:
        for line in report.stats_lines():
            output.message(line)
