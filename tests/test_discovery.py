"""`entities` on any corpus: names no alias table knows are discovered
(issue 16). The articles are written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cli_helpers import REPO, run, write_corpus
from feudcli.extract import discovery
from feudcli.extract.discovery import accept, candidates

FRONT = "---\ntitle: {title}\ndate: 2024-05-0{day}\n---\n\n"

TRAVEL = {
    "a.md": FRONT.format(title="杭州", day=1) + "陈志强在杭州开了一家店。后来陈志强又去了臺北。\n",
    "b.md": FRONT.format(title="臺北", day=2) + "陳志強住在臺北。陳志強喜歡爬山，也常去台北的書店。\n",
    "c.md": FRONT.format(title="日记", day=3) + "今天买了很多东西。东西太多，拿不动。城市很大，我明白了。\n",
}


def records(*args, corpus):
    result = run("entities", *args, "-f", "jsonl", corpus=corpus)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_names_merge_across_scripts_and_show_in_each_articles_own(tmp_path):
    corpus = write_corpus(tmp_path / "c", TRAVEL)
    rows = {(row["id"], row["entity"]): row for row in records(corpus=corpus)}
    assert rows[("a", "陈志强")]["source"] == "discovered" and rows[("a", "陈志强")]["kind"] == "person"
    assert rows[("b", "陳志強")]["mentions"] == 2
    assert rows[("b", "臺北")]["spellings"] == ["臺北", "台北"]
    totals = {row["entity"]: row for row in records("--total", corpus=corpus)}
    assert totals["陈志强"]["articles"] == 2 or totals["陳志強"]["articles"] == 2
    assert totals["臺北"]["articles"] == 2 and totals["臺北"]["kind"] == "place"


def test_common_words_the_tagger_calls_names_are_not_discovered(tmp_path):
    corpus = write_corpus(tmp_path / "c", TRAVEL)
    found = {row["entity"] for row in records("--total", corpus=corpus)}
    assert not found & {"东西", "城市", "明白"}


def test_the_stop_list():
    seen = candidates("我买了很多东西。东西太多了。")
    assert [c.key for c in seen] == ["东西"]  # the tagger calls it a place…
    assert accept([seen], 1) == {}  # …the stop list says it is a word


def test_a_name_must_look_like_one_in_two_sentences():
    once = candidates("王小明住在杭州，王小明在杭州工作。")
    assert accept([once], 1) == {}
    twice = candidates("王小明住在杭州。王小明在杭州工作。")
    assert set(accept([twice], 1)) == {"王小明", "杭州"}


def test_a_word_after_an_adverb_or_before_a_particle_is_no_name():
    # 普及 is a place to jieba's dictionary.
    assert candidates("这个工具已经很普及了。大家都很普及。") == []


def test_a_piece_of_a_longer_word_or_a_common_noun_is_no_name():
    # 山坡 is a place to jieba's dictionary: after 的, before 上 it is a slope.
    assert candidates("我们爬上陡峭的山坡。山坡上开满了花。") == []
    # 马拉松 is a person to it: after 波士顿 it is a piece of a race's name.
    assert [c.key for c in candidates("他跑了波士顿马拉松。波士顿马拉松很难。")] == ["波士顿"]


def test_a_name_in_the_title_of_a_work_is_the_works():
    # 马里奥 is a person to jieba; inside 《》 it is part of a game's title.
    assert candidates("我玩了《超级马里奥：奥德赛》。《马里奥》很好玩。") == []
    assert [c.key for c in candidates("马里奥说他来了。马里奥走了。")] == ["马里奥"]


def test_a_transliteration_cut_short_is_no_name():
    # The segmenter cuts 奥勒松 (Ålesund) into 奥勒|松: 奥勒 is no one.
    assert "奥勒" not in {c.key for c in candidates("我们在奥勒松住了两晚。奥勒松很美。")}


def test_a_names_kind_comes_from_how_it_is_written():
    # The tagger calls 斯塔万格 a person; in a route of places and after
    # 到 it is a place, and 陈志强说 stays a person.
    route = candidates("路线是斯德哥尔摩 - 奥斯陆 - 斯塔万格。我们飞到斯塔万格。陈志强说很好。陈志强先生同意。")
    accepted = accept([route], 1)
    assert accepted["斯塔万格"].kind == "place"
    assert accepted["陈志强"].kind == "person"
    cues = {c.key: c.cues for c in route}
    assert cues["斯塔万格"] == {"place": 2} and cues["陈志强"] == {"person": 2}
    # 由于 and 关于 are no 于 of a place.
    assert candidates("由于陈志强的坚持，事情成了。关于陈志强的传言很多。")[0].cues == {}
    # A company the tagger calls a person, written as a place and as a company.
    ali = candidates("我从阿里离职了。后来又入职阿里。在阿里的日子很长。")
    assert accept([ali], 1)["阿里"].kind == "organization"


def test_a_common_word_is_no_name_however_it_ends():
    # jieba's dictionary calls 文科生 a person (文 is a surname) and 开发部 an organisation.
    assert candidates("我是文科生。文科生也能转行。") == []
    assert accept([candidates("开发部有分享会。开发部很好。")], 1) == {}  # the stop list
    assert {c.key for c in candidates("我在南昌大学读书。南昌大学很大。")} == {"南昌大学"}


def test_the_land_itself_is_no_place():
    # 高山 and 峡湾 are places to jieba's dictionary.
    land = [discovery.Candidate(word, "place", True, 3, 3, [word]) for word in ("高山", "峡湾", "海岛", "大城市", "华山")]
    assert set(accept([land], 1)) == {"华山"}


def test_the_slow_tagger_reads_only_words_that_could_name_someone(monkeypatch):
    engine = discovery.tagger()
    asked = []
    cut = engine.posseg.cut

    def recording(word):
        asked.append(word)
        return cut(word)

    monkeypatch.setattr(engine, "unknown", {})
    monkeypatch.setattr(engine.posseg, "cut", recording)
    # 翩飞 and 真香 are unknown to the dictionary and have no character of a
    # surname, a transliteration or a suffix; 刘西蒙 starts with a surname.
    found = candidates("他说翩飞真香。刘西蒙来了。刘西蒙走了。")
    assert "翩飞" not in asked and "真香" not in asked
    assert "刘西蒙" in {c.key for c in found}


def test_a_name_the_dictionary_does_not_know_must_look_like_one(monkeypatch):
    guess = discovery.Candidate("东边一", "person", False, 3, 3, ["东边一"])
    assert accept([[guess]], 1) == {}
    surname = discovery.Candidate("林颖孟", "person", False, 3, 3, ["林穎孟"])
    assert set(accept([[surname]], 1)) == {"林颖孟"}
    # Two characters after a surname that the dictionary knows are a word (王后).
    word = discovery.Candidate("王后", "person", True, 3, 3, ["王后"])
    assert accept([[word]], 1) == {}


def test_a_name_in_most_articles_of_a_large_corpus_is_a_word():
    everywhere = [[discovery.Candidate("长城", "place", True, 2, 2, ["长城"])] for _ in range(25)]
    nowhere = [[] for _ in range(15)]
    assert accept(everywhere + nowhere, 40) == {}
    assert set(accept(everywhere[:5] + nowhere, 20)) == {"长城"}


def test_japanese_text_is_left_to_the_tables():
    assert candidates("東京に行きました。大阪にも行った。東京は楽しい。") == []


def test_the_tables_are_the_authority(tmp_path):
    corpus = write_corpus(tmp_path / "c", {
        **TRAVEL,
        "aliases.yaml": "entities:\n  - name: Chen Zhiqiang\n    kind: founder\n    aliases: [陈志强]\n",
        "d.md": FRONT.format(title="d", day=4) + "马斯克来了。马斯克走了。\n",
    })
    rows = records(corpus=corpus)
    chen = [row for row in rows if row["entity"] == "Chen Zhiqiang"]
    assert {row["id"] for row in chen} == {"a", "b"}
    assert {(row["kind"], row["source"]) for row in chen} == {("founder", "corpus")}
    assert not any("志强" in row["entity"] or "志強" in row["entity"] for row in rows)
    musk = next(row for row in rows if row["id"] == "d")
    assert (musk["entity"], musk["source"]) == ("Elon Musk", "table")


def test_source_and_no_discover(tmp_path):
    corpus = write_corpus(tmp_path / "c", {**TRAVEL, "d.md": FRONT.format(title="d", day=4) + "马斯克来了。\n"})
    assert {row["source"] for row in records("--source", "discovered", corpus=corpus)} == {"discovered"}
    assert {row["entity"] for row in records("--no-discover", corpus=corpus)} == {"Elon Musk"}
    assert run("entities", "--source", "nowhere", corpus=corpus).exit_code == 2


def test_latin_names_are_whole_words_never_code_or_addresses(tmp_path):
    body = ("按 Ctrl+X 剪切。设置 X-Frame-Options 头，X-Frame-Options 很重要，X-Frame-Options。"
            "打开 x.com 或 https://x.com/elon 看看，运行 `X` 命令。\n\n他在 X 上发文，又在X上回应。\n")
    corpus = write_corpus(tmp_path / "c", {"a.md": FRONT.format(title="t", day=1) + body})
    rows = [row for row in records("--no-discover", corpus=corpus) if row["entity"] == "X"]
    assert [row["mentions"] for row in rows] == [2]


def test_search_does_not_widen_a_discovered_name(tmp_path):
    corpus = write_corpus(tmp_path / "c", TRAVEL)
    assert any(row["source"] == "discovered" for row in records(corpus=corpus))
    result = run("search", "陈志强", "-l", corpus=corpus)
    assert result.exit_code == 0
    assert "→" not in result.stderr


def test_discovery_is_cached_per_article(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "c", TRAVEL)
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = run("entities", "-f", "jsonl", corpus=corpus, env=cache).stdout

    def refuse(*args, **kwargs):
        raise AssertionError("discovery ran again on a warm cache")

    monkeypatch.setattr(discovery, "candidates", refuse)
    assert run("entities", "-f", "jsonl", corpus=corpus, env=cache).stdout == first


def test_jieba_is_imported_only_when_discovery_runs(tmp_path):
    corpus = write_corpus(tmp_path / "c", TRAVEL)
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from feudcli.cli import app\n"
        f"result = CliRunner().invoke(app, ['--corpus', {str(corpus)!r}, *sys.argv[1:], '-f', 'tsv'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('jieba' in sys.modules)\n")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}

    def imports_jieba(*args):
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip() == "True"

    assert imports_jieba("list") is False
    assert imports_jieba("entities", "--no-discover") is False
    assert imports_jieba("entities") is True  # first run: discovery
    assert imports_jieba("entities") is False  # warm: read from the cache
    assert imports_jieba("timeline") is False


@pytest.mark.parametrize("module", ["feudcli.extract.entities", "feudcli.extract.discovery", "feudcli.extract.timeline"])
def test_the_library_stays_free_of_typer_rich_and_jieba(module):
    code = (f"import sys, {module}\n"
            "print(sorted(m for m in ('typer', 'rich', 'jieba') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "[]", done.stderr


def test_the_readme_examples_on_the_blog_corpus(tmp_path):
    """The README's ```console examples on tests/data/blog, run from the
    checkout (test_readme runs those on the bundled corpus)."""
    import os
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", readme, re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            if "--corpus tests/data/blog" in command:
                examples.append((command, output))
    assert len(examples) >= 4
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), COLUMNS="100", PYTHONPATH=str(REPO))
    for name in ("FEUDCLI_CORPUS", "FEUDCLI_TO", "FEUDCLI_ALIASES", "NO_COLOR"):
        env.pop(name, None)
    for command, expected in examples:
        command = command.replace("feudcli ", f"{sys.executable} -m feudcli ", 1)
        done = subprocess.run(["bash", "-c", f"{{ {command} ; }} 2>&1"], capture_output=True, text=True,
                              encoding="utf-8", cwd=REPO, env=env, timeout=120)
        assert done.stdout.rstrip("\n") == expected.rstrip("\n"), command
