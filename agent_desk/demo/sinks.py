"""Output files of one demo generation run, written as ``*.part`` and renamed when complete.

:class:`Files` opens every output under its final relative path plus ``.part`` (binary, large
buffer). Writers append records to in-memory batches — :class:`RowSink` for delimited text,
:class:`JsonlSink` for JSON lines — which are encoded and written in one go on ``flush()``.
Delimited rows are joined directly and fall back to :mod:`csv` quoting only for a row that
needs it. Nothing here knows what the records mean.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

BUFFER = 1 << 20
PART = ".part"


class RowSink:
    """Delimited text (CSV): ``row(values)`` appends one record."""

    __slots__ = ("_cols", "buf", "delimiter", "encoding", "handle", "n", "newline")

    def __init__(
        self, handle: IO[bytes], header: Sequence[str], delimiter: str, newline: str, encoding: str
    ) -> None:
        self.handle = handle
        self.delimiter = delimiter
        self.newline = newline
        self.encoding = encoding
        self._cols = len(header) - 1
        self.buf: list[str] = []
        self.n = -1
        self.row(header)

    def row(self, values: Sequence[str]) -> None:
        line = self.delimiter.join(values)
        if '"' in line or line.count(self.delimiter) != self._cols or "\n" in line:
            out = io.StringIO()
            csv.writer(out, delimiter=self.delimiter, lineterminator="").writerow(values)
            line = out.getvalue()
        self.buf.append(line)
        self.n += 1

    def raw(self, line: str) -> None:
        """Append a line the caller knows needs no quoting."""
        self.buf.append(line)
        self.n += 1

    def flush(self) -> None:
        if self.buf:
            self.buf.append("")
            text = self.newline.join(self.buf)
            self.buf.clear()
            if self.encoding == "cp1252":
                try:  # identical bytes for the text we write (no C1 controls), and much faster
                    data = text.encode("latin-1")
                except UnicodeEncodeError:
                    data = text.encode("cp1252")
            else:
                data = text.encode(self.encoding)
            self.handle.write(data)


class JsonlSink:
    """JSON lines: ``add_raw(line)`` appends one already-encoded object."""

    __slots__ = ("buf", "handle", "n")

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.buf: list[bytes] = []
        self.n = 0

    def add_raw(self, line: str) -> None:
        # Encoding line by line keeps the mostly-ASCII lines on the fast path.
        self.buf.append(line.encode("utf-8"))
        self.n += 1

    def flush(self) -> None:
        if self.buf:
            self.buf.append(b"")
            self.handle.write(b"\n".join(self.buf))
            self.buf.clear()


class Files:
    """The set of ``.part`` files of one run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._handles: dict[str, IO[bytes]] = {}
        self._sinks: dict[str, RowSink | JsonlSink] = {}

    def _open(self, rel: str) -> IO[bytes]:
        path = self.root / (rel + PART)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "wb", buffering=BUFFER)  # noqa: SIM115 - closed in close()/discard()
        self._handles[rel] = handle
        return handle

    def csv(
        self,
        rel: str,
        header: Sequence[str],
        *,
        encoding: str = "utf-8",
        delimiter: str = ",",
        newline: str = "\n",
    ) -> RowSink:
        sink = RowSink(self._open(rel), header, delimiter, newline, encoding)
        self._sinks[rel] = sink
        return sink

    def jsonl(self, rel: str) -> JsonlSink:
        sink = JsonlSink(self._open(rel))
        self._sinks[rel] = sink
        return sink

    def flush(self) -> None:
        for sink in self._sinks.values():
            sink.flush()

    def counts(self) -> dict[str, int]:
        return {rel: self._sinks[rel].n for rel in sorted(self._sinks)}

    def close(self) -> None:
        self.flush()
        for handle in self._handles.values():
            handle.close()

    def discard(self) -> None:
        """Close and delete every ``.part`` file (cancel or failure)."""
        for handle in self._handles.values():
            with contextlib.suppress(OSError):
                handle.close()
        for rel in self._handles:
            with contextlib.suppress(OSError):
                os.remove(self.root / (rel + PART))

    def finish(self) -> dict[str, int]:
        """Rename every ``.part`` to its final name; return bytes per relative path."""
        sizes: dict[str, int] = {}
        for rel in sorted(self._handles):
            final = self.root / rel
            os.replace(self.root / (rel + PART), final)
            sizes[rel] = final.stat().st_size
        return sizes
