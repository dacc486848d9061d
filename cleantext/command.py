"""The click command: options and help. It only collects options; cli.run_safely runs them."""
from __future__ import annotations

import sys

import click

from cleantext import __version__
from cleantext.cli import EXIT_CODES, run_safely


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-f", "--filter", "filters", multiple=True, metavar="NAME",
              help="A filter to run; repeat for a chain, run in the order given. "
                   "Default: the config's chain, else mojibake, ads, whitespace.")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite changed files in place (atomically).")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Write every cleaned file under DIR, mirroring the input tree.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what would change; write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--color/--no-color", default=None, help="Colour the diff (default: when stdout is a terminal).")
@click.option("--list-filters", is_flag=True, help="List the available filters, plugins included, and exit.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read settings from FILE instead of the nearest pyproject.toml's [tool.cleantext].")
@click.option("--include", multiple=True, metavar="GLOB", help="File names to clean in folders (replaces the default list).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Paths to skip in folders (replaces the default list).")
@click.option("--extend-exclude", multiple=True, metavar="GLOB", help="Paths to skip, added to the excludes.")
@click.option("--force-exclude", is_flag=True, default=None, help="Apply the excludes to files named explicitly too.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files ignored by git when walking folders (default: on).")
@click.option("--stdin-filename", metavar="NAME", help="The name of the text read from stdin (its type, its output name).")
@click.option("--encoding", metavar="NAME", default=None,
              help="Encoding of the inputs (default utf-8); 'auto' detects it per file. Output is UTF-8.")
@click.option("--text-field", default="text", show_default=True, metavar="NAME",
              help="The field of JSONL/Parquet records to clean.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for folders (default: all cores).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where batches run: this machine's cores, or a Ray cluster (pip install 'cleantext[ray]').")
@click.option("--ray-address", metavar="ADDRESS",
              help="The Ray cluster to join ('auto', or ray://host:port); default: a local one started for the run.")
@click.option("--stats", is_flag=True, help="After the batch, count per filter and per rule what changed.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), metavar="FILE", help="Write the summary as JSON to FILE.")
@click.option("--explain", is_flag=True, help="Say, per file, which filter changed which lines.")
@click.option("--max-loss", type=click.FloatRange(0, 1), default=None, metavar="SHARE",
              help="Leave a file unchanged if cleaning would remove more than this share of its letters and digits (default 0.2).")
@click.option("--force", is_flag=True, help="Write even when --max-loss would refuse.")
@click.option("-q", "--quiet", is_flag=True, help="Say nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Say what happens to each file.")
@click.version_option(__version__, "-V", "--version", prog_name="cleantext", message="%(prog)s %(version)s")
def command(**opts) -> None:
    """Clean scraped text: repair mojibake, remove ad residue, normalise whitespace.

    PATHS are files, folders, globs or - for stdin; with none, stdin is read. A single file
    or stdin is written to stdout; folders need --in-place, --output-dir, --diff or --check.
    """
    sys.exit(run_safely(opts))
