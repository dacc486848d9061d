"""``--engine ray``: the same per-file cleaning, scheduled by Ray Data over a Ray cluster.

Each input file (text, JSONL or Parquet) is one row of a Ray dataset; ``map_batches`` cleans
batches of them on the cluster's workers with exactly the code the local engine runs
(:func:`cleantext.runner.process`), so outputs are byte-identical and outcomes the same.
Inputs and outputs may be local paths (shared by all nodes) or URLs of the filesystems
pyarrow knows (``s3://``, ``gs://``, ``file://``): a worker copies a remote input to a
temporary file, cleans it, and uploads the result.

Ray is an optional dependency: ``pip install 'cleantext[ray]'``.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from cleantext.discovery import Source
from cleantext.errors import InputError
from cleantext.mode import Settings
from cleantext.process import process
from cleantext.report import Outcome, Status

BATCH = 8


def is_url(path: str) -> bool:
    return "://" in path


def list_remote(url: str, include_match: Callable[[PurePosixPath], bool]) -> list[Source]:
    """The files under a remote folder (or the one file) at ``url``, as sources."""
    from pyarrow import fs

    filesystem, root = fs.FileSystem.from_uri(url)
    info = filesystem.get_file_info(root)
    if info.type == fs.FileType.File:
        return [Source(None, PurePosixPath(root).name, url, remote=True)]
    if info.type == fs.FileType.NotFound:
        raise InputError(f"{url}: no such file or folder")
    found = filesystem.get_file_info(fs.FileSelector(root, recursive=True))
    out = []
    for entry in sorted((f for f in found if f.type == fs.FileType.File), key=lambda f: f.path):
        rel = entry.path[len(root.rstrip("/")) + 1 :]
        if include_match(PurePosixPath(rel)):
            out.append(Source(None, rel, url.rstrip("/") + "/" + rel, remote=True))
    return out


def _row(source: Source) -> dict:
    return {"path": os.path.realpath(source.path) if source.path else "", "rel": source.rel, "display": source.display}


def _outcome_row(o: Outcome) -> dict:
    import json

    return {
        "name": o.name, "status": o.status.value, "message": o.message, "filters": json.dumps(o.filters),
        "rules": json.dumps(o.rules), "size": o.size, "diff": o.diff or "", "note": o.note,
        "records": json.dumps(o.records), "problems": json.dumps(o.problems),
        "lines": json.dumps(o.lines), "findings": json.dumps(o.findings),
    }


def _from_row(row: dict) -> Outcome:
    import json

    records = json.loads(row["records"])
    return Outcome(
        row["name"], Status(row["status"]), row["message"], json.loads(row["filters"]), json.loads(row["rules"]),
        json.loads(row["lines"]), int(row["size"]), row["diff"] or None, row["note"],
        tuple(records) if records else None, json.loads(row["problems"]), json.loads(row["findings"]),
    )


class CleanBatch:
    """A Ray Data batch function: clean the files a batch names, return their outcomes.
    (A callable object run as tasks: each worker process builds the chain once and keeps it.)"""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, batch: dict) -> dict:
        rows = [self._one(p, r, d) for p, r, d in zip(batch["path"], batch["rel"], batch["display"])]
        return {key: [row[key] for row in rows] for key in rows[0]} if rows else {}

    def _one(self, path: str, rel: str, display: str) -> dict:
        if path:
            return _outcome_row(process(Source(path, rel, display), self.settings))
        return _outcome_row(self._remote(rel, display))

    def _remote(self, rel: str, url: str) -> Outcome:
        """A remote input: download to a temporary file, clean it like a local one, upload."""
        from dataclasses import replace

        from pyarrow import fs

        settings = self.settings
        with tempfile.TemporaryDirectory(prefix="cleantext-ray-") as tmp:
            local = Path(tmp, "in", rel)
            local.parent.mkdir(parents=True, exist_ok=True)
            try:
                src_fs, src_path = fs.FileSystem.from_uri(url)
                with src_fs.open_input_stream(src_path, compression=None) as src, open(local, "wb") as dst:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        dst.write(block)
            except (OSError, ValueError) as exc:
                return Outcome(url, Status.FAILED, f"{url}: cannot read: {exc}")
            out_dir = settings.output_dir
            remote_out = out_dir is not None and is_url(out_dir)
            local_settings = replace(settings, output_dir=str(Path(tmp, "out"))) if remote_out else settings
            outcome = process(Source(str(local), rel, url), local_settings)
            if remote_out and outcome.status is not Status.FAILED:
                dst_fs, dst_root = fs.FileSystem.from_uri(out_dir)
                target = dst_root.rstrip("/") + "/" + rel
                dst_fs.create_dir(target.rsplit("/", 1)[0], recursive=True)
                with open(Path(tmp, "out", rel), "rb") as src, dst_fs.open_output_stream(target, compression=None) as dst:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        dst.write(block)
            return outcome


def run_ray(sources: list[Source], settings: Settings, address: str | None, jobs: int) -> Iterator[Outcome]:
    """Clean ``sources`` on a Ray cluster; outcomes come back in input order."""
    if not sources:
        return
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")
    try:
        import ray
    except ImportError:
        raise InputError("--engine ray needs Ray: pip install 'cleantext[ray]'") from None
    import logging

    # stderr is for cleantext's own messages: Ray's are kept to errors (RAY_DATA_LOG_LEVEL
    # is read when Ray Data sets up its loggers, so it goes in before that)
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    started_here = not ray.is_initialized()
    if started_here:
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
        if address:
            try:
                ray.init(address=address, **kwargs)
            except Exception as exc:  # Ray's own words name its flags, not ours
                hint = " (ray:// addresses need pip install 'ray[client]')" if address.startswith("ray://") else ""
                hint = hint or (" (start one with: ray start --head)" if address == "auto" else "")
                raise InputError(f"--ray-address {address}: cannot join the Ray cluster: {type(exc).__name__}{hint}") from None
            jobs = max(1, int(ray.cluster_resources().get("CPU", jobs)))
        else:
            ray.init(num_cpus=jobs, **kwargs)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        rows = ray.data.from_items([_row(s) for s in sources], override_num_blocks=max(1, min(len(sources) // BATCH, 1000)))
        cleaned = rows.map_batches(CleanBatch(settings), batch_size=BATCH, batch_format="default")
        for row in cleaned.iter_rows():
            yield _from_row(row)
    finally:
        if started_here:
            ray.shutdown()
