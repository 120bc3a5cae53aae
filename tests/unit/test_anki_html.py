"""Anki field HTML to deck-file Markdown, line for line."""

from __future__ import annotations

import pytest

from prep.interop.anki_html import html_to_markdown, plain_to_markdown


def md(html: str) -> str:
    text, _ = html_to_markdown(html, lambda src: f"media/{src}")
    return text


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("What is <b>2+2</b>?", "What is **2+2**?"),
        ("<strong>a</strong> <em>b</em> <i>c </i>d", "**a** *b* *c* d"),
        ("4<br>four<br/>4.0", "4\nfour\n4.0"),
        ("a<br><br>b", "a\n\nb"),
        ("<div>line1</div><div>line2</div>", "line1\nline2"),
        ("<p>para1</p><p>para2</p>", "para1\n\npara2"),
        ("a &amp; b &lt;c&gt; &nbsp;d", "a & b \\<c> d"),
        ("<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>after",
         "- one\n- two\n  - nested\nafter"),
        ("<ol><li>x</li><li>y<br>more</li></ol>", "1. x\n2. y\n   more"),
        ('<pre><code class="language-python">def f():\n    return 2 * 3</code></pre>',
         "```python\ndef f():\n    return 2 * 3\n```"),
        ("<pre>one<br>two</pre>", "```\none\ntwo\n```"),
        ("<pre><div>x = 1</div><div>y = 2</div></pre>", "```\nx = 1\ny = 2\n```"),
        ("use <code>a*b</code> here", "use `a*b` here"),
        ("<code>a`b</code>", "``a`b``"),
        ('see <img src="cat.png" alt="a cat">', "see ![a cat](media/cat.png)"),
        ('<a href="https://example.com/a b">site</a>', "[site](https://example.com/a%20b)"),
        ("The {{c1::CLT::theorem}} says {{c2::<b>normal</b>}}",
         "The {{c1::CLT::theorem}} says {{c2::**normal**}}"),
        ("\\(x_1^2 * y\\) and \\[\\frac{a}{b}\\]", "$x_1^2 * y$ and $$\\frac{a}{b}$$"),
        ("[$]e^x[/$]", "$e^x$"),
        ("# not a heading, snake_case, _emph_, 2*3", "\\# not a heading, snake_case, \\_emph\\_, 2\\*3"),
        ("C:\\path and \\* star", "C:\\path and \\\\\\* star"),
        ("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2|3</td></tr></table>",
         "| a | b |\n| --- | --- |\n| 1 | 2\\|3 |"),
        ("[sound:hello.mp3] hi", "[sound: hello.mp3](media/hello.mp3) hi"),
        ("<script>alert(1)</script>ok<style>p{}</style>", "ok"),
        ("<span style='color:red'>red</span> <font>f</font>", "red f"),
        ("---", "\\---"),
        ("<h1>Title</h1>text", "# Title\n\ntext"),
        ("<blockquote>quoted<br>two</blockquote>next", "> quoted\n> two\n\nnext"),
        ("10<sup>8</sup> and H<sub>2</sub>O", "10^8 and H_2O"),
        ("<div><b><div>x</div><div>y</div></b></div>", "**x**\n**y**"),
        ("a <b></b> b", "a b"),
        ("<hr>below", "---\n\nbelow"),
        ("unclosed <b>bold", "unclosed **bold**"),
        ("stray </i>end", "stray end"),
    ],
)  # fmt: skip
def test_html_to_markdown(html: str, markdown: str) -> None:
    assert md(html) == markdown


def test_images_the_caller_cannot_keep_are_reported() -> None:
    text, dropped = html_to_markdown(
        'a <img src="data:image/png;base64,AAAA"> b <img src="gone.png">',
        lambda src: None if src == "gone.png" else src,
    )
    assert text == "a b"
    assert dropped == ["an embedded data: image", "image gone.png"]


def test_plain_text_keeps_lines_and_escapes_markup() -> None:
    assert plain_to_markdown("plain *star*\n# head\n\n  second  ") == (
        "plain \\*star\\*\n\\# head\n\nsecond"
    )
