"""Reading inputs and turning bytes into text and back: whole small inputs, large ones in blocks.

Decoding errors name the file and the byte offset; nothing here writes to disk but the
temporary copy of a long stdin.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cleantext import writing
from cleantext.detect import detect, errors_for
from cleantext.discovery import Source
from cleantext.errors import InputError

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates (from surrogateescape, or a plugin) as U+FFFD: valid UTF-8."""
    return _SURROGATE_RE.sub("\ufffd", text)


def decode(data: bytes, name: str, encoding: str = "utf-8") -> tuple[str, bool, str]:
    """(text, had_bom, encoding used) or InputError naming ``name``."""
    wide = next((codec for bom, codec in _WIDE_BOMS if data.startswith(bom)), None) if data[:1] in b"\xff\xfe\x00" else None
    if wide is not None:
        if encoding != "auto" and not encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32")):
            raise InputError(f"{name}: {wide.upper()} text (it starts with a byte order mark); use --encoding {wide} or auto")
        try:
            return data.decode(wide), False, wide
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {wide} (at offset {exc.start})") from None
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{name}: binary file (NUL byte at offset {nul}); skipped")
    bom = data.startswith(codecs.BOM_UTF8)
    if encoding == "auto":
        encoding = detect(data)
    try:
        if _is_utf8(encoding):
            return data[3:].decode("utf-8") if bom else data.decode("utf-8"), bom, "utf-8"
        return data.decode(encoding, errors_for(encoding)), False, encoding
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if bom else 0)
        raise InputError(
            f"{name}: not valid {encoding} (byte 0x{data[offset]:02x} at offset {offset}); "
            "use --encoding NAME or --encoding auto"
        ) from None
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None


# UTF-32 LE first: its byte order mark starts with UTF-16 LE's.
_WIDE_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def _is_utf8(encoding: str) -> bool:
    """UTF-8 under any of its spellings (utf8, UTF-8, utf_8, utf-8-sig): the BOM is ours to keep."""
    return encoding.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig")


STREAM_THRESHOLD = 32 * 2**20  # inputs larger than this are cleaned in pieces, in bounded memory
BLOCK = 2 * 2**20


@dataclass
class Opened:
    """An input ready to decode: whole bytes (small) or a file to read in blocks (large)."""

    name: str
    size: int
    mtime_ns: int | None
    data: bytes | None = None
    path: str | None = None
    spool: bool = False  # path is our temporary copy of stdin
    newline: str = "\n"  # large inputs: CRLF when every line break is CRLF (as for small ones)
    regular: bool = True  # False: a pipe named on the command line (``<(cmd)``, /dev/stdin)
    fd: int | None = None  # a file's descriptor, open until close(): large inputs are read again through it
    identity: tuple[int, int] | None = None  # the file's (device, inode)

    def reopen(self) -> BinaryIO:
        """The input from its start, as a file object (through the descriptor it was opened with)."""
        if self.fd is None:
            return open(self.path or "", "rb")
        fh = os.fdopen(os.dup(self.fd), "rb")
        fh.seek(0)
        return fh

    def read_stamp(self) -> writing.Read | None:
        """What the file was when read, for the check before it is replaced (None: not a file)."""
        if self.identity is None:
            return None
        return writing.Read(self.size, self.mtime_ns, *self.identity, self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.spool and self.path:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def open_input(source: Source, stdin=None, progress=None) -> Opened:
    """Open one input; a large one (or a long stdin, spooled to a temporary file) is left on
    disk. ``progress`` hears the bytes of a long pipe read so far (its size is not known yet)."""
    name = source.display
    if source.is_stdin or source.path is None:
        return _open_stdin(name, stdin or _stdin_bytes(), progress)
    try:
        fd = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISFIFO(st.st_mode) and source.explicit:  # cleantext <(cmd), /dev/stdin in a pipe
            first = _first_read(fd)
            if not first:  # no writer: a named FIFO nobody feeds would hang the run
                raise InputError(f"{name}: a pipe with nothing to read (no writer); skipped")
            os.set_blocking(fd, True)
            with os.fdopen(os.dup(fd), "rb") as pipe:
                opened = _open_stdin(name, _Prefixed(first, pipe), progress)
            os.close(fd)
            opened.regular = False
            return opened
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{name}: not a regular file; skipped")
        os.set_blocking(fd, True)
        identity = (st.st_dev, st.st_ino)
        if st.st_size > STREAM_THRESHOLD:
            newline = _scan_newlines(fd)
            return Opened(name, st.st_size, st.st_mtime_ns, path=str(source.path), newline=newline, fd=fd, identity=identity)
        data = _read_all(fd, st.st_size)
        return Opened(name, st.st_size, st.st_mtime_ns, data=data, fd=fd, identity=identity)
    except OSError as exc:
        os.close(fd)
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    except BaseException:
        os.close(fd)
        raise


def _first_read(fd: int) -> bytes:
    """The first bytes of a non-blocking pipe, waiting for its writer to write; b"" at once
    when it has no writer."""
    import select

    while True:
        try:
            return os.read(fd, BLOCK)
        except BlockingIOError:
            select.select([fd], [], [])


class _Prefixed:
    """A binary stream that gives ``head`` before the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream = head, stream

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(size)
        take = self.head if size < 0 else self.head[:size]
        self.head = self.head[len(take) :]
        if size < 0 or len(take) < size:
            take += self.stream.read(-1 if size < 0 else size - len(take))
        return take


def _read_all(fd: int, size: int) -> bytes:
    """Everything ``fd`` holds (a file that grew since its stat too): raw reads, no buffered
    file object to build per file."""
    parts = [os.read(fd, size + 1)]
    while parts[-1]:
        parts.append(os.read(fd, max(size, 1 << 16)))
    return b"".join(parts)


def _open_stdin(name: str, stream, progress=None) -> Opened:
    head = stream.read(STREAM_THRESHOLD + 1)
    if len(head) <= STREAM_THRESHOLD:
        return Opened(name, len(head), None, data=head)
    import tempfile

    fd, path = tempfile.mkstemp(prefix="cleantext-stdin-")
    newlines, size = _NewlineCount(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            block = head
            while block:
                out.write(block)
                size += len(block)
                newlines.feed(block)
                if progress is not None:
                    progress(size, None)
                block = stream.read(BLOCK)
    except BaseException:
        os.unlink(path)
        raise
    return Opened(name, size, None, path=path, spool=True, newline=newlines.style)


def _scan_newlines(fd: int) -> str:
    newlines = _NewlineCount()
    for block in iter(lambda: os.read(fd, BLOCK), b""):
        newlines.feed(block)
    os.lseek(fd, 0, os.SEEK_SET)
    return newlines.style


class _NewlineCount:
    """Counts LF and CRLF over blocks (a CRLF may straddle two), as newline_style does on text."""

    def __init__(self) -> None:
        self.lf = self.crlf = 0
        self.prev = b""

    def feed(self, block: bytes) -> None:
        self.lf += block.count(b"\n")
        self.crlf += block.count(b"\r\n") + (self.prev == b"\r" and block[:1] == b"\n")
        self.prev = block[-1:]

    @property
    def style(self) -> str:
        return "\r\n" if self.crlf and self.crlf == self.lf else "\n"


class BlockDecoder:
    """Decodes a large input block by block; errors name the file and the byte offset."""

    def __init__(self, opened: Opened, encoding: str) -> None:
        assert opened.path is not None, "a streamed input is a file"
        self.opened, self.path, self.bom = opened, opened.path, False
        self.consumed = 0  # bytes of the input decoded so far
        with opened.reopen() as fh:
            sample = fh.read(BLOCK)
        self.encoding = detect(sample) if encoding == "auto" else encoding
        if _is_utf8(self.encoding):
            self.encoding = "utf-8"
        try:
            self._decoder = codecs.getincrementaldecoder(self.encoding)(errors_for(self.encoding))
        except LookupError:
            raise InputError(f"{opened.name}: unknown encoding {encoding!r}") from None

    def blocks(self) -> Iterator[str]:
        offset = 0
        with self.opened.reopen() as fh:
            while True:
                data = fh.read(BLOCK)
                final = not data
                nul = data.find(b"\0")
                if nul >= 0:
                    raise InputError(f"{self.opened.name}: binary file (NUL byte at offset {offset + nul}); skipped")
                if offset == 0 and self.encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
                    self.bom, data, offset = True, data[3:], 3
                try:
                    text = self._decoder.decode(data, final=final)
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"{self.opened.name}: not valid {self.encoding} (at offset {offset + exc.start}); "
                        "use --encoding NAME or --encoding auto"
                    ) from None
                offset += len(data)
                self.consumed = offset
                if text:
                    yield text
                if final:
                    return


def _stdin_bytes():
    import sys

    return sys.stdin.buffer




def encode(text: str, bom: bool) -> bytes:
    """UTF-8 bytes; a lone surrogate (only a plugin can make one) becomes U+FFFD."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = without_surrogates(text).encode("utf-8")
    return (codecs.BOM_UTF8 if bom else b"") + data
