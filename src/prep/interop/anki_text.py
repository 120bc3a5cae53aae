"""Read Anki's "Notes in Plain Text" files (.txt, .csv, .tsv) into a SourceCollection.

The file may start with header lines `#key:value`: `#separator:` (Comma, Semicolon, Tab,
Space, Pipe, Colon or the character itself), `#html:true|false`, `#deck:`, `#notetype:`,
`#tags:` (added to every note), `#columns:` (column names), and `#tags column:N`,
`#deck column:N`, `#notetype column:N`, `#guid column:N` (1-based). Fields are CSV: a field
holding the separator, a quote or a line break is quoted, with quotes doubled. Later lines
starting with `#` are comments, as in Anki. Without a `#separator:` header the separator is
guessed from the first line (tab, pipe, semicolon, then comma).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from prep.interop.anki_collection import NoteKind, SourceCollection, SourceNote, Template
from prep.interop.anki_package import AnkiFileError

SEPARATORS = {
    "comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":",
}  # fmt: skip
GUESS_ORDER = ("\t", "|", ";", ",")
COLUMN_KEYS = {"tags column": "tags", "deck column": "deck", "notetype column": "notetype",
               "guid column": "guid"}  # fmt: skip
KNOWN_KEYS = {"separator", "html", "deck", "notetype", "tags", "columns", "if matches",
              "match scope", *COLUMN_KEYS}  # fmt: skip
_ANSWER = "{{FrontSide}}<hr id=answer>"
STOCK: dict[str, tuple[tuple[str, ...], tuple[Template, ...], bool]] = {
    "basic": (("Front", "Back"), (Template("Card 1", "{{Front}}", _ANSWER + "{{Back}}"),), False),
    "basic (and reversed card)": (
        ("Front", "Back"),
        (
            Template("Card 1", "{{Front}}", _ANSWER + "{{Back}}"),
            Template("Card 2", "{{Back}}", _ANSWER + "{{Front}}"),
        ),
        False,
    ),
    "basic (optional reversed card)": (
        ("Front", "Back", "Add Reverse"),
        (
            Template("Card 1", "{{Front}}", _ANSWER + "{{Back}}"),
            Template("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", _ANSWER + "{{Front}}"),
        ),
        False,
    ),
    "basic (type in the answer)": (
        ("Front", "Back"),
        (Template("Card 1", "{{Front}}\n\n{{type:Back}}", _ANSWER + "{{Back}}"),),
        False,
    ),
    "cloze": (
        ("Text", "Back Extra"),
        (Template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"),),
        True,
    ),
}


@dataclass
class _Header:
    separator: str | None = None
    html: bool = False
    deck: str | None = None
    notetype: str = "Basic"
    tags: tuple[str, ...] = ()
    columns: list[str] = field(default_factory=list)
    special: dict[str, int] = field(default_factory=dict)  # role -> 0-based column


def read_text_notes(path: Path) -> SourceCollection:
    """The notes of a text file; every problem is one line naming the file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AnkiFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnkiFileError(f"{path} is a directory; give a .txt or .csv file") from None
    except OSError as exc:
        raise AnkiFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AnkiFileError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None
    lines = text.splitlines(keepends=True)
    header, body_start = _header(lines, path)
    body = lines[body_start:]
    if header.separator is None:
        first = next((line for line in body if line.strip() and not line.startswith("#")), "")
        header.separator = next((s for s in GUESS_ORDER if s in first), "\t")
    if header.columns and len(header.columns) == 1 and header.separator != "\t":
        header.columns = header.columns[0].split(header.separator)
    _columns_roles(header)
    return _records(body, body_start, header, path)


def _header(lines: list[str], path: Path) -> tuple[_Header, int]:
    header = _Header()
    index = 0
    raw_columns = ""
    while index < len(lines) and lines[index].startswith("#") and ":" in lines[index]:
        line_no = index + 1
        key, value = lines[index][1:].rstrip("\r\n").split(":", 1)
        key = key.strip().lower()
        if key not in KNOWN_KEYS:
            break  # an ordinary comment line
        if key == "separator":
            header.separator = _separator(value, path, line_no)
        elif key == "html":
            if value.strip().lower() not in ("true", "false"):
                raise AnkiFileError(f"{path}:{line_no}: #html must be true or false")
            header.html = value.strip().lower() == "true"
        elif key == "deck":
            header.deck = value.strip() or None
        elif key == "notetype":
            header.notetype = value.strip() or "Basic"
        elif key == "tags":
            header.tags = tuple(value.split())
        elif key == "columns":
            raw_columns = value.rstrip("\r\n")
        elif key in COLUMN_KEYS:
            header.special[COLUMN_KEYS[key]] = _column_number(value, key, path, line_no) - 1
        index += 1
    if raw_columns:
        header.columns = raw_columns.split(header.separator or "\t")
    return header, index


def _separator(value: str, path: Path, line: int) -> str:
    name = value.rstrip("\r\n")
    if name.strip().lower() in SEPARATORS:
        return SEPARATORS[name.strip().lower()]
    if len(name) == 1 and name not in '"\r\n':
        return name
    raise AnkiFileError(
        f"{path}:{line}: unknown #separator {name!r}; use Comma, Semicolon, Tab, Space, Pipe, "
        "Colon or a single character"
    )


def _column_number(value: str, key: str, path: Path, line: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = 0
    if number < 1:
        raise AnkiFileError(f"{path}:{line}: #{key} must be a column number from 1, not {value!r}")
    return number


def _columns_roles(header: _Header) -> None:
    """`#columns:` names Tags, Deck, Notetype or GUID mark those columns, unless set already."""
    roles = {"tags": "tags", "deck": "deck", "notetype": "notetype", "note type": "notetype",
             "guid": "guid"}  # fmt: skip
    for index, name in enumerate(header.columns):
        role = roles.get(name.strip().lower())
        if role is not None and role not in header.special:
            header.special[role] = index


def _records(body: list[str], offset: int, header: _Header, path: Path) -> SourceCollection:
    assert header.separator is not None
    col = SourceCollection(str(path), html=header.html)
    kinds: dict[str, NoteKind] = {}
    stream = io.StringIO("".join(body), newline="")
    reader = csv.reader(stream, delimiter=header.separator, quotechar='"', strict=True)
    roles = header.special
    field_names = [n for i, n in enumerate(header.columns) if i not in roles.values()]
    row_start = offset + 1
    try:
        for row in reader:
            line_no = row_start
            row_start = offset + reader.line_num + 1
            if not row or all(not cell.strip() for cell in row):
                continue
            if row[0].startswith("#"):
                continue  # a comment line, as Anki reads them
            for role, column in roles.items():
                if column >= len(row):
                    raise AnkiFileError(
                        f"{path}:{line_no}: the {role} column ({column + 1}) is missing: the "
                        f"line has {len(row)} columns"
                    )
            values = [cell for i, cell in enumerate(row) if i not in roles.values()]
            notetype = _cell(row, roles.get("notetype")) or header.notetype
            kind = kinds.get(notetype.casefold())
            if kind is None:
                kind = _kind(notetype, len(kinds) + 1, len(values), field_names)
                kinds[notetype.casefold()] = kind
            fields = _place(values, kind, field_names)
            if len(fields) > len(kind.fields):
                kind = _widen(kind, len(fields))
                kinds[notetype.casefold()] = kind
            guid = _cell(row, roles.get("guid")) or _content_guid(notetype, fields)
            tags = header.tags + tuple((_cell(row, roles.get("tags")) or "").split())
            note = SourceNote(len(col.notes) + 1, guid, kind.id, tuple(fields), tags)
            col.notes.append(note)
            deck = _cell(row, roles.get("deck")) or header.deck or path.stem
            col.note_decks[note.id] = deck
    except csv.Error as exc:
        raise AnkiFileError(
            f"{path}:{offset + reader.line_num}: {exc}; check the quoting of that line"
        ) from None
    col.kinds = {kind.id: kind for kind in kinds.values()}
    col.decks = {}
    return col


def _cell(row: list[str], column: int | None) -> str:
    return row[column].strip() if column is not None and column < len(row) else ""


def _kind(name: str, kind_id: int, width: int, field_names: list[str]) -> NoteKind:
    stock = STOCK.get(name.strip().casefold())
    if stock is not None:
        fields, stock_templates, stock_cloze = stock
        return NoteKind(kind_id, name, stock_cloze, fields, stock_templates)
    count = max(width, len(field_names), 1)
    names = tuple(
        field_names[i] if i < len(field_names) and field_names[i].strip() else f"Field {i + 1}"
        for i in range(count)
    )
    cloze = "cloze" in name.casefold()
    first = f"{{{{cloze:{names[0]}}}}}" if cloze else f"{{{{{names[0]}}}}}"
    templates: list[Template] = [Template("Card 1", first, "{{FrontSide}}")]
    if "reversed" in name.casefold() and len(names) > 1 and not cloze:
        templates.append(Template("Card 2", f"{{{{{names[1]}}}}}", "{{FrontSide}}"))
    return NoteKind(kind_id, name, cloze, names, tuple(templates))


def _widen(kind: NoteKind, count: int) -> NoteKind:
    """More columns than the note type has fields: keep them as extra fields for the back."""
    extra = tuple(f"Column {i + 1}" for i in range(len(kind.fields), count))
    return NoteKind(kind.id, kind.name, kind.cloze, kind.fields + extra, kind.templates)


def _place(values: list[str], kind: NoteKind, names: list[str]) -> list[str]:
    """Values in the note type's field order: by `#columns:` names when they all match."""
    wanted = [n.strip().casefold() for n in names]
    own = [f.casefold() for f in kind.fields]
    if wanted and len(wanted) == len(values) and all(n in own for n in wanted):
        fields = [""] * len(kind.fields)
        for name, value in zip(wanted, values, strict=True):
            fields[own.index(name)] = value
        return fields
    return values + [""] * (len(kind.fields) - len(values))


def _content_guid(notetype: str, fields: list[str]) -> str:
    """Without a guid column, notes are matched by note type and first field, like Anki does."""
    first = fields[0].strip() if fields else ""
    digest = hashlib.sha256(f"{notetype.casefold()}\x1f{first}".encode()).hexdigest()[:20]
    return f"text:{digest}"
