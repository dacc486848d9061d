"""The ``cleantext`` entry point.

A plain ``cleantext < in > out`` — the shape pipes and hooks start thousands of times — runs
without importing click: its options are all defaults (DEFAULT_OPTS, which a test keeps equal
to the click command's). Everything else goes through the click command in command.py.
"""
from __future__ import annotations

import os
import sys

EXIT_CODES = """\b
Exit codes:
  0  success (with --check/--diff: nothing would change)
  1  --check or --diff found files that would change
  2  usage or configuration error, or an input that could not be processed
     (the other inputs are still processed)
"""

DEFAULT_OPTS = {
    "paths": (), "filters": (), "in_place": False, "output_dir": None, "diff": False, "check": False,
    "color": None, "list_filters": False, "config_path": None, "include": (), "exclude": (),
    "extend_exclude": (), "force_exclude": None, "respect_gitignore": None, "stdin_filename": None,
    "encoding": None, "text_field": "text", "jobs": None, "engine": "local", "ray_address": None,
    "stats": False, "report_path": None, "explain": False, "max_loss": None, "force": False,
    "quiet": False, "verbose": False,
}


POOL_MIN_FILES = 8  # below this a process pool costs more than it saves

# What expected_workers needs to know of the options (tests/test_cli.py keeps it equal to the
# click command's): the ones that take a value, and the ones that let a run write folders.
VALUE_OPTIONS = {
    "-f", "--filter", "-o", "--output-dir", "--config", "--include", "--exclude", "--extend-exclude",
    "--stdin-filename", "--encoding", "--text-field", "-j", "--jobs", "--engine", "--ray-address",
    "--report", "--max-loss",
}
FOLDER_MODES = {"-i", "--in-place", "-o", "--output-dir", "--check", "--diff"}
_NO_RUN = {"-h", "--help", "-V", "--version", "--list-filters"}


def main() -> None:
    args = sys.argv[1:]
    if args in ([], ["-"]) and not sys.stdin.isatty() and "_CLEANTEXT_COMPLETE" not in os.environ:
        sys.exit(run_safely(dict(DEFAULT_OPTS, paths=tuple(args))))
    workers = expected_workers(args)
    if workers > 1:
        from cleantext import warm

        warm.start_helper(workers)
    from cleantext.command import command

    command()


def expected_workers(args: list[str]) -> int:
    """How many workers a run with these arguments will start for a folder, guessed before
    click parses them, so that a helper can warm up for them meanwhile (warm.start_helper);
    0 when it will not. A wrong guess costs only the helper's warm-up, on another core: a pool
    that needs fewer workers uses fewer, one that needs more forks the rest itself, and a
    helper no pool takes is killed at exit. The configuration's ``jobs`` is not known yet."""
    if not hasattr(os, "fork") or "_CLEANTEXT_COMPLETE" in os.environ:
        return 0
    jobs, engine, folder_mode, paths = str(os.cpu_count() or 1), "local", False, []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            paths += rest
            break
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            names = [name]
            if name in VALUE_OPTIONS and not eq:
                value = next(rest, "")
        elif arg.startswith("-") and arg != "-":
            names, value = [], ""
            for k, letter in enumerate(arg[1:], 1):  # "-qi", "-j2", "-o out"
                names.append("-" + letter)
                if names[-1] in VALUE_OPTIONS:
                    value = arg[k + 1 :] or next(rest, "")
                    break
        else:
            paths.append(arg)
            continue
        if _NO_RUN.intersection(names):
            return 0
        folder_mode = folder_mode or bool(FOLDER_MODES.intersection(names))
        if names[-1] in ("-j", "--jobs"):
            jobs = value
        elif names[-1] == "--engine":
            engine = value
    if not folder_mode or engine != "local" or not jobs.isdigit():
        return 0
    if len(paths) < POOL_MIN_FILES and not any(os.path.isdir(p) for p in paths):
        return 0
    return int(jobs)


def _debug() -> bool:
    return bool(os.environ.get("CLEANTEXT_DEBUG"))


def run_safely(opts: dict) -> int:
    """Run the command; every failure becomes a message and an exit code, never a traceback."""
    import signal

    from cleantext.app import run

    signal.signal(signal.SIGTERM, _terminate)  # finish the file at hand, like Ctrl-C
    try:
        return run(opts)
    except Terminated:
        _cleanup()
        _say("cleantext: terminated; every file is either untouched or completely cleaned")
        return 143
    except KeyboardInterrupt:
        _cleanup()
        _say("cleantext: interrupted; every file is either untouched or completely cleaned")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except Exception as exc:  # never a traceback for a user
        if type(exc).__module__.startswith("click"):
            raise  # a usage error: click prints it and exits 2
        if _debug():
            raise
        _say(f"cleantext: internal error: {type(exc).__name__}: {exc} (set CLEANTEXT_DEBUG=1 for details)")
        return 2


def _cleanup() -> None:
    files = sys.modules.get("cleantext.files")  # loaded if anything was written
    if files is not None:
        files.remove_live_temps()


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C."""


def _terminate(signum, frame) -> None:
    raise Terminated()
def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


def _quiet_stdout() -> None:
    # stdout's reader went away (cleantext … | head): don't let the interpreter complain at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
