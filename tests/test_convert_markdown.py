"""Markdown-aware conversion: prose converted, code, URLs and markup kept."""

import pytest

from feudcli.convert.opencc import converter
from feudcli.convert.markdown import code_blocks, convert_markdown


@pytest.fixture(scope="module")
def s2t():
    return converter("s2t")


CASES = [
    # link text and title converted, target kept; inline code kept
    ('马斯克说[马斯克的链接](https://zh.wikipedia.org/wiki/马斯克 "马斯克标题")和`马斯克代码`。',
     '馬斯克說[馬斯克的鏈接](https://zh.wikipedia.org/wiki/马斯克 "馬斯克標題")和`马斯克代码`。'),
    # image alt converted, relative image path kept; bare URL kept
    ("![马斯克图片](图片/马斯克.png)\n\n见https://example.com/马斯克 了解。",
     "![馬斯克圖片](图片/马斯克.png)\n\n見https://example.com/马斯克 瞭解。"),
    # indented code block kept
    ("段落\n\n    马斯克代码块\n    第二行\n\n马斯克后文",
     "段落\n\n    马斯克代码块\n    第二行\n\n馬斯克後文"),
    # an indented paragraph continuing a list item is prose
    ("- 列表项\n\n    马斯克列表续行\n\n马斯克",
     "- 列表項\n\n    馬斯克列表續行\n\n馬斯克"),
    # fenced code with blank and indented lines inside stays one block
    ("```python\n# 马斯克注释\n    缩进\n\n    缩进2\n```\n马斯克后文",
     "```python\n# 马斯克注释\n    缩进\n\n    缩进2\n```\n馬斯克後文"),
    # a longer fence is not closed by a shorter one inside it
    ("````\n```\n马斯克\n```\n````\n马斯克后", "````\n```\n马斯克\n```\n````\n馬斯克後"),
    # an unclosed fence runs to the end
    ("~~~\n马斯克未关闭", "~~~\n马斯克未关闭"),
    # reference label converted on both sides (still matches), URL kept
    ('[马斯克][马斯克]\n\n[马斯克]: https://x.com/马斯克 "马斯克标题"',
     '[馬斯克][馬斯克]\n\n[馬斯克]: https://x.com/马斯克 "馬斯克標題"'),
    # HTML attributes and <pre> content kept, text between tags converted
    ('<span title="马斯克">马斯克</span><pre>马斯克\n代码</pre>马斯克',
     '<span title="马斯克">馬斯克</span><pre>马斯克\n代码</pre>馬斯克'),
    # Hugo shortcodes kept
    ('{{< figure src="/图片/马斯克.jpg" >}}马斯克', '{{< figure src="/图片/马斯克.jpg" >}}馬斯克'),
    # a backtick that never closes within its paragraph is just a character
    ("`` 代码`里 `` 马斯克 `未闭合\n\n马斯克`", "`` 代码`里 `` 馬斯克 `未閉合\n\n馬斯克`"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_convert_markdown(s2t, source, expected):
    assert convert_markdown(source, s2t) == expected


def test_code_blocks_spans_cover_whole_lines():
    text = "a\n\n```\nx\n```\nb\n"
    (start, end), = code_blocks(text)
    assert text[start:end] == "```\nx\n```"


def test_identity_converter_changes_nothing():
    text = "马斯克 `x` [a](b) <i>c</i>\n\n    code\n"
    assert convert_markdown(text, lambda piece: piece) == text
