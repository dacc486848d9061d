"""The ``cleantext`` command: ``main``, the click command built from the options table, and
the one place where every failure becomes a message and an exit code.

A plain ``cleantext < in > out`` — the shape pipes and hooks start thousands of times — runs
without importing click: its options are all unset (options.command_line_defaults, which a
test keeps equal to what click gives).
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing and signal load inside main(), where a Ctrl-C is handled
if TYPE_CHECKING:
    from typing import Any

    from cleantext.options import Option
# Everything else is imported inside main(): a Ctrl-C that lands while it loads is then
# main's to handle, not a traceback out of the import of this module.

EXIT_CODES = """\\b
Exit codes:
  0  success (with --check/--diff: nothing would change)
  1  --check or --diff found files that would change
  2  usage or configuration error, or an input that could not be processed
     (the other inputs are still processed)
"""


def main() -> None:
    """The command. A Ctrl-C before any input is touched (while Python imports, while click
    parses) ends it with exit 130 and one line, as one during the run does; never click's
    "Aborted!" with exit 1, which would read as --check's "found changes"."""
    try:
        import signal

        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        from cleantext.options import command_line_defaults

        args = sys.argv[1:]
        if args in ([], ["-"]) and not sys.stdin.isatty() and "_CLEANTEXT_COMPLETE" not in os.environ:
            sys.exit(run_safely(dict(command_line_defaults(), paths=tuple(args))))
        _run_click(build_command())
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not is_interrupt(exc):
            raise
        _say("cleantext: interrupted before it started; nothing was changed")
        sys.exit(130)


def is_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is a Ctrl-C, or one that landed while a class was made and came out
    wrapped ("RuntimeError: Error calling __set_name__", from a dataclass being imported)."""
    return isinstance(exc, KeyboardInterrupt) or isinstance(exc, RuntimeError) and isinstance(exc.__cause__, KeyboardInterrupt)


def _run_click(command: Any) -> None:
    import click

    try:
        code = command.main(standalone_mode=False)
    except click.exceptions.Abort:
        raise KeyboardInterrupt from None
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def build_command() -> Any:
    """The click command, its options generated from :data:`cleantext.options.OPTIONS`."""
    import click

    from cleantext import __version__

    def command(**opts: Any) -> None:
        """Clean scraped text: repair mojibake, remove ad residue, normalise whitespace.

        PATHS are files, folders, globs or - for stdin; with none, stdin is read. A single file
        or stdin is written to stdout; folders need --in-place, --output-dir, --diff or --check.
        """
        sys.exit(run_safely(opts))

    from cleantext.options import OPTIONS

    for option in reversed(OPTIONS):
        command = click.option(*option.flags, option.dest, **_click_settings(option))(command)
    # readable=False: an unreadable input is that input's error, the rest of the batch goes on
    command = click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, readable=False))(command)
    command = click.version_option(__version__, "-V", "--version", prog_name="cleantext", message="%(prog)s %(version)s")(command)
    settings = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
    return click.command("cleantext", context_settings=settings, epilog=EXIT_CODES)(command)


def _click_settings(option: Option) -> dict[str, Any]:
    import click

    # the default is what the plain pipe uses too: one function says what "not given" is
    from cleantext.options import unset

    kw: dict[str, Any] = {"help": option.help, "metavar": option.metavar, "default": unset(option)}
    if option.type is list:
        kw["multiple"] = True
    elif option.type is bool:
        kw["is_flag"] = "/" not in option.flags[0] or None  # a --x/--no-x pair is click's own kind
    elif option.choices:
        kw["type"] = click.Choice(option.choices)
    elif option.type in (int, float) and option.range:
        low, high = option.range
        top = None if high == float("inf") else high
        if option.type is int:
            kw["type"] = click.IntRange(int(low), None if top is None else int(top))
        else:
            kw["type"] = click.FloatRange(low, top)
    elif option.path:
        kw["type"] = click.Path(file_okay=option.path == "file", dir_okay=option.path == "dir")
    return {k: v for k, v in kw.items() if v is not None or k == "default"}


def run_safely(opts: dict[str, Any]) -> int:
    """Run the command; every failure becomes a message and an exit code, never a traceback."""
    import signal

    from cleantext.errors import CleantextError, UsageError
    from cleantext.run import run

    signal.signal(signal.SIGTERM, _interrupt)  # finish the file at hand, like Ctrl-C
    try:
        try:
            return run(opts)
        except RuntimeError as exc:
            if is_interrupt(exc):
                raise exc.__cause__ from None  # type: ignore[misc]  # a KeyboardInterrupt, as is_interrupt saw
            raise
    except UsageError as exc:
        import click

        raise click.UsageError(str(exc)) from None
    except CleantextError as exc:  # a setting that cannot be honoured, found while running
        _remove_temps()
        _say(f"cleantext: error: {exc}")
        return 2
    except KeyboardInterrupt as exc:
        _remove_temps()
        how = "terminated" if isinstance(exc, Terminated) else "interrupted"
        where = f" {exc.args[0]}" if exc.args else ""
        _say(f"cleantext: {how}{where}; every file is either untouched or completely cleaned")
        return 143 if isinstance(exc, Terminated) else 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except Exception as exc:  # never a traceback for a user
        if type(exc).__module__.startswith("click"):
            raise  # a usage error: click prints it and exits 2
        if os.environ.get("CLEANTEXT_DEBUG"):
            raise
        _say(f"cleantext: internal error: {type(exc).__name__}: {exc} (set CLEANTEXT_DEBUG=1 for details)")
        return 2


def _remove_temps() -> None:
    writing = sys.modules.get("cleantext.writing")  # loaded if anything was written
    if writing is not None:
        writing.remove_live_temps()


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C."""


def _interrupt(signum: int, frame: object) -> None:
    """The first Ctrl-C or SIGTERM ends the run; those after it are ignored, so the wait for
    the workers, the clean-up and the message are never cut short (a worker still busy after
    concurrency.STOP_WAIT seconds is killed)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


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
