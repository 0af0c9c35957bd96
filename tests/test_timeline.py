"""`feudcli timeline`: dated statements, hand-annotated.

The expected events of the seeds were written down by reading the articles,
one statement at a time; the small invented articles cover each date form.
"""

from __future__ import annotations

import json
import pytest
from typer.testing import CliRunner

from feudcli.extract.alias_files import shipped_table
from feudcli.cli import app
from feudcli.corpus import parse_article
from feudcli.extract.sentences import sentences
from feudcli.extract.timeline import article_timeline, group_by_date, merge

HANS = "000_d5cc3b91e6a1d0ed"
HANT = "001_eb04c7fb14437574"

# (date, precision, article, relative, the sentence begins with)
SEED_EVENTS = [
    ("2015", "year", HANS, False, "2015年，两人共同参与创建OpenAI"),
    ("2015", "year", HANT, False, "2015年，他們共同創辦了OpenAI"),
    ("2018", "year", HANS, False, "2018年，OpenAI 因资金等因素"),
    ("2018", "year", HANT, False, "關係在2018年左右開始惡化"),
    ("2022", "year", HANS, False, "2022年ChatGPT的横空出世"),
    ("2023", "year", HANS, False, "与此同时，马斯克于2023年成立xAI"),
    ("2023", "year", HANT, False, "2023年：馬斯克創立xAI與推出Grok"),
    ("2024", "year", HANS, True, "马斯克与奥尔特曼近年来一直针锋相对"),  # 去年, in an article of 2025
    ("2024", "year", HANT, False, "2024年法律訴訟"),
    # The lawsuit sentence also says when the company was founded: 2015 is its context.
    ("2024-02", "month", HANS, False, "双方从理念分歧升级为市场竞争"),
    ("2024-03", "month", HANS, True, "去年3月，OpenAI在官网发布文章"),
    ("2025-01-21", "day", HANS, True, "今年1月21日，特朗普入主白宫第二天"),
    ("2025-02", "month", HANT, False, "2月：馬斯克試圖以974億美元收購OpenAI"),  # under "2025年風波："
    ("2025-02-10", "day", HANS, True, "当地时间2月10日，据外媒报道"),
    ("2025-02-10", "day", HANS, True, "马斯克的律师马克·托伯洛夫"),  # 已经于当天提交了收购要约
    ("2025-08", "month", HANT, False, "8月：雙方在X上就蘋果"),
    ("2025-09", "month", HANT, False, "9月：xAI反訴OpenAI竊取商業機密"),
    ("2025-10", "month", HANT, False, "時至今日（2025年10月）"),
]


@pytest.fixture(autouse=True)
def bundled_corpus(monkeypatch):
    monkeypatch.delenv("FEUDCLI_CORPUS", raising=False)
    monkeypatch.delenv("FEUDCLI_ALIASES", raising=False)
    monkeypatch.setenv("COLUMNS", "120")


def run(*args):
    return CliRunner().invoke(app, list(args))


def events_of(text: str, name: str = "a.md"):
    article, _ = parse_article(name, text.encode("utf-8"))
    return article_timeline(article, shipped_table())


def dated(text: str, date: str = "2025-02-12") -> str:
    return f"---\ntitle: t\ndate: {date}\n---\n\n{text}\n"


def summary(timeline) -> list[tuple]:
    return [(event.date, event.precision, event.relative) for event in timeline.events]


# ---------------------------------------------------------------- the seeds

def test_the_seeds_hand_annotated():
    result = run("timeline", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    got = [(r["date"], r["precision"], r["id"], r["relative"]) for r in records]
    assert got == [event[:4] for event in SEED_EVENTS]
    for record, expected in zip(records, SEED_EVENTS):
        assert record["text"].startswith(expected[4])
    lawsuit = next(record for record in records if record["date"] == "2024-02")
    assert lawsuit["context"] == ["2015"]


def test_records_carry_the_documented_fields_in_order():
    records = json.loads(run("timeline", "-f", "json").stdout)
    assert list(records[0]) == ["date", "precision", "id", "text", "entities", "relative", "note", "context"]
    founding = records[0]
    assert founding["entities"] == ["OpenAI"]
    lawsuit = next(r for r in records if r["date"] == "2024" and r["id"] == HANT)
    assert lawsuit["entities"] == ["Elon Musk", "OpenAI", "Sam Altman"]


def test_markdown_is_stripped_from_the_statements():
    for record in json.loads(run("timeline", "-f", "json").stdout):
        assert "**" not in record["text"] and "](" not in record["text"] and not record["text"].startswith("-")


def test_the_two_accounts_of_a_year_stand_side_by_side():
    records = json.loads(run("timeline", "-f", "json").stdout)
    ids_by_year = {}
    for record in records:
        ids_by_year.setdefault(record["date"][:4], set()).add(record["id"])
    for year in ("2015", "2018", "2023", "2024", "2025"):
        assert ids_by_year[year] == {HANS, HANT}, year


def test_filters_since_until_entity_ids():
    result = run("timeline", "--since", "2025", "--until", "2025-02", "-f", "tsv")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        "2025-01-21", "2025-02", "2025-02-10", "2025-02-10"]
    # --since 2024-06 keeps the year 2024 (it overlaps), drops 2024-02 and 2024-03.
    result = run("timeline", "--since", "2024-06", "--until", "2024", "-f", "tsv")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["2024", "2024"]
    by_spelling = {}
    for name in ("奧特曼", "Sam Altman", "altman", "山姆·奥尔特曼"):
        result = run("timeline", "--entity", name, "-f", "tsv")
        by_spelling[name] = result.stdout
    assert len(set(by_spelling.values())) == 1
    assert all("Sam Altman" in line.split("\t")[4] for line in by_spelling["Sam Altman"].splitlines())
    both = run("timeline", "-E", "马斯克", "-E", "xAI", "-f", "tsv").stdout.splitlines()
    assert [line.split("\t")[:3] for line in both] == [["2023", "year", HANS], ["2023", "year", HANT]]
    only = run("timeline", "001", "-f", "tsv").stdout.splitlines()
    assert {line.split("\t")[2] for line in only} == {HANT}


def test_an_unknown_entity_is_looked_for_in_the_text():
    result = run("timeline", "--entity", "非营利", "-f", "tsv")
    assert result.exit_code == 0
    assert "not a known entity" in result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["2015", "2015"]


def test_to_converts_the_statements():
    result = run("timeline", HANS, "--to", "hant", "--until", "2015", "-f", "tsv")
    assert "兩人共同參與創建OpenAI" in result.stdout


def test_bad_dates_and_formats_are_usage_errors():
    assert run("timeline", "--since", "2025年").exit_code == 2
    assert run("timeline", "-f", "xml").exit_code == 2
    assert run("timeline", "nope").exit_code == 2


def test_the_terminal_rendering_is_grouped_by_year():
    result = run("timeline", "-f", "table")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    headings = [line.split()[0] for line in lines if "───" in line]
    assert headings == ["2015", "2018", "2022", "2023", "2024", "2025"]
    # A date is printed once for every statement it dates.
    assert sum(line.lstrip().startswith("2025-02-10") for line in lines) == 1
    assert "18 dated statements from 2 articles" in result.stdout


def test_a_long_id_folds_so_the_statement_keeps_the_width(tmp_path, monkeypatch):
    from cli_helpers import write_corpus

    name = "hugo-blog-aether/content/posts/2023/2023-01-new-year-and-old-friends"
    corpus = write_corpus(tmp_path / "c", {f"{name}.md": "---\ntitle: t\ndate: 2023-01-31\n---\n"
                                           "2023年1月，我回了一趟河北老家，和家人亲戚们一起跨年，然后去北海见了老同学。\n"})
    monkeypatch.setenv("COLUMNS", "100")
    result = run("--corpus", str(corpus), "timeline", "-f", "table")
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert max(len(line) for line in lines) <= 100
    assert "2023年1月，我回了一趟河北老家，和家人亲戚们一起跨年" in result.stdout  # 26 characters on one line
    start = lines[1].index(name[:10])  # the id whole, folded in its column
    assert "".join(line[start:].split()[0] for line in lines[1:4]).startswith(name)


# ---------------------------------------------------------------- each date form

@pytest.mark.parametrize("text, expected", [
    ("2015年，公司成立。", [("2015", "year", False)]),
    ("2024年2月，他提起诉讼。", [("2024-02", "month", False)]),
    ("时至今日（2025年10月），两人关系破裂。", [("2025-10", "month", False)]),
    ("2025年2月10日，报价被拒。", [("2025-02-10", "day", False)]),
    ("二〇二三年五月四日，举行发布会。", [("2023-05-04", "day", False)]),
    ("消息于2025-02-10公布。", [("2025-02-10", "day", False)]),
    ("Musk sued on February 29, 2024 in San Francisco.", [("2024-02-29", "day", False)]),
    ("The offer came on 10 Feb 2025.", [("2025-02-10", "day", False)]),
    ("OpenAI was founded in 2015 as a non-profit.", [("2015", "year", False)]),
    ("In March 2024, OpenAI published the emails.", [("2024-03", "month", False)]),
])
def test_explicit_dates(text, expected):
    assert summary(events_of(dated(text))) == expected


@pytest.mark.parametrize("text, expected", [
    ("去年3月，公司公开了邮件。", [("2024-03", "month", True)]),
    ("今年1月21日，项目宣布。", [("2025-01-21", "day", True)]),
    ("前年，两人还是朋友。", [("2023", "year", True)]),
    ("甚至在去年闹上了法庭。", [("2024", "year", True)]),
    ("上个月，双方再次交锋。", [("2025-01", "month", True)]),
    ("昨天，他回应了。", [("2025-02-11", "day", True)]),
    ("当地时间2月10日，他提出收购。", [("2025-02-10", "day", True)]),
    ("马斯克10日表示不会放弃。", [("2025-02-10", "day", True)]),
    # The news convention: a month without a year is the latest one, or one just ahead.
    ("12月20日，双方首次接触。", [("2024-12-20", "day", True)]),
    ("3月将发布新模型。", [("2025-03", "month", True)]),
    ("6月，他离开了董事会。", [("2024-06", "month", True)]),
])
def test_dates_relative_to_the_article(text, expected):
    assert summary(events_of(dated(text))) == expected


def test_that_day_is_the_day_mentioned_before():
    timeline = events_of(dated("當地時間2月10日，他提出收購。律師表示，已於當天提交要約。次日，對方拒絕。"))
    assert [(e.date, e.text[:2]) for e in timeline.events] == [
        ("2025-02-10", "當地"), ("2025-02-10", "律師"), ("2025-02-11", "次日")]


def test_a_date_of_its_own_beats_the_day_after():
    timeline = events_of(dated("今年1月21日，特朗普入主白宫第二天就宣布了项目。"))
    assert summary(timeline) == [("2025-01-21", "day", True)]


def test_heading_context():
    text = "## 2023年\n\n3月，发布了GPT-4。\n\n11月，董事会风波。\n\n## 2024年的诉讼\n\n2月，马斯克起诉。\n"
    timeline = events_of(dated(text))
    assert summary(timeline) == [("2023-03", "month", False), ("2023-11", "month", False),
                                 ("2024-02", "month", False)]


def test_list_introduction_context_in_an_undated_article():
    text = ("两人的冲突在2025年升级：\n\n- 2月：收购要约被拒。\n- 8月：就应用排名公开争执。\n"
            "  - 12日：发出诉讼威胁。\n- 9月：xAI提起反诉。\n")
    timeline = events_of(text)
    assert summary(timeline) == [("2025-02", "month", False), ("2025-08", "month", False),
                                 ("2025-08-12", "day", False), ("2025-09", "month", False)]
    assert timeline.left_out == []


def test_a_bold_list_item_introduces_its_sub_items():
    text = "- **2025年風波**：\n  - **2月**：試圖收購。\n  - **8月**：公開爭執。\n- **其他**：沒有日期。\n"
    assert summary(events_of(text)) == [("2025-02", "month", False), ("2025-08", "month", False)]


def test_a_year_opening_a_sentence_carries_through_its_paragraph():
    timeline = events_of(dated("2018年，他离开董事会。3月，公司转型。", "2025-06-01"))
    assert summary(timeline) == [("2018", "year", False), ("2018-03", "month", False)]


def test_a_context_from_the_article_date_stays_relative():
    # 12月5日 takes its year from the article's date, and so does the 1日 after it.
    timeline = events_of(dated("12月5日，OpenAI发布了新模型。马斯克在1日的采访中批评了它。"))
    assert summary(timeline) == [("2024-12-05", "day", True), ("2024-12-01", "day", True)]


def test_an_undated_article_keeps_its_own_years_and_counts_the_rest(tmp_path):
    text = "2015年，公司成立。去年3月，邮件公开。4月，又起争执。\n"
    timeline = events_of(text)
    assert summary(timeline) == [("2015", "year", False), ("2015-04", "month", False)]
    assert timeline.left_out == ["去年3月"]
    (tmp_path / "u.md").write_text("去年3月，邮件公开。当天，对方回应。\n\n5月，又起争执。\n", encoding="utf-8")
    result = run("--corpus", str(tmp_path), "timeline", "-v", "-f", "tsv")
    assert result.exit_code == 0 and result.stdout == ""
    assert "u: 3 date(s) left out because it has no date: 去年3月, 当天, 5月" in result.stderr
    assert "left out" not in run("--corpus", str(tmp_path), "timeline", "-f", "tsv").stderr


@pytest.mark.parametrize("text", [
    "收购价为974亿美元，约合5000万美元的百倍。",
    "10年间，从盟友到敌人。",
    "这一传统已有2000年来的历史。",
    "2020年代的人工智能。",
    "三个月后，他又回来了。",
    "人类登上月球。",
    "为期3日的会议，5日内完成。",
    "It may 5 times faster.",
    "每年3月，公司都会举办大会。",
    "访问 https://example.com/2025/08/16/story 了解更多。",
])
def test_things_that_are_not_dates(text):
    assert events_of(dated(text)).events == []


def test_headings_and_introductions_are_context_not_events():
    text = "# 2024年大事记\n\n2024年的几件事：\n\n- 2月，起诉。\n"
    assert summary(events_of(dated(text))) == [("2024-02", "month", False)]


# ---------------------------------------------------------------- sentences and grouping

def test_quoted_speech_stays_in_its_sentence():
    text = "他说：“我们将确保这一点。谢谢。”随后离开。第二句。"
    # Split nowhere inside the quote; a quote that ends with 。 ends its sentence.
    assert sentences(text) == ["他说：“我们将确保这一点。谢谢。”", "随后离开。", "第二句。"]
    assert sentences("He left on Feb. 10, 2025. Then he came back.") == [
        "He left on Feb. 10, 2025.", "Then he came back."]


def test_events_of_one_date_are_grouped_across_articles():
    a = events_of(dated("2015年，两人创立公司。"), "a.md")
    b = events_of("2015年，他們共同創辦了公司。2018年，關係惡化。", "b.md")
    groups = [(date, [event.id for event in events]) for date, events in group_by_date(merge([b, a]))]
    assert groups == [("2015", ["a", "b"]), ("2018", ["b"])]
