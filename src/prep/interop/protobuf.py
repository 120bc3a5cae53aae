"""Just enough of the protobuf wire format to read Anki's small messages. Pure; no dependency.

A message is a sequence of (field number, wire type, value) records. Varints (wire type 0) come
back as ints, length-delimited values (wire type 2) as bytes, fixed 64/32-bit values (wire types
1 and 5) as ints; the caller knows which field holds what.
"""

from __future__ import annotations

from collections.abc import Iterator

VARINT, FIXED64, LENGTH_DELIMITED, FIXED32 = 0, 1, 2, 5


class WireError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint starting at `pos`, and the position after it."""
    result = shift = 0
    while True:
        if pos >= len(data):
            raise WireError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise WireError("varint longer than 10 bytes")


def records(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) for every record of the message, in order."""
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise WireError("field number 0")
        value: int | bytes
        if wire == VARINT:
            value, pos = read_varint(data, pos)
        elif wire == LENGTH_DELIMITED:
            size, pos = read_varint(data, pos)
            if pos + size > len(data):
                raise WireError(f"field {number} runs past the end of the message")
            value, pos = data[pos : pos + size], pos + size
        elif wire in (FIXED64, FIXED32):
            width = 8 if wire == FIXED64 else 4
            if pos + width > len(data):
                raise WireError(f"field {number} runs past the end of the message")
            value, pos = int.from_bytes(data[pos : pos + width], "little"), pos + width
        else:
            raise WireError(f"unsupported wire type {wire} in field {number}")
        yield number, value


def fields(data: bytes) -> dict[int, list[int | bytes]]:
    """Every value of every field (repeated fields keep their order)."""
    out: dict[int, list[int | bytes]] = {}
    for number, value in records(data):
        out.setdefault(number, []).append(value)
    return out


def first_int(message: dict[int, list[int | bytes]], number: int, default: int = 0) -> int:
    """The last value of a scalar varint field (protobuf's last-one-wins), or `default`."""
    values = [v for v in message.get(number, []) if isinstance(v, int)]
    return values[-1] if values else default


def first_text(message: dict[int, list[int | bytes]], number: int, default: str = "") -> str:
    """A string field decoded as UTF-8 (last one wins), or `default`."""
    values = [v for v in message.get(number, []) if isinstance(v, bytes)]
    if not values:
        return default
    try:
        return values[-1].decode("utf-8")
    except UnicodeDecodeError:
        raise WireError(f"field {number} is not valid UTF-8 text") from None


def messages(message: dict[int, list[int | bytes]], number: int) -> list[bytes]:
    """The embedded messages of a repeated message field."""
    return [v for v in message.get(number, []) if isinstance(v, bytes)]
