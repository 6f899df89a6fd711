"""Legacy ERP flat-file exports: delimited (any delimiter) or fixed-width records.

Configuration (a TOML section; ``layout = "agent-desk-demo"`` fills in the files and columns of
the demo generator's export)::

    [sources.erp]
    type = "erp-flatfile"
    path = "/srv/erp-export"        # the folder the ERP writes its export into
    encoding = "cp1252"             # utf-8, utf-8-sig, cp1252, latin-1 or auto
    delimiter = ";"                 # or format = "fixed" with [start, length] columns
    date_format = "dd.mm.yyyy"      # or yyyymmdd, yyyy-mm-dd, ...
    decimal = ","
    thousands = "."

    [sources.erp.files.customers]
    file = "customers.csv"
    entity = "customer"             # customer | invoice | payment | contract
    columns = { external_id = "CUST_NO", family_name = "LAST_NAME", ... }

Each file is a stream. Its bookmark is the file's SHA-256 and the last line delivered: an
unchanged export yields nothing, a half-read one resumes after its last page, a changed one is
read again from the top (the store's content hash turns unchanged rows into no-ops). A broken
line becomes a :class:`Rejection` naming the file, the line and the reason; the rest loads.
Rows become records through :mod:`connectors.erp_mapping`, shared with the SQL connector.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from connectors.base import (
    Bookmark,
    CheckResult,
    ConfigurationError,
    ConnectorContext,
    EventRecord,
    Page,
    PersonRecord,
    Rejection,
    check_first_pages,
)
from connectors.erp_mapping import ENTITIES, REQUIRED, BadRow, Cells, to_record
from connectors.parsing import fixed_width, parse_date, parse_decimal

DEMO_LAYOUT: dict[str, dict[str, Any]] = {
    "customers": {
        "file": "customers.csv",
        "entity": "customer",
        "columns": {
            "external_id": "CUST_NO",
            "given_name": "FIRST_NAME",
            "family_name": "LAST_NAME",
            "company": "COMPANY",
            "street": "STREET",
            "postcode": "POSTCODE",
            "city": "CITY",
            "country": "COUNTRY",
            "phone": "PHONE",
            "email": "EMAIL",
            "birth_date": "BIRTH_DATE",
            "updated": "CHANGED",
        },
    },
    "invoices": {
        "file": "invoices.csv",
        "entity": "invoice",
        "columns": {
            "external_id": "INVOICE_NO",
            "customer": "CUST_NO",
            "date": "INVOICE_DATE",
            "due": "DUE_DATE",
            "amount": "GROSS",
            "currency": "CURRENCY",
            "status": "STATUS",
        },
    },
    "payments": {
        "file": "payments.csv",
        "entity": "payment",
        "columns": {
            "external_id": "PAYMENT_NO",
            "customer": "CUST_NO",
            "reference": "INVOICE_NO",
            "date": "PAYMENT_DATE",
            "amount": "AMOUNT",
            "method": "METHOD",
        },
    },
    "contracts": {
        "file": "contracts.csv",
        "entity": "contract",
        "columns": {
            "external_id": "CONTRACT_NO",
            "customer": "CUST_NO",
            "sku": "SKU",
            "start": "START_DATE",
            "end": "END_DATE",
            "status": "STATUS",
        },
    },
}


class FlatFileConnector:
    type_name: ClassVar[str] = "erp-flatfile"

    def __init__(self, name: str, config: Mapping[str, Any], context: ConnectorContext) -> None:
        self.name = name
        self.context = context
        path = config.get("path")
        if not path:
            raise ConfigurationError(name, "'path' (the export folder) is not set")
        self.folder = Path(str(path)).expanduser()
        self.encoding = str(config.get("encoding", "utf-8"))
        self.delimiter = str(config.get("delimiter", ";"))
        self.fixed = config.get("format", "delimited") == "fixed"
        self.date_format = str(config.get("date_format", "dd.mm.yyyy"))
        self.decimal = str(config.get("decimal", ","))
        thousands = config.get("thousands", ".")
        self.thousands = str(thousands) if thousands else None
        self.currency = str(config.get("currency", "EUR"))
        self.page_size = int(config.get("page_size", 5000))
        self.cells = Cells(
            date=lambda text: parse_date(text, self.date_format),
            amount=lambda text: parse_decimal(text, self.decimal, self.thousands),
        )
        files = config.get("files")
        if files is None and config.get("layout") == "agent-desk-demo":
            files = DEMO_LAYOUT
        if not files:
            raise ConfigurationError(name, "no files configured ([sources.NAME.files.STREAM])")
        self.files: dict[str, dict[str, Any]] = {}
        for stream, spec in files.items():
            entity = spec.get("entity")
            if entity not in ENTITIES:
                raise ConfigurationError(
                    name, f"files.{stream}.entity must be one of {', '.join(ENTITIES)}"
                )
            columns = dict(spec.get("columns", {}))
            missing = [c for c in REQUIRED[entity] if c not in columns]
            if missing:
                raise ConfigurationError(name, f"files.{stream}.columns lacks {', '.join(missing)}")
            self.files[stream] = {
                "file": spec.get("file", f"{stream}.csv"),
                "entity": entity,
                "columns": columns,
            }

    def streams(self) -> list[str]:
        order = {entity: i for i, entity in enumerate(ENTITIES)}  # customers first
        return sorted(self.files, key=lambda s: order[self.files[s]["entity"]])

    # -- reading ------------------------------------------------------------------------------
    def _inspect(self, stream: str) -> tuple[Path, str, str]:
        """Hash the export in chunks and settle its encoding, without holding it in memory.

        A declared encoding is validated (a bad byte is reported with its offset); ``auto``
        picks UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else cp1252,
        else latin-1 (which decodes every byte).
        """
        path = self.folder / self.files[stream]["file"]
        candidates = (
            ["utf-8-sig", "cp1252", "latin-1"] if self.encoding == "auto" else [self.encoding]
        )
        try:
            decoders = {enc: codecs.getincrementaldecoder(enc)() for enc in candidates}
        except LookupError:
            raise ConfigurationError(self.name, f"unknown encoding {self.encoding!r}") from None
        failed: dict[str, int] = {}
        sha = hashlib.sha256()
        offset = 0
        try:
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    sha.update(chunk)
                    for enc, decoder in list(decoders.items()):
                        try:
                            decoder.decode(chunk)
                        except UnicodeDecodeError as exc:
                            failed[enc] = offset + exc.start
                            del decoders[enc]
                    offset += len(chunk)
        except FileNotFoundError:
            raise ConfigurationError(self.name, f"{path} does not exist") from None
        except OSError as exc:
            raise ConfigurationError(self.name, f"cannot read {path}: {exc.strerror}") from None
        for enc, decoder in list(decoders.items()):
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                failed[enc] = offset
                del decoders[enc]
        if not decoders:
            enc = candidates[0]
            raise ConfigurationError(
                self.name,
                f"{path.name}: not valid {enc} at byte {failed[enc]} "
                "(check the source's 'encoding' setting)",
            )
        return path, sha.hexdigest(), next(enc for enc in candidates if enc in decoders)

    def _rows(
        self, path: Path, encoding: str, stream: str
    ) -> Iterator[tuple[int, dict[str, str] | str]]:
        """(line number, row) pairs, streamed from the file; a row that cannot be cut is given
        as the reason instead."""
        with path.open(encoding=encoding, newline="") as handle:
            yield from self._cut(path, handle, stream)

    def _cut(
        self, path: Path, handle: Iterable[str], stream: str
    ) -> Iterator[tuple[int, dict[str, str] | str]]:
        columns: dict[str, Any] = self.files[stream]["columns"]
        if self.fixed:
            layout = {field: (int(v[0]), int(v[1])) for field, v in columns.items()}
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                try:
                    yield number, fixed_width(line, layout)
                except ValueError as exc:
                    yield number, str(exc)
            return
        reader = csv.reader(handle, delimiter=self.delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        header = [h.strip() for h in header]
        absent = [c for c in columns.values() if c not in header]
        if absent:
            raise ConfigurationError(
                self.name,
                f"{path.name} has no column {', '.join(absent)} "
                f"(header: {self.delimiter.join(header)})",
            )
        index = {field: header.index(col) for field, col in columns.items()}
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield number, f"expected {len(header)} columns, found {len(row)}"
                continue
            yield number, {field: row[i].strip() for field, i in index.items()}

    def pages(self, stream: str, bookmark: Bookmark | None) -> Iterator[Page]:
        path, digest, encoding = self._inspect(stream)
        done = 0
        if bookmark and bookmark.get("sha256") == digest:
            done = int(bookmark.get("line", 0))
            if bookmark.get("complete"):
                return  # the export has not changed since it was read in full
        entity = self.files[stream]["entity"]
        persons: list[PersonRecord] = []
        events: list[EventRecord] = []
        rejections: list[Rejection] = []
        last = done
        for number, row in self._rows(path, encoding, stream):
            if number <= done:
                continue
            if self.context.cancel.is_set():
                return
            last = number
            if isinstance(row, str):
                rejections.append(Rejection(f"{path.name} line {number}", row))
            else:
                try:
                    record = to_record(entity, row, self.cells, currency=self.currency)
                except BadRow as exc:
                    rejections.append(Rejection(f"{path.name} line {number}", str(exc)))
                else:
                    if isinstance(record, PersonRecord):
                        persons.append(record)
                    else:
                        events.append(record)
            if len(persons) + len(events) + len(rejections) >= self.page_size:
                yield Page(
                    stream,
                    {"sha256": digest, "line": last},
                    tuple(persons),
                    tuple(events),
                    rejections=tuple(rejections),
                )
                persons, events, rejections = [], [], []
        yield Page(
            stream,
            {"sha256": digest, "line": last, "complete": True},
            tuple(persons),
            tuple(events),
            rejections=tuple(rejections),
        )

    def check(self) -> CheckResult:
        return check_first_pages(self, str(self.folder), "lines")
