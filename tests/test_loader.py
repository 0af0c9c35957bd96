"""The library: loader, front matter, script detection and the fold."""

from __future__ import annotations

import zipfile
import subprocess
import sys

import pytest

from cli_helpers import REPO, SEEDS, SIMPLIFIED_SEED, TRADITIONAL_SEED, write_corpus
from feudcli.text import frontmatter as metadata
from feudcli.corpus import bundled_corpus_dir, id_for
from feudcli.session import open_corpus
from feudcli.text.script import detect_script, fold


def test_seeds_load_with_their_fields():
    corpus = open_corpus(SEEDS, cache=False)
    assert [a.id for a in corpus.articles] == [SIMPLIFIED_SEED, TRADITIONAL_SEED]
    simplified, traditional = corpus.articles
    assert (simplified.script, traditional.script) == ("hans", "hant")
    assert simplified.lang == "zh-CN" and traditional.lang == "hant"
    assert simplified.date == "2025-02-12T10:56:09" and traditional.date is None
    assert simplified.source == "https://new.qq.com/rain/a/20250212A03CLG00"
    assert traditional.title == "馬斯克與奧特曼的AI紛爭"
    assert simplified.meta["thumbnail"].startswith("https://inews.gtimg.com/")
    assert corpus.warnings == []


def test_bundled_corpus_is_the_seeds():
    assert sorted(p.name for p in bundled_corpus_dir().iterdir()) == sorted(p.name for p in SEEDS.iterdir())


@pytest.mark.parametrize("text, script", [
    ("马斯克与奥尔特曼的纷争", "hans"),
    ("馬斯克與奧特曼的紛爭", "hant"),
    ("马斯克与奥尔特曼。馬斯克與奧特曼的紛爭", "mixed"),
    ("中文人口", "none"),
    ("English only", "none"),
    ("", "none"),
])
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_fold_keeps_length_and_folds_scripts_width_and_case():
    samples = ["馬斯克與奧特曼", "ＯｐｅｎＡＩ　ｘＡＩ", "臺灣 台灣 裡 裏", "ÀÉÎ Straße ΣΑΜ"]
    for text in samples:
        assert len(fold(text)) == len(text)
        assert fold(fold(text)) == fold(text)
    assert fold("馬斯克與奧特曼") == "马斯克与奥特曼"
    assert fold("ＯｐｅｎＡＩ　ｘＡＩ") == "openai xai"
    assert fold("臺灣") == fold("台湾")
    # Japanese shinjitai that are ordinary Chinese characters are left alone.
    assert fold("欠") == "欠" and fold("芸") == "芸"


@pytest.mark.parametrize("value, expected", [
    ("2025-02-12 10:56:09", "2025-02-12T10:56:09"),
    ("2025-02-12", "2025-02-12"),
    ("2025/2/3", "2025-02-03"),
    ("2025-02-12T10:56:09+08:00", "2025-02-12T10:56:09"),
    ("2025-13-45", None),
    ("yesterday", None),
    (20250212, None),
])
def test_iso_date(value, expected):
    assert metadata.iso_date(value) == expected


def test_ids_are_paths_without_article_suffix():
    assert id_for("a/b/c.md") == "a/b/c"
    assert id_for("x.markdown") == "x"
    assert id_for("000_x.txt") == "000_x"


def test_front_matter_split_is_exact_and_handles_crlf(tmp_path):
    text = "---\ntitle: 标题\n---\n正文\n"
    kind, raw, start, body_start = metadata.split_front_matter(text)
    assert (kind, raw, text[body_start:]) == ("yaml", "title: 标题\n", "正文\n")
    corpus = open_corpus(write_corpus(tmp_path, {"crlf.md": b"---\r\ntitle: CRLF\r\n---\r\nbody\r\n"}), cache=False)
    assert corpus.articles[0].title == "CRLF" and corpus.articles[0].body == "body\n"


def test_wheel_ships_the_seeds(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )
    if done.returncode != 0 and "hatchling" in done.stderr:
        pytest.skip("hatchling is not installed (pip install '.[test]')")
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("feudcli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for seed in SEEDS.iterdir():
        assert f"feudcli/seeds/{seed.name}" in names
        assert zipfile.ZipFile(wheel).read(f"feudcli/seeds/{seed.name}") == seed.read_bytes()


def test_script_tables_saved_in_the_cache_read_back_identical():
    from feudcli.text import script

    script._tables.cache_clear()
    built = script._tables()  # builds and saves (the test's own cache dir)
    from feudcli.store.location import cache_home

    assert (cache_home() / script._tables_file()).is_file()
    script._tables.cache_clear()
    loaded = script._tables()  # reads the saved copy
    script._tables.cache_clear()
    assert loaded == built and len(built[0]) > 3000
