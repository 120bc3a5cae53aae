"""Markdown (the subset deck files use) to HTML for Anki fields. Pure; standard library only.

Blocks: paragraphs (single line breaks kept as <br>), ATX headings, fenced code, block quotes,
bullet and numbered lists (nested by indentation), GFM tables and thematic breaks. Inline:
code spans, **bold**, *italic*, links, images and <https://…> autolinks. Everything else is
text, HTML-escaped, so a `<` in a card can never turn into markup. Anki cloze markers
(`{{c1::…::…}}`) contain no Markdown syntax and pass through unchanged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
QUOTE = re.compile(r"^ {0,3}> ?(.*)$")
ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$")
TABLE_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+\"([^\"]*)\")?\s*\)")
LINK = re.compile(r"\[([^\]]+)\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+\"([^\"]*)\")?\s*\)")
# Emphasis needs a non-space just inside each marker and no letter or digit just outside, so
# `x*)`, `a_i` or `2 * 3 * 4` stay literal.
STRONG = re.compile(
    r"(?<![\w*])\*\*(?![\s*])(.+?)(?<![\s*])\*\*(?![\w*])"
    r"|(?<![\w_])__(?![\s_])(.+?)(?<![\s_])__(?![\w_])",
    re.DOTALL,
)
EMPHASIS = re.compile(
    r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])"
    r"|(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])",
    re.DOTALL,
)
SLOT = re.compile(r"\x00(\d+)\x00")

ImageSource = Callable[[str], str]


def markdown_to_html(text: str, image_source: ImageSource | None = None) -> str:
    """Convert Markdown to HTML. `image_source` maps each image's path to the `src` to write.

    A text that is one paragraph comes back without a <p> wrapper."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = _blocks(lines, image_source or (lambda src: src))
    if len(blocks) == 1 and blocks[0].startswith("<p>"):
        return blocks[0][3:-4]  # one paragraph needs no wrapper, as in a field typed in Anki
    return "\n".join(blocks)


def _blocks(lines: list[str], image: ImageSource) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if fence := FENCE.match(line):
            i = _fenced(lines, i, fence, out)
        elif heading := HEADING.match(line):
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2) or '', image)}</h{level}>")
            i += 1
        elif RULE.match(line):
            out.append("<hr>")
            i += 1
        elif QUOTE.match(line):
            quoted: list[str] = []
            while i < len(lines) and (match := QUOTE.match(lines[i])):
                quoted.append(match.group(1))
                i += 1
            out.append("<blockquote>" + "\n".join(_blocks(quoted, image)) + "</blockquote>")
        elif _item(line):
            i = _list(lines, i, out, image)
        elif _is_table(lines, i):
            i = _table(lines, i, out, image)
        else:
            para: list[str] = []
            while i < len(lines) and lines[i].strip() and not (para and _starts_block(lines, i)):
                para.append(lines[i].strip())
                i += 1
            out.append("<p>" + "<br>\n".join(_inline(p, image) for p in para) + "</p>")
    return out


def _item(line: str) -> re.Match[str] | None:
    """A list item with some text (an empty `-` line is left as text)."""
    match = ITEM.match(line)
    return match if match and match.group(4).strip() else None


def _starts_block(lines: list[str], i: int) -> bool:
    """True when line `i` interrupts a paragraph: a fence, heading, quote, rule, table, or a
    list item (a numbered one only from 1, so "2026. was a year" stays text)."""
    line = lines[i]
    item = _item(line)
    return bool(
        FENCE.match(line)
        or HEADING.match(line)
        or QUOTE.match(line)
        or RULE.match(line)
        or (item and item.group(2)[:-1] in ("", "1"))
        or _is_table(lines, i)
    )


def _fenced(lines: list[str], i: int, fence: re.Match[str], out: list[str]) -> int:
    indent, marker, language = len(fence.group(1)), fence.group(2), fence.group(3)
    body: list[str] = []
    i += 1
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped and set(stripped) == {marker[0]} and len(stripped) >= len(marker):
            i += 1
            break
        body.append(_dedent(lines[i], indent))
        i += 1
    klass = f' class="language-{html.escape(language)}"' if language else ""
    code = html.escape("\n".join(body), quote=False)
    out.append(f"<pre><code{klass}>{code}</code></pre>")
    return i


def _dedent(line: str, amount: int) -> str:
    strip = len(line) - len(line.lstrip(" "))
    return line[min(strip, amount) :]


def _list(lines: list[str], i: int, out: list[str], image: ImageSource) -> int:
    first = _item(lines[i])
    assert first is not None
    base = len(first.group(1))
    ordered = first.group(2)[-1] in ".)"
    items: list[list[str]] = []
    loose = False
    blank_before = False
    content_indent = base + 2
    while i < len(lines):
        line = lines[i]
        item = _item(line)
        if item and len(item.group(1)) == base and (item.group(2)[-1] in ".)") == ordered:
            loose = loose or (blank_before and bool(items))
            width = len(item.group(1)) + len(item.group(2)) + len(item.group(3) or " ")
            items.append([item.group(4)])
            content_indent = width
            blank_before = False
            i += 1
            continue
        if not line.strip():
            blank_before = True
            i += 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent > base and (indent >= content_indent or not blank_before):
            # A continuation (or nested list) of the current item.
            if blank_before:
                items[-1].append("")
            items[-1].append(_dedent(line, content_indent))
            blank_before = False
            i += 1
            continue
        if not blank_before and not _starts_block(lines, i):
            items[-1].append(line.strip())  # a lazy continuation line
            i += 1
            continue
        break
    tag = "ol" if ordered else "ul"
    start = ""
    if ordered:
        number = int(first.group(2)[:-1])
        start = f' start="{number}"' if number != 1 else ""
    rendered = []
    for body in items:
        inner = _blocks(body, image)
        if not loose:
            inner = [b[3:-4] if b.startswith("<p>") and b.endswith("</p>") else b for b in inner]
        rendered.append("<li>" + "\n".join(inner) + "</li>")
    out.append(f"<{tag}{start}>" + "".join(rendered) + f"</{tag}>")
    return i


def _is_table(lines: list[str], i: int) -> bool:
    return (
        "|" in lines[i]
        and i + 1 < len(lines)
        and "-" in lines[i + 1]
        and TABLE_DELIMITER.match(lines[i + 1]) is not None
        and len(_cells(lines[i])) == len(_cells(lines[i + 1]))
    )


def _cells(line: str) -> list[str]:
    row = line.strip()
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]


def _table(lines: list[str], i: int, out: list[str], image: ImageSource) -> int:
    header = _cells(lines[i])
    aligns = []
    for cell in _cells(lines[i + 1]):
        left, right = cell.startswith(":"), cell.endswith(":")
        aligns.append("center" if left and right else "right" if right else "left" if left else "")
    i += 2

    def row(cells: list[str], tag: str) -> str:
        cells = (cells + [""] * len(aligns))[: len(aligns)]
        parts = []
        for cell, align in zip(cells, aligns, strict=True):
            style = f' style="text-align: {align}"' if align else ""
            parts.append(f"<{tag}{style}>{_inline(cell, image)}</{tag}>")
        return "<tr>" + "".join(parts) + "</tr>"

    body = []
    while i < len(lines) and lines[i].strip() and "|" in lines[i]:
        body.append(row(_cells(lines[i]), "td"))
        i += 1
    table = "<table><thead>" + row(header, "th") + "</thead>"
    if body:
        table += "<tbody>" + "".join(body) + "</tbody>"
    out.append(table + "</table>")
    return i


def _inline(text: str, image: ImageSource) -> str:
    """Inline Markdown to HTML. Code spans and escapes are set aside first, so nothing in them
    is read as markup."""
    slots: list[str] = []

    def keep(fragment: str) -> str:
        slots.append(fragment)
        return f"\x00{len(slots) - 1}\x00"

    text = text.replace("\x00", "")
    text = CODE_SPAN.sub(
        lambda m: keep(f"<code>{html.escape(_code_text(m.group(2)), quote=False)}</code>"), text
    )
    text = ESCAPE.sub(lambda m: keep(html.escape(m.group(1), quote=False)), text)
    text = AUTOLINK.sub(lambda m: keep(_anchor(m.group(1), html.escape(m.group(1)))), text)
    text = IMAGE.sub(lambda m: keep(_image(m, image)), text)
    text = html.escape(text, quote=False)
    text = LINK.sub(lambda m: keep(_anchor(html.unescape(_target(m.group(2))), m.group(1))), text)
    text = STRONG.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", text)
    text = EMPHASIS.sub(lambda m: f"<i>{m.group(1) or m.group(2)}</i>", text)
    while SLOT.search(text):
        text = SLOT.sub(lambda m: slots[int(m.group(1))], text)
    return text


def _code_text(code: str) -> str:
    code = code.replace("\n", " ")
    if code.startswith(" ") and code.endswith(" ") and code.strip():
        return code[1:-1]
    return code


def _target(raw: str) -> str:
    return raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw


def _anchor(url: str, label: str) -> str:
    return f'<a href="{html.escape(url)}">{label}</a>'


def _image(m: re.Match[str], image: ImageSource) -> str:
    src = image(_target(m.group(2)))
    alt = html.escape(m.group(1))
    title = f' title="{html.escape(m.group(3))}"' if m.group(3) else ""
    return f'<img src="{html.escape(src)}" alt="{alt}"{title}>'
