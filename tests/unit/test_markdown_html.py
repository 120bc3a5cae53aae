"""Markdown → HTML for Anki fields: each construct deck files use, and nothing else turns into markup."""

from __future__ import annotations

import pytest

from prep.render.markdown_html import markdown_to_html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("plain text", "plain text"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("**bold** and *italic* and __b__ and _i_", "<b>bold</b> and <i>italic</i> and <b>b</b> and <i>i</i>"),
        ("use `a<b` here", "use <code>a&lt;b</code> here"),
        ("`` a `tick` ``", "<code>a `tick`</code>"),
        ("`**not bold**`", "<code>**not bold**</code>"),
        (r"\*literal\* stars", "*literal* stars"),
        # Stars and underscores inside words or maths stay literal.
        ("∇f(x*) + Σ μ_i∇g_i(x*) = 0", "∇f(x*) + Σ μ_i∇g_i(x*) = 0"),
        ("2 * 3 * 4 and snake_case_name", "2 * 3 * 4 and snake_case_name"),
        ("line one\nline two", "line one<br>\nline two"),
        ("[docs](https://x.org/?a=1&b=2)", '<a href="https://x.org/?a=1&amp;b=2">docs</a>'),
        ("<https://x.org>", '<a href="https://x.org">https://x.org</a>'),
        ('![a tree](img/t.png "Title")', '<img src="img/t.png" alt="a tree" title="Title">'),
        ("{{c1::the **mean**::a statistic}} and {{c2::x}}", "{{c1::the <b>mean</b>::a statistic}} and {{c2::x}}"),
    ],
)  # fmt: skip
def test_inline(markdown: str, html: str) -> None:
    assert markdown_to_html(markdown) == html


def test_paragraphs_headings_and_rules() -> None:
    text = "### Bias\n\nFirst para\ncontinues.\n\n---\n\nSecond."
    assert markdown_to_html(text) == (
        "<h3>Bias</h3>\n<p>First para<br>\ncontinues.</p>\n<hr>\n<p>Second.</p>"
    )


def test_fenced_code_is_escaped_and_opaque() -> None:
    text = "Before:\n```python\ndef f(x):\n    return x < 1  # **not bold**\n```\nAfter."
    assert markdown_to_html(text) == (
        "<p>Before:</p>\n"
        '<pre><code class="language-python">def f(x):\n'
        "    return x &lt; 1  # **not bold**</code></pre>\n"
        "<p>After.</p>"
    )


def test_lists_tight_nested_and_numbered() -> None:
    text = "Facts:\n- one\n- two *it*\n  - nested\n- three\n\n3. c\n4. d"
    assert markdown_to_html(text) == (
        "<p>Facts:</p>\n"
        "<ul><li>one</li><li>two <i>it</i>\n<ul><li>nested</li></ul></li><li>three</li></ul>\n"
        '<ol start="3"><li>c</li><li>d</li></ol>'
    )


def test_a_number_in_running_text_is_not_a_list() -> None:
    assert markdown_to_html("It was\n2026. A year.") == "It was<br>\n2026. A year."


def test_table_with_alignment() -> None:
    text = "| sort | worst |\n|---|:-:|\n| merge | n log n |"
    assert markdown_to_html(text) == (
        '<table><thead><tr><th>sort</th><th style="text-align: center">worst</th></tr></thead>'
        '<tbody><tr><td>merge</td><td style="text-align: center">n log n</td></tr></tbody></table>'
    )


def test_block_quote() -> None:
    assert markdown_to_html("> quoted **b**\n> more") == (
        "<blockquote><p>quoted <b>b</b><br>\nmore</p></blockquote>"
    )


def test_image_source_is_rewritten() -> None:
    html = markdown_to_html("See ![d](figs/a b.png)", lambda src: "renamed.png")
    assert html == "See ![d](figs/a b.png)"  # a space needs <…>: not an image, left as text
    html = markdown_to_html("See ![d](<figs/a b.png>)", lambda src: f"x-{src.split('/')[-1]}")
    assert html == 'See <img src="x-a b.png" alt="d">'
