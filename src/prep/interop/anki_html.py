"""Anki field HTML to the Markdown of prep's deck files. Pure; standard library only.

Line breaks (`<br>`, `<div>`) become newlines and paragraphs blank lines; b/strong, i/em, code,
pre, lists, headings, block quotes, links and simple tables get their Markdown form, sup/sub
become `^x`/`_x`; images
become `![alt](path)` through a caller-given function that maps Anki's media names; any other
tag is dropped and its text kept (script and style with their content). Entities are decoded.
Text is escaped only where Markdown would otherwise read it as markup. MathJax (`\\(…\\)`,
`\\[…\\]`) becomes `$…$` / `$$…$$`, Anki's `[sound:x]` a link to the kept file, and cloze
markers (`{{c1::…::…}}`) pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Maps the `src` of an image (or a sound's file name) to the link to write, or None to drop it.
MediaLink = Callable[[str], str | None]

BLOCKS = {"div", "p", "section", "article", "header", "footer", "center", "dl", "dt", "dd"}
PARAGRAPHS = {"p"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
DROPPED = {"script", "style", "head", "title", "template", "noscript"}
VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "source", "col", "area", "embed"}
STRONG = {"b", "strong"}
EMPHASIS = {"i", "em", "cite", "var", "dfn"}
CODE = {"code", "kbd", "tt", "samp"}
SCRIPTS = {"sup": "^", "sub": "_"}

MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\[\$\$\]|\[/\$\$\]|\[\$\]|\[/\$\]|\[latex\]|\[/latex\]")
MATH_OUT = {
    "\\(": "$", "\\)": "$", "\\[": "$$", "\\]": "$$", "[$]": "$", "[/$]": "$",
    "[$$]": "$$", "[/$$]": "$$", "[latex]": "[latex]", "[/latex]": "[/latex]",
}  # fmt: skip
MATH_OPENERS = {"\\(", "\\[", "[$]", "[$$]", "[latex]"}
SOUND = re.compile(r"\[sound:([^\]]+)\]")
CLOZE_PART = re.compile(r"\{\{c\d+::|::|\}\}")
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ENTITY = re.compile(r"&#?\w+;")
RULE_LIKE = re.compile(r"^[ \t]*([-=*_])(?:[ \t]*\1)*[ \t]*$")


def html_to_markdown(html: str, media: MediaLink | None = None) -> tuple[str, list[str]]:
    """The Markdown of one field, and notes about what could not be kept (e.g. a data: image)."""
    converter = _Converter(media or (lambda src: src))
    converter.feed(html)
    converter.close()
    return converter.result(), converter.dropped


def plain_to_markdown(text: str) -> str:
    """Plain text (a text file with #html:false): newlines kept, Markdown characters escaped."""
    lines = [
        _escape_line_start(_escape(SPACES.sub(" ", line).strip())) for line in text.split("\n")
    ]
    return _tidy("\n".join(lines))


@dataclass
class _Frame:
    tag: str
    parts: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    items: int = 0  # ordered lists: items seen so far
    cells: list[str] = field(default_factory=list)  # table rows: finished cells
    header: bool = False  # table rows: has a <th>

    def text(self) -> str:
        return "".join(self.parts)


class _Converter(HTMLParser):
    def __init__(self, media: MediaLink) -> None:
        super().__init__(convert_charrefs=True)
        self.media = media
        self.stack = [_Frame("#root")]
        self.dropped: list[str] = []
        self.skip_depth = 0  # inside script/style
        self.pre_depth = 0
        self.code_depth = 0
        self.in_math = False
        self.rows: list[tuple[list[str], bool]] = []  # table rows of the open table

    # --- output helpers --------------------------------------------------------------------

    @property
    def top(self) -> _Frame:
        return self.stack[-1]

    def emit(self, text: str) -> None:
        self.top.parts.append(text)

    def tail(self) -> str:
        """The last characters written in the current frame (or its parents when it is empty)."""
        for frame in reversed(self.stack):
            text = frame.text()
            if text:
                return text[-2:]
        return ""

    def at_line_start(self) -> bool:
        tail = self.tail()
        return tail == "" or tail.endswith("\n")

    def newline(self, count: int = 1) -> None:
        """End the current line; `count` 2 leaves a blank line. Never at the very start."""
        text = self.top.text()
        if not text.strip():
            if text:
                self.top.parts = [text.rstrip(" ")]
            return
        stripped = text.rstrip(" ")
        have = len(stripped) - len(stripped.rstrip("\n"))
        self.top.parts = [stripped + "\n" * max(0, count - have)]

    # --- parser callbacks ------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in DROPPED:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "br":
            if self.pre_depth:
                self.emit("\n")
            else:
                self.hard_break()
        elif tag == "img":
            self.image(values)
        elif tag == "hr":
            self.newline(2)
            self.emit("---")
            self.newline(2)
        elif tag in BLOCKS:
            self.block_break(tag)
        elif tag in VOID:
            return
        elif tag == "pre":
            self.newline(1)
            self.pre_depth += 1
            self.stack.append(_Frame(tag, attrs=values))
        elif tag in ("ul", "ol", "blockquote", "table") or tag in HEADINGS:
            self.newline(2 if tag in HEADINGS or tag == "blockquote" else 1)
            self.stack.append(_Frame(tag, attrs=values))
            if tag == "table":
                self.rows = []
        elif tag == "li":
            self.newline(1)
            self.stack.append(_Frame(tag, attrs=values))
        elif tag in ("tr", "td", "th"):
            self.stack.append(_Frame(tag))
        elif tag in STRONG or tag in EMPHASIS or tag in SCRIPTS or tag == "a":
            self.stack.append(_Frame(tag, attrs=values))
        elif tag in CODE:
            if tag == "code" and self.pre_depth:
                pre = next(f for f in reversed(self.stack) if f.tag == "pre")
                language = re.search(r"(?:language|lang)-([\w+#.-]+)", values.get("class", ""))
                if language and "language" not in pre.attrs:
                    pre.attrs["language"] = language.group(1)
                return
            self.code_depth += 1
            self.stack.append(_Frame(tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag in BLOCKS:
            self.block_break(tag)
            return
        if not any(f.tag == tag for f in self.stack[1:]):
            return  # a stray end tag
        while self.top.tag != tag:
            self.close_frame()
        self.close_frame()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            self.emit(data.replace("\u00a0", " "))
            return
        if self.code_depth:
            self.emit(SPACES.sub(" ", data))
            return
        self.text(data)

    def close(self) -> None:
        super().close()
        while len(self.stack) > 1:
            self.close_frame()

    # --- elements --------------------------------------------------------------------------

    def block_break(self, tag: str) -> None:
        if not self.pre_depth:
            self.newline(2 if tag in PARAGRAPHS else 1)
        elif self.top.text() and not self.top.text().endswith("\n"):
            self.emit("\n")  # code typed in Anki's editor: one <div> per line

    def hard_break(self) -> None:
        self.top.parts = [self.top.text().rstrip(" ")]
        self.emit("\n")

    def text(self, data: str) -> None:
        data = SPACES.sub(" ", data)
        if self.at_line_start():
            data = data.lstrip(" ")
        if not data:
            return
        if self.tail().endswith(" ") and data.startswith(" "):
            data = data[1:]
        out: list[str] = []
        pos = 0
        for m in MATH.finditer(data):
            out.append(self.plain(data[pos : m.start()], line_start=not out and pos == 0))
            token = m.group(0)
            if token in MATH_OPENERS:
                self.in_math = True
            else:
                self.in_math = False
            out.append(MATH_OUT[token])
            pos = m.end()
        out.append(self.plain(data[pos:], line_start=not out and pos == 0))
        self.emit("".join(out))

    def plain(self, data: str, line_start: bool) -> str:
        if self.in_math or not data:
            return data
        pieces: list[str] = []
        pos = 0
        for m in SOUND.finditer(data):
            pieces.append(_escape(data[pos : m.start()]))
            link = self.media(m.group(1).strip())
            if link is None:
                self.dropped.append(f"sound {m.group(1).strip()}")
            else:
                pieces.append(f"[sound: {_escape(m.group(1).strip())}]({link})")
            pos = m.end()
        pieces.append(_escape(data[pos:]))
        text = "".join(pieces)
        if line_start and self.at_line_start():
            text = _escape_line_start(text)
        return text

    def image(self, attrs: dict[str, str]) -> None:
        src = attrs.get("src", "").strip()
        alt = SPACES.sub(" ", attrs.get("alt", "")).strip()
        if not src:
            return
        if src.startswith("data:"):
            self.dropped.append("an embedded data: image")
            return
        link = self.media(src)
        if link is None:
            self.dropped.append(f"image {src}")
            return
        self.emit(f"![{_escape(alt).replace('[', '').replace(']', '')}]({link})")

    def close_frame(self) -> None:
        frame = self.stack.pop()
        content = frame.text()
        tag = frame.tag
        if tag == "pre":
            self.pre_depth -= 1
            self.newline(1)
            self.emit(_fence(content.strip("\n"), frame.attrs.get("language", "")))
            self.newline(1)
        elif tag in CODE:
            self.code_depth -= 1
            self.emit(_code_span(content))
        elif tag in STRONG:
            self.emit(_wrap(content, "**"))
        elif tag in EMPHASIS:
            self.emit(_wrap(content, "*"))
        elif tag in SCRIPTS:
            core = content.strip()
            if core:  # 10<sup>8</sup> -> 10^8, H<sub>2</sub>O -> H_2O
                simple = re.fullmatch(r"[\w.+-]+", core) is not None
                self.emit(SCRIPTS[tag] + (core if simple else f"({core})"))
        elif tag == "a":
            href = frame.attrs.get("href", "").strip()
            label = content.strip()
            if href and label and not href.lower().startswith("javascript:"):
                self.emit(f"[{label}]({href.replace(' ', '%20').replace(')', '%29')})")
            else:
                self.emit(content)
        elif tag in HEADINGS:
            line = " ".join(content.split())
            if line:
                self.emit("#" * HEADINGS[tag] + " " + line)
            self.newline(2)
        elif tag == "blockquote":
            lines = content.strip("\n").split("\n")
            self.emit("\n".join(f"> {line}".rstrip() for line in lines))
            self.newline(2)
        elif tag in ("ul", "ol"):
            self.emit(content.strip("\n"))
            self.newline(1)
        elif tag == "li":
            self.list_item(content)
        elif tag in ("td", "th"):
            row = next((f for f in reversed(self.stack) if f.tag == "tr"), None)
            cell = " ".join(content.split()).replace("|", "\\|")
            if row is None:
                self.emit(cell + " ")
            else:
                row.cells.append(cell)
                row.header = row.header or tag == "th"
        elif tag == "tr":
            if frame.cells:
                self.rows.append((frame.cells, frame.header))
        elif tag == "table":
            self.emit(_table(self.rows) if self.rows else content)
            self.rows = []
            self.newline(2)

    def list_item(self, content: str) -> None:
        parent = next((f for f in reversed(self.stack) if f.tag in ("ul", "ol")), None)
        if parent is not None and parent.tag == "ol":
            parent.items += 1
            marker = f"{parent.items}. "
        else:
            marker = "- "
        lines = content.strip("\n").split("\n") or [""]
        indent = " " * len(marker)
        body = [marker + lines[0].strip()] + [indent + line if line else "" for line in lines[1:]]
        self.newline(1)
        self.emit("\n".join(body))
        self.newline(1)

    def result(self) -> str:
        return _tidy(self.stack[0].text())


def _escape(text: str) -> str:
    """Backslash-escape what Markdown would read as markup; cloze markers stay as they are."""
    out: list[str] = []
    pos = 0
    for m in CLOZE_PART.finditer(text):
        out.append(_escape_chars(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_chars(text[pos:]))
    return "".join(out)


def _escape_chars(text: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in "*`" or (ch == "\\" and (after in PUNCTUATION or after == " ")):
            out.append("\\" + ch)
        elif ch == "_" and not (before.isalnum() and after.isalnum()):
            out.append("\\_")
        elif ch == "<" and (after.isalpha() or after in "/!?"):
            out.append("\\<")
        elif ch == "&" and ENTITY.match(text, i):
            out.append("\\&")
        elif ch in "[]" and _looks_like_link(text, i):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _looks_like_link(text: str, i: int) -> bool:
    return text[i] == "]" and text[i + 1 : i + 2] in ("(", "[")


def _escape_line_start(text: str) -> str:
    """Escape a line-start character that would make a heading, quote or rule of plain text."""
    stripped = text.lstrip(" ")
    if stripped.startswith(("#", ">", "+ ", "~~~")) or RULE_LIKE.match(stripped):
        return "\\" + stripped
    return stripped


def _wrap(content: str, marker: str) -> str:
    """`**text**` with the surrounding spaces kept outside the markers, line by line."""
    lines = content.split("\n")
    out = []
    for line in lines:
        core = line.strip(" ")
        if not core or core.strip("*") == "":
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip(" "))]
        trail = line[len(line.rstrip(" ")) :]
        out.append(f"{lead}{marker}{core}{marker}{trail}")
    return "\n".join(out)


def _code_span(content: str) -> str:
    text = content.strip(" ")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(code: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"^[ \t]*(`{3,}|~{3,})", code, re.M)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{code}\n{ticks}"


def _table(rows: list[tuple[list[str], bool]]) -> str:
    width = max(len(cells) for cells, _ in rows)
    lines = []
    for index, (cells, _) in enumerate(rows):
        padded = cells + [""] * (width - len(cells))
        lines.append("| " + " | ".join(padded) + " |")
        if index == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


def _tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, no outer blank lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        opener = re.match(r"^(`{3,}|~{3,})", line.lstrip())
        if fence is None and opener:
            fence = opener.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None and not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")
