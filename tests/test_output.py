"""The pipe formats keep the text, and json never carries a control a
terminal would act on."""

from __future__ import annotations

import io
import json

from feudcli.cli.emit import write_records

HOSTILE = "标题\x1b[31m红\x9b2J\u202e反\u2028行"


def test_json_and_jsonl_escape_every_terminal_control_but_keep_the_value():
    for fmt in ("json", "jsonl"):
        stream = io.StringIO()
        write_records(stream, [{"title": HOSTILE}], ["title"], fmt)
        text = stream.getvalue()
        assert not any(char in text for char in "\x1b\x9b\u202e\u2028")
        value = json.loads(text)[0]["title"] if fmt == "json" else json.loads(text)["title"]
        assert value == HOSTILE


def test_tsv_keeps_text_on_one_line():
    stream = io.StringIO()
    write_records(stream, [{"id": "a", "title": "一\t二\n三"}], ["id", "title"], "tsv")
    assert stream.getvalue() == "a\t一 二 三\n"
