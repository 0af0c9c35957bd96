"""ripgrep habits in `feudcli search`: line output (--vimgrep,
--line-number, -A/-B/-C), -g/--glob and --files, --stats, -c and
--count-matches, -s/-S case (issue 15, "Search like ripgrep")."""

from __future__ import annotations

import pytest

from cli_helpers import SEEDS, SIMPLIFIED_SEED, TRADITIONAL_SEED, lines, run, write_corpus
from feudcli.search.case import CaseRule
from feudcli.search.globs import GlobError, Globs
from feudcli.search.lines import FileText, file_matches, read_file_text
from feudcli.search.query import parse_query

SIMPLIFIED_FILE = f"{SIMPLIFIED_SEED}.txt"
TRADITIONAL_FILE = f"{TRADITIONAL_SEED}.txt"


@pytest.fixture()
def cased(tmp_path):
    return write_corpus(tmp_path / "corpus", {
        "zh/a.md": "---\ntitle: Apple 与 apple\n---\n\nApple 发布了新手机。\n\napple 是一种水果。APPLE 大写。\n",
        "zh/b.md": "---\ntitle: 水果\n---\n\n我爱吃 apple。\n",
        "drafts/c.md": "# Trump 与 Apple\n\nApple 的 trump card。\n",
        "notes.txt": "Ｏｐｅｎ ＡＩ 和 OpenAI\n",
    })


def seed_line(name: str, number: int) -> str:
    return (SEEDS / name).read_text(encoding="utf-8").split("\n")[number - 1]


# -- line output -------------------------------------------------------------------

def test_vimgrep_points_at_each_match_in_the_original_file():
    result = run("search", "收购", "--vimgrep")
    assert result.exit_code == 0, result.stderr
    found = lines(result)
    assert len(found) == 4  # -c says 3 + 1
    for line in found:
        path, number, column, text = line.split(":", 3)
        assert path in (SIMPLIFIED_FILE, TRADITIONAL_FILE)
        original = seed_line(path, int(number))
        assert text == original  # the whole line, as in the file
        assert original[int(column) - 1:int(column) + 1] in ("收购", "收購")  # column in characters
    # Line numbers count the front matter: the Simplified article's body starts after line 26.
    assert found[0].startswith(f"{SIMPLIFIED_FILE}:32:54:")
    # Two matches on one line are two lines, as ripgrep's --vimgrep prints them.
    assert [line.split(":")[1] for line in found[:2]] == ["32", "32"]


def test_a_match_in_the_title_is_on_the_front_matter_line():
    result = run("search", "奥尔特曼", "--no-aliases", "--vimgrep", "--in", "title")
    first = lines(result)[0]
    assert first.startswith(f"{SIMPLIFIED_FILE}:2:")
    column = int(first.split(":")[2])
    assert seed_line(SIMPLIFIED_FILE, 2)[column - 1:column + 3] == "奥尔特曼"


def test_line_number_prints_each_matching_line_once_with_its_first_column():
    result = run("search", "收购", "--line-number")
    assert [line.split(":")[:3] for line in lines(result)] == [
        [SIMPLIFIED_FILE, "32", "54"], [SIMPLIFIED_FILE, "34", "79"], [TRADITIONAL_FILE, "27", "24"]]


def test_context_lines_are_grouped_with_separators_as_ripgrep_does():
    result = run("search", "收购", "--line-number", "-C1")
    assert [line.split(":")[0].split("-")[0] if line != "--" else "--" for line in lines(result)] == [
        SIMPLIFIED_FILE.split("-")[0]] * 5 + ["--"] + [TRADITIONAL_FILE] * 3
    output = lines(result)
    assert output[0] == f"{SIMPLIFIED_FILE}-31-"
    assert output[1].startswith(f"{SIMPLIFIED_FILE}:32:54:")
    assert output[6] == f"{TRADITIONAL_FILE}-26-{seed_line(TRADITIONAL_FILE, 26)}"


def test_after_and_before_and_no_line_numbers():
    after = lines(run("search", "收购", "-A", "2", "--in", "body", "-g", "001*"))
    assert after == [f"{TRADITIONAL_FILE}:{seed_line(TRADITIONAL_FILE, 27)}",
                     f"{TRADITIONAL_FILE}-{seed_line(TRADITIONAL_FILE, 28)}",
                     f"{TRADITIONAL_FILE}-{seed_line(TRADITIONAL_FILE, 29)}"]
    before = lines(run("search", "收购", "-B1", "--line-number", "-g", "001*"))
    assert [line.split("-")[1] if "-" in line.split(":")[0] else line.split(":")[1] for line in before] == \
        ["26", "27"]


def test_line_output_contradictions_are_refused():
    for args in (["--vimgrep", "-C1"], ["--vimgrep", "--format", "json"], ["--line-number", "-l"],
                 ["--line-number", "--to", "hant"], ["-A1", "-c"]):
        result = run("search", "收购", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("feudcli: error:"), args


def test_n_is_the_limit_and_a_ripgrep_habit_is_told_so():
    result = run("search", "-n", "收购")
    assert result.exit_code == 2
    assert "--line-number" in result.stderr and "--limit" in result.stderr
    assert lines(run("search", "收购", "-n1", "-l")) == [SIMPLIFIED_SEED]


def test_line_output_reads_only_the_files_it_prints(tmp_path, monkeypatch):
    root = write_corpus(tmp_path / "many", {f"a{number:02}.md": f"# {number}\n\n马斯克 说话\n" for number in range(30)})
    assert run("search", "马斯克", "-l", corpus=root).exit_code == 0  # the index is built
    import feudcli.corpus

    opened = []
    real = feudcli.corpus.read_regular_file
    monkeypatch.setattr(feudcli.corpus, "read_regular_file", lambda path: opened.append(path) or real(path))
    result = run("search", "马斯克", "--vimgrep", "-n2", "--no-aliases", corpus=root)
    assert len(lines(result)) == 2
    assert len(opened) == 2
    opened.clear()
    assert len(lines(run("search", "马斯克", "-l", "-g", "a1*", corpus=root))) == 10
    assert opened == []  # globs choose by path: no file is read


# -- globs and --files ---------------------------------------------------------------

def test_globs_choose_like_ripgrep():
    assert Globs(["*.md"]).allows("zh/a.md") and not Globs(["*.md"]).allows("notes.txt")
    assert Globs(["zh/*.md"]).allows("zh/a.md") and not Globs(["zh/*.md"]).allows("x/zh/a.md")
    assert not Globs(["!drafts"]).allows("drafts/c.md") and Globs(["!drafts"]).allows("zh/a.md")
    assert Globs(["zh"]).allows("zh/a.md") and not Globs(["zh"]).allows("notes.txt")
    assert Globs(["news/**/*.md"]).allows("news/a.md") and Globs(["news/**/*.md"]).allows("news/2025/02/a.md")
    # The last glob that matches decides.
    assert not Globs(["*.md", "!drafts"]).allows("drafts/c.md")
    assert Globs(["!drafts", "drafts/c.md"]).allows("drafts/c.md")
    assert Globs(["[!d]*/*"]).allows("zh/a.md") and not Globs(["[!d]*/*"]).allows("drafts/c.md")
    with pytest.raises(GlobError):
        Globs(["[abc"])
    with pytest.raises(GlobError):
        Globs(["!"])


def test_files_lists_what_a_search_reads(cased):
    assert lines(run("search", "--files", corpus=cased)) == ["drafts/c.md", "notes.txt", "zh/a.md", "zh/b.md"]
    assert lines(run("search", "--files", "-g", "*.md", "-g", "!drafts", corpus=cased)) == ["zh/a.md", "zh/b.md"]
    assert lines(run("search", "--files", "--since", "2000", corpus=cased)) == []
    assert run("search", "--files", "--since", "2000", corpus=cased).exit_code == 1
    refused = run("search", "apple", "--files", corpus=cased)
    assert refused.exit_code == 2 and "-l" in refused.stderr


def test_globs_filter_hits_counts_and_the_limit(cased):
    assert lines(run("search", "apple", "-l", "--no-aliases", "-g", "zh/**", corpus=cased)) == ["zh/a", "zh/b"]
    assert lines(run("search", "apple", "-l", "--no-aliases", "-g", "!zh", corpus=cased)) == ["drafts/c"]
    assert lines(run("search", "apple", "-l", "-n1", "--no-aliases", "-g", "!drafts", corpus=cased)) == ["zh/a"]
    nothing = run("search", "apple", "--no-aliases", "-g", "*.txt", corpus=cased)
    assert nothing.exit_code == 1 and nothing.stdout == ""
    assert run("search", "apple", "-g", "[x", corpus=cased).exit_code == 2


# -- counts and stats -------------------------------------------------------------------

def test_count_matches_is_the_count_of_matches_as_c_is():
    counted = run("search", "收购", "-c")
    assert lines(counted) == [f"{SIMPLIFIED_SEED}\t3", f"{TRADITIONAL_SEED}\t1"]
    assert run("search", "收购", "--count-matches").stdout == counted.stdout
    assert run("search", "收购", "-c", "--format", "json").exit_code == 2


def test_stats_go_to_stderr_after_the_output():
    result = run("search", "收购", "-l", "--stats")
    assert lines(result) == [SIMPLIFIED_SEED, TRADITIONAL_SEED]
    stats = result.stderr.splitlines()
    assert stats[:3] == ["4 matches", "2 articles contained matches", "2 articles searched"]
    assert stats[3].endswith(" seconds") and float(stats[3].split()[0]) >= 0


def test_stats_count_every_match_under_a_limit_and_with_filters():
    limited = run("search", "收购", "-n1", "--stats", "--script", "hant")
    assert len(lines(limited)) == 1
    assert limited.stderr.splitlines()[:3] == ["1 match", "1 article contained matches", "1 article searched"]
    none = run("search", "特斯拉汽车", "--stats", "--no-aliases")
    assert none.exit_code == 1
    assert none.stderr.splitlines()[:3] == ["0 matches", "0 articles contained matches", "2 articles searched"]


# -- case --------------------------------------------------------------------------------

def test_latin_is_case_blind_by_default(cased):
    assert lines(run("search", "apple", "-c", "--no-aliases", corpus=cased)) == ["zh/a\t5", "drafts/c\t3", "zh/b\t1"]


def test_case_sensitive_matches_every_spelling_as_written(cased):
    assert lines(run("search", "apple", "-s", "-c", "--no-aliases", corpus=cased)) == ["zh/a\t2", "zh/b\t1"]
    assert lines(run("search", "Apple", "-s", "-c", "--no-aliases", corpus=cased)) == ["zh/a\t2", "drafts/c\t3"]
    missing = run("search", "aPPle", "-s", "--no-aliases", corpus=cased)
    assert missing.exit_code == 1 and missing.stdout == ""
    # Width is still folded: ＯＰＥＮ ＡＩ is the term "OPEN AI" in its case, OpenAI one word.
    assert lines(run("search", "Open", "AI", "-s", "-c", "--no-aliases", corpus=cased)) == ["notes\t2"]
    assert run("search", '"open ai"', "-s", "--no-aliases", corpus=cased).exit_code == 1


def test_smart_case_is_case_sensitive_only_for_a_term_with_an_uppercase_letter(cased):
    assert lines(run("search", "apple", "-S", "-c", "--no-aliases", corpus=cased)) == \
        ["zh/a\t5", "drafts/c\t3", "zh/b\t1"]
    assert lines(run("search", "Apple", "-S", "-c", "--no-aliases", corpus=cased)) == ["zh/a\t2", "drafts/c\t3"]
    # Per term: 水果 has no case, apple has no uppercase letter.
    assert lines(run("search", "APPLE", "水果", "-S", "-l", "--no-aliases", corpus=cased)) == ["zh/a"]


def test_a_case_sensitive_exclusion_leaves_other_cases_in(cased):
    assert lines(run("search", "Apple", "NOT", "trump", "-l", "--no-aliases", corpus=cased)) == ["zh/a", "zh/b"]
    # drafts/c has "Trump" and "trump": excluded either way; with -S "Trump" is its case only.
    assert lines(run("search", "apple", "NOT", "Trump", "-S", "-l", "--no-aliases", corpus=cased)) == \
        ["zh/a", "zh/b"]
    kept = write_corpus(cased, {"d.md": "Apple 和 trump card\n"})
    assert "d" in lines(run("search", "Apple", "NOT", "Trump", "-S", "-l", "--no-aliases", corpus=kept))


def test_case_applies_to_regex_snippets_lines_and_the_limit(cased):
    assert lines(run("search", "-e", "AP+LE", "-s", "-l", corpus=cased)) == ["zh/a"]
    assert lines(run("search", "Apple", "-s", "--vimgrep", "--no-aliases", corpus=cased)) == [
        "zh/a.md:2:8:title: Apple 与 apple", "zh/a.md:5:1:Apple 发布了新手机。",
        "drafts/c.md:1:11:# Trump 与 Apple", "drafts/c.md:3:1:Apple 的 trump card。"]
    records = [line for line in run("search", "Apple", "-s", "-f", "jsonl", "--no-aliases", corpus=cased).stdout
               .splitlines()]
    import json

    first = json.loads(records[0])
    text = first["snippets"][0]["text"]
    assert [text[start:end] for start, end in first["snippets"][0]["highlights"]] == ["Apple"]
    assert first["title_highlights"] == [[0, 5]]
    limited = run("search", "Apple", "-s", "-n1", "--no-aliases", "--stats", "-l", corpus=cased)
    assert lines(limited) == ["zh/a"]
    assert limited.stderr.splitlines()[1] == "2 articles contained matches"


def test_s_and_S_together_are_refused(cased):
    assert run("search", "apple", "-s", "-S", corpus=cased).exit_code == 2


def test_case_rule_library():
    query = parse_query(["Apple", "马斯克"])
    assert CaseRule.of(query, "insensitive") is None
    assert CaseRule.of(parse_query(["马斯克"]), "sensitive") is None  # nothing has case
    assert CaseRule.of(parse_query(["apple"]), "smart") is None
    rule = CaseRule.of(query, "smart")
    assert rule.check(query, "apple", "Apple 和 马斯克\n\napple", "all", frozenset()) == (0, 2)
    assert rule.check(query, "", "apple 和 马斯克", "all", frozenset()) is None


# -- the library under line output -------------------------------------------------------

def test_positions_are_characters_from_one(tmp_path):
    file = FileText("ab\n马斯克\r\nx", 0)
    assert file.position(0) == (1, 1)
    assert file.position(4) == (2, 2)
    assert file.line(2) == "马斯克" and file.line(3) == "x"


def test_file_matches_map_to_the_file_with_crlf_and_markup(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("---\r\ntitle: 关于 Musk\r\n---\r\n\r\n[**Musk**](https://musk.example) 说\r\n".encode())
    file = read_file_text(tmp_path, "a.md", "关于 Musk")
    spans = file_matches(file, "关于 Musk", parse_query(["musk"]))
    assert [file.position(start) for start, _ in spans] == [(2, 11), (5, 4)]
    assert [file.text[start:end] for start, end in spans] == ["Musk", "Musk"]
