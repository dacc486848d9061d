"""Where one input's cleaned bytes go, decided once from the mode: the same for a whole text
and for a streamed one (written piece by piece)."""
from __future__ import annotations

import os

from cleantext import writing
from cleantext.discovery import Source
from cleantext.mode import Mode, Settings


class Destination:
    """Nowhere (--check, --diff). ``whole`` takes a whole cleaned text at once; ``write``
    then ``finish`` or ``abort`` take a streamed one."""

    def whole(self, data: bytes, changed: bool) -> None:
        pass

    def refused(self, original: bytes) -> None:
        """The safety guard refused the cleaned text: the input stays as it was."""

    def write(self, data: bytes) -> None:
        pass

    def finish(self, changed: bool, original: bytes | str | None = None) -> None:
        """The stream is complete. When it did not change, ``original`` (the input's bytes, or
        its path) is written instead: a dataset's output is then the input's exact bytes."""

    def abort(self) -> None:
        pass


class Stdout(Destination):
    """Standard output: every byte, changed or not (the guard's refusal: the original)."""

    def write(self, data: bytes) -> None:
        from cleantext.output import write_data

        write_data(data)

    def whole(self, data: bytes, changed: bool) -> None:
        self.write(data)

    def refused(self, original: bytes) -> None:
        self.write(original)


class InPlace(Destination):
    """The input file itself, replaced atomically, and only when its text changed (and not when
    it changed on disk meanwhile: ``expect``). A symlink's target is replaced; the link stays."""

    def __init__(self, path: str, expect: writing.Read) -> None:
        self.path, self.expect = path, expect
        self.writer: writing.AtomicWriter | None = None
        self.folder: int | None = None

    def whole(self, data: bytes, changed: bool) -> None:
        if changed:
            writing.in_place(self.path, data, self.expect)

    def write(self, data: bytes) -> None:
        if self.writer is None:
            self.folder, name = writing.target_folder(self.path)
            self.writer = writing.AtomicWriter(self.folder, name, self.path, self.expect)
        self.writer.write(data)

    def finish(self, changed: bool, original: bytes | str | None = None) -> None:
        try:
            if self.writer is not None and changed:
                self.writer.commit()
            elif self.writer is not None:
                self.writer.discard()
        finally:
            self._close()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.discard()
        self._close()

    def _close(self) -> None:
        if self.folder is not None:
            os.close(self.folder)
            self.folder = None


class OutputFile(Destination):
    """A file under --output-dir, written whether or not the text changed; never through a
    symlink found in the output tree."""

    def __init__(self, root: str, rel: str) -> None:
        self.root, self.rel = root, rel
        self.writer: writing.AtomicWriter | None = None
        self.folder: int | None = None

    def whole(self, data: bytes, changed: bool) -> None:
        writing.write_output(self.root, self.rel, data)

    def write(self, data: bytes) -> None:
        if self.writer is None:
            self.writer = self._open()
        self.writer.write(data)

    def _open(self) -> writing.AtomicWriter:
        if self.folder is None:
            self.folder, self.name = writing.output_folder(self.root, self.rel)
        path = os.path.join(self.root, self.rel)
        writing.existing_output(self.folder, self.name, path)  # as for whole texts: never through a link
        return writing.AtomicWriter(self.folder, self.name, path, durable=False)

    def finish(self, changed: bool, original: bytes | str | None = None) -> None:
        try:
            if original is not None and not changed:  # the input's exact bytes, not a re-encoding of them
                self._discard()
                self.writer = self._open()
                self._copy(original)
            elif self.writer is None:
                self.writer = self._open()
            self.writer.commit()
        finally:
            self._close()

    def _copy(self, original: bytes | str) -> None:
        assert self.writer is not None
        if isinstance(original, bytes):
            self.writer.write(original)
            return
        with open(original, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                self.writer.write(block)

    def _discard(self) -> None:
        if self.writer is not None:
            self.writer.discard()
            self.writer = None

    def abort(self) -> None:
        self._discard()
        self._close()

    def _close(self) -> None:
        if self.folder is not None:
            os.close(self.folder)
            self.folder = None


def destination_for(source: Source, settings: Settings, expect: writing.Read | None) -> Destination:
    """Where ``source``'s cleaned bytes go under ``settings.mode``; ``expect`` is what the input
    was when read, checked again before it is replaced."""
    mode = settings.mode
    if mode is Mode.STDOUT or (mode is Mode.IN_PLACE and source.is_stdin):
        return Stdout()
    if mode is Mode.IN_PLACE and source.path is not None and expect is not None:
        return InPlace(source.path, expect)
    if mode is Mode.OUTPUT_DIR and settings.output_dir is not None:
        return OutputFile(settings.output_dir, source.rel)
    return Destination()
