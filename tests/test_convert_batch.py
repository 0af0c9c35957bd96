"""Converting a corpus from Python, without the CLI (feudcli.convert.batch):
the README's example, plans that refuse, outcomes, options."""

from __future__ import annotations

import re

import pytest

from cli_helpers import readme_python_example, run_library_code, write_corpus
from feudcli.convert import batch
from feudcli.convert.dictionaries import PhraseDictionary
from feudcli.session import open_corpus

TAIWAN = "---\ntitle: 軟體\n---\n\n這個軟體的記憶體不夠\n"


def test_the_readme_batch_example_runs_without_typer_or_rich(tmp_path):
    code, printed = readme_python_example("### `feudcli convert`", "### `feudcli search")
    done = run_library_code(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == printed
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "000_d5cc3b91e6a1d0ed.txt", "001_eb04c7fb14437574.txt"]


def test_a_corpus_converted_from_python(tmp_path):
    root = write_corpus(tmp_path / "corpus", {"tw.md": TAIWAN, "sub/cn.md": "---\nlang: zh-CN\n---\n软件\n"})
    with open_corpus(root, cache=False) as corpus:
        plan = batch.plan(batch.corpus_sources(corpus), tmp_path / "out")
        outcomes = list(batch.run(plan, batch.Options(to="hans", source="tw")))
    assert [(o.source.label, o.action, o.config) for o in outcomes] == [("sub/cn", "write", "-"),
                                                                         ("tw", "write", "tw2sp")]
    assert (tmp_path / "out" / "tw.md").read_text(encoding="utf-8").endswith("这个软件的内存不够\n")
    # The same plan again: the files are there now.
    with pytest.raises(batch.ConvertError, match="already exist"):
        with open_corpus(root, cache=False) as corpus:
            batch.plan(batch.corpus_sources(corpus), tmp_path / "out")


def test_the_plan_refuses_before_anything_is_written(tmp_path):
    root = write_corpus(tmp_path / "corpus", {"a.md": TAIWAN, "b.md": TAIWAN})
    with open_corpus(root, cache=False) as corpus:
        sources = batch.corpus_sources(corpus)
        with pytest.raises(batch.ConvertError, match="inside the corpus"):
            batch.plan(sources, root / "out")
        with pytest.raises(batch.ConvertError, match="names one file, but there are 2"):
            batch.plan(sources, tmp_path / "one.md")
        with pytest.raises(batch.ConvertError, match="use --in-place"):
            batch.plan(sources, root, force=True)
        single = batch.plan(sources[:1], tmp_path / "one.md")
    assert single.single_file and single.sources[0].destination == tmp_path / "one.md"
    assert not (root / "out").exists() and not (tmp_path / "one.md").exists()


def test_a_file_that_cannot_be_read_is_an_outcome_not_the_end(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(TAIWAN, encoding="utf-8")
    sources = [batch.file_source(tmp_path / "gone.md"), batch.file_source(good)]
    outcomes = list(batch.run(batch.plan(sources), batch.Options(to="hans")))
    assert [outcome.action for outcome in outcomes] == ["failed", "print"]
    assert "cannot be read" in outcomes[0].problem
    assert outcomes[1].result.text.endswith("这个软体的记忆体不够\n")


@pytest.mark.parametrize("options, fragment", [
    (batch.Options(), "say what to convert to"),
    (batch.Options(to="hans", config="t2s"), "give one of them"),
    (batch.Options(config="t2s", source="tw"), "give one of them"),
    (batch.Options(to="hans", source="cn"), "unknown source 'cn'"),
    (batch.Options(config="x2y"), "unknown OpenCC config 'x2y'"),
])
def test_options_say_what_is_wrong(options, fragment):
    with pytest.raises(batch.ConvertError, match=re.escape(fragment)):
        options.check()


def test_lines_from_python():
    options = batch.Options(to="hans", source="tw", dictionary=PhraseDictionary.of({"記憶體": "存储器"}))
    assert list(batch.convert_lines(["滑鼠\n", "這個軟體的記憶體\n"], options)) == ["鼠标\n", "这个软件的存储器\n"]
