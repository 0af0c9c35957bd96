"""`timeline` on blog writing: the rules learnt from real blogs (issue 16).

Every article here is written for its test; each test fails without the rule
it names.
"""

from __future__ import annotations

import json

import pytest

from cli_helpers import run, write_corpus
from feudcli.extract.alias_files import shipped_table
from feudcli.corpus import parse_article
from feudcli.extract.timeline import article_timeline


def timeline_of(body: str, date: str | None = "2025-02-12", title: str = "t"):
    front = f"---\ntitle: {title}\ndate: {date}\n---\n\n" if date else f"---\ntitle: {title}\n---\n\n"
    article, _ = parse_article("a.md", (front + body + "\n").encode("utf-8"))
    return article_timeline(article, shipped_table())


def summary(body: str, date: str | None = "2025-02-12", title: str = "t") -> list[tuple]:
    return [(event.date, event.precision, event.note, event.context)
            for event in timeline_of(body, date, title).events]


# ---------------------------------------------------------------- relative day words

@pytest.mark.parametrize("text", [
    # The three parts of a move named as words, quoted or listed.
    "这次搬家分成三个部分：“昨天”、“今天”和“明天”。",
    "我想写写我的昨天、今天和明天。",
    "他说：“今天我们不谈工作。”",
    # Figures of speech.
    "相信我们的明天会更好。",
    "今天的中国和十年前已经不同了。",
    "明天会更好。",
    # To this day; a condition; a habit.
    "这两个论点直到今天都还成立。",
    "无论你今天用的是哪个平台，都要考虑运维。",
    "妹妹每天都在朋友圈发自己今天去了哪里。",
    # An example; an idiom (put off till tomorrow).
    "比如看似无意地透露有男孩子今天给我点了外卖。",
    "于是就想着，算了算了，明天再说吧。",
    # 当天 with no day before it.
    "事件发生的当天，有一个美丽的清晨。",
    # Any date in a supposition.
    "如果你五月份来挪威，那是收获的季节。",
    "即使是 2000 年建立的网站，如今也能正常访问。",
    "那就是不破坏旧的网站，即使是 2000 年建立的网站，如今也能访问。",
    "统计很简单，无论你今天用的是哪个平台，都要考虑运维。",
])
def test_a_day_word_that_dates_nothing_is_no_event(text):
    assert summary(text) == []


def test_a_day_word_dates_an_event_in_a_dated_article_only():
    assert summary("昨晚，我们吃了火锅。今天，我们去了长城。") == [
        ("2025-02-11", "day", "", []), ("2025-02-12", "day", "", [])]
    undated = timeline_of("昨晚，我们吃了火锅。", date=None)
    assert undated.events == [] and undated.left_out == ["昨晚"]


def test_a_day_word_in_a_heading_is_no_event():
    assert summary("## 今天\n\n天气不错。") == []


def test_a_day_word_in_a_travel_diary_is_the_diarys_day_not_the_posts():
    diary = "## Day 2 婺源\n\n今天的第一站是篁岭。昨晚没睡好。\n\n## Day 3\n\n9月12日，我们回到了杭州。"
    timeline = timeline_of(diary, "2022-09-20")
    assert [(event.date, event.precision) for event in timeline.events] == [("2022-09-12", "day")]
    assert timeline.left_out == ["今天", "昨晚"]
    assert summary("## 第三天\n\n今天下雨。", "2022-09-20") == []
    assert summary("## 厦门第二天行程\n\n我们想着明天上午去植物园。", "2023-01-15") == []
    assert summary("## 第 3 天，2023.05.25\n\n昨天也想看日出。", "2023-05-29") == []
    assert summary("到深圳后，准备第二天去香港。剩下的就是好好休息，明天出境。", "2015-06-02") == []
    # A post with no numbered days: 今天 is the day it is dated.
    assert summary("## 第三部分\n\n今天下雨。", "2022-09-20") == [("2022-09-20", "day", "", [])]


# ---------------------------------------------------------------- informal forms

@pytest.mark.parametrize("text, expected", [
    ("19年3月底，我入职了。", [("2019-03", "month", "late", [])]),
    ("20年1月初，疫情开始了。", [("2020-01", "month", "early", [])]),
    ("08年，我去了北京。", [("2008", "year", "", [])]),
    ("98年，我出生在小城。", [("1998", "year", "", [])]),
    ("24年底，接手了一个模块。", [("2024", "year", "late", [])]),
    # The nearest year: next year in a review of the year before.
    ("唯一能够确定的是，26 年，我会离开家乡。", [("2026", "year", "", [])]),
])
def test_two_digit_years(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize("text", ["他在这家公司工作了20年。", "这条路修了15年才通车。"])
def test_twenty_years_is_no_year(text):
    assert summary(text) == []


def test_a_month_without_a_year_told_as_done_is_not_ahead_of_the_article():
    assert summary("8 月 28 日，我开启了大学生活。", "2025-08-03") == [("2024-08-28", "day", "", [])]
    # Announced, it may be a month or two ahead (as news write).
    assert summary("9 月 10 日，我们将发布新版本。", "2025-08-03") == [("2025-09-10", "day", "", [])]
    assert summary("为了 9 月 10 日的发布会，我们在准备。", "2025-08-03") == [("2025-09-10", "day", "", [])]


def test_a_date_without_a_year_in_a_section_about_another_time_is_left_out():
    history = "### 惩罚\n\n1958年5月2日，举行了国会选举。\n\n自2月28日起，示威持续不断。25日，教授们游行。"
    timeline = timeline_of(history, "2014-09-14")
    assert [event.date for event in timeline.events] == ["1958-05-02"]
    assert timeline.left_out == ["2月28日", "25日"]
    # In a section about the article's own year, the article's date gives it.
    assert summary("2014年5月2日，我搬了家。\n\n2月28日，我辞职了。", "2014-09-14") == [
        ("2014-05-02", "day", "", []), ("2014-02-28", "day", "", [])]


def test_a_day_alone_takes_the_nearest_month_written_before_it():
    assert summary("10月份我开始学车。\n\n12号第一次上车。") == [
        ("2024-10", "month", "", []), ("2024-10-12", "day", "", [])]


def test_a_day_alone_with_no_month_before_takes_the_articles():
    # 26号 is after the 12th: the month before the article's.
    assert summary("26号，我们出发去了青岛。") == [("2025-01-26", "day", "", [])]
    assert summary("8号那天下了雪。") == [("2025-02-08", "day", "", [])]


@pytest.mark.parametrize("text", ["我们坐13号线地铁回家。", "他住在3号楼。"])
def test_a_numbered_thing_is_no_day(text):
    assert summary(text) == []


def test_last_and_next_month():
    assert summary("上个月，双方再次交锋。下个月，我们搬家。") == [
        ("2025-01", "month", "", []), ("2025-03", "month", "", [])]


def test_spring_festival_is_never_a_wrong_month():
    assert summary("春节前，我回了老家。") == []
    assert summary("2023年春节前，我回了老家。") == [("2023", "year", "", [])]


@pytest.mark.parametrize("text, expected", [
    ("9月初，我们去了西班牙。", [("2024-09", "month", "early", [])]),
    ("2023年10月中旬，收到了面试邀请。", [("2023-10", "month", "mid", [])]),
    ("11月底开始摸车了。", [("2024-11", "month", "late", [])]),
    ("去年年底就开始看相机了。", [("2024", "year", "late", [])]),
    ("2024年下半年，我开始找工作。", [("2024", "year", "second half", [])]),
    ("1 ~ 3 月：申请研究所。", [("2025-01", "month", "until 2025-03", [])]),
])
def test_parts_of_months_and_years_are_notes(text, expected):
    assert summary(text) == expected


def test_mid_month_only_where_nothing_follows():
    # 3 月中有… is "in March there is", not mid-March.
    assert summary("9 月中有一次旅行。") == [("2024-09", "month", "", [])]


def test_a_bare_day_in_japanese_is_no_date():
    assert summary("2日目は札幌へ移動。") == []
    assert summary("2泊3日で佐渡に行った。") == []


# ---------------------------------------------------------------- what is not prose

@pytest.mark.parametrize("body", [
    "运行 `date -d 2024-01-02` 看看输出。",
    "```\n2024年1月1日，代码块里的日期。\n```",
    "日志在 /var/log/app/2024-05-01 里，文章在 example.com/2024/05/post 上。",
    "视频见 video-2025-03-15.mp4 这个文件。",
    '{{< video src="2025-03-15.mp4" >}}',
    "访问 https://example.com/2025/08/16/story 了解更多。",
])
def test_no_dates_from_code_paths_addresses_or_templates(body):
    assert summary(body) == []


def test_inline_code_stays_in_the_statement_shown():
    events = timeline_of("2024年，我们把 `make` 换成了 `just`。").events
    assert [event.text for event in events] == ["2024年，我们把 make 换成了 just。"]


def test_a_front_matter_without_its_opening_line_gives_only_its_date():
    text = ("layout: post\ntitle: 宅宅云\ncategories:\n  - homecloud\ndate: 2019-11-14 23:39:00\n"
            "updated: 2020-10-30 00:31:45\n---\n昨天，我们发布了新版本。\n")
    article, _ = parse_article("h.md", text.encode("utf-8"))
    timeline = article_timeline(article, shipped_table())
    assert [(event.date, event.text) for event in timeline.events] == [("2019-11-13", "昨天，我们发布了新版本。")]


def test_a_link_or_an_embedded_post_is_no_statement():
    body = ("- [2014/12/31 今年のまとめ](https://example.org/2014/12/31/a/)\n\n"
            '<blockquote class="twitter-tweet"><p>好吃</p>&mdash; me (@me) '
            '<a href="https://twitter.com/me/status/1">March 12, 2022</a></blockquote>\n')
    assert summary(body) == []


@pytest.mark.parametrize("body", [
    "我在《你今天FOMO了吗？》里写过这件事。",
    "重读了《1984》，又读了《2001年太空漫游》。",
    '[4] 官大为, "又五个离开社群媒体的理由," 2025年11月19日.',
    "[^2]: 见 2024年3月 的报道。",
    "![[CleanShot 2023-05-29 at 10.51.09@2x.png]]()",
])
def test_a_title_of_a_work_or_a_citation_is_no_date(body):
    assert summary(body) == []


def test_a_tweet_signature_is_no_statement():
    assert summary("好吃的拉面 pic.twitter.com/abc — い (@UVB_76) March 12, 2022") == []


# ---------------------------------------------------------------- one statement, one date

def test_an_iso_date_after_a_preposition_is_that_day_not_its_year():
    assert summary("Code samples added on or after 2010-08-20 are CC0.") == [("2010-08-20", "day", "", [])]


@pytest.mark.parametrize("text, expected", [
    ("2024年2月，马斯克起诉了OpenAI，指控他违反了他在2015年帮助创建该公司时订立的协议。",
     [("2024-02", "month", "", ["2015"])]),
    ("2020 年度文章 35 篇，比 2019 年还增加 6 篇。", [("2020", "year", "", ["2019"])]),
    ("我在 2023 年来美国念书之后，在 2024 年暑假找到了实习。", [("2024", "year", "", ["2023"])]),
    ("学校这个月 8 号就是最后一天上课了。", [("2025-02-08", "day", "", ["2025-02"])]),
])
def test_a_statement_with_two_dates_is_listed_once_under_its_event(text, expected):
    assert summary(text) == expected


def test_a_date_only_compared_with_is_no_event():
    assert summary("身体方面，能明显感觉到是不如去年的。", "2016-12-22") == []
    assert summary("今年的收入比去年少。", "2016-12-22") == [("2016", "year", "", ["2015"])]


# ---------------------------------------------------------------- the period an article is about

def test_a_review_early_in_the_year_means_the_year_it_reviews():
    events = summary("今年最大的变化是换了工作。明年继续加油。", "2020-01-02", "2019 年度总结")
    assert events == [("2019", "year", "", []), ("2020", "year", "", [])]
    # A title that names no year before: 今年 is the article's year.
    assert summary("今年最大的变化是换了工作。", "2020-01-02", "年度总结") == [("2020", "year", "", [])]


def test_a_review_of_its_own_year_means_that_year():
    # Written in December: 2月份 is this February, not the next.
    assert summary("2月份，我开始跑步。", "2020-12-24", "2020 retrospective") == [("2020-02", "month", "", [])]
    assert summary("2月份，我开始跑步。", "2020-12-24", "Retrospective") == [("2021-02", "month", "", [])]


def test_a_date_alone_on_its_line_labels_what_follows():
    body = "10月份\n\n跑了第一场半马，感觉很好。\n\n26号，又跑了一场。\n\n- 12月份\n  - 8号，跑了全马。"
    assert summary(body, "2020-12-24", "2020 retrospective") == [
        ("2020-10-26", "day", "", []), ("2020-12-08", "day", "", [])]


def test_a_diary_of_dated_entries_keeps_its_day_words_to_itself():
    diary = "2019-01-17\n\n昨天晚上接了新室友。\n\n2019-02-07\n\n夜里下了冰雨，今天路很滑。"
    timeline = timeline_of(diary, "2019-01-13")
    assert timeline.events == [] and timeline.left_out == ["昨天", "今天"]


def test_a_monthly_report_means_its_month():
    events = summary("這個月去了曼谷。", "2023-05-06", "2023 年 4 月報報")
    assert events == [("2023-04", "month", "", [])]


# ---------------------------------------------------------------- the command

def test_json_has_note_and_context_and_tsv_keeps_its_columns(tmp_path):
    corpus = write_corpus(tmp_path / "c", {
        "a.md": "---\ntitle: t\ndate: 2025-02-12\n---\n19年3月底，我入职了，比2018年晚了一年。\n"})
    record = json.loads(run("timeline", "-f", "jsonl", corpus=corpus).stdout)
    assert record["date"] == "2019-03" and record["note"] == "late" and record["context"] == ["2018"]
    assert list(record) == ["date", "precision", "id", "text", "entities", "relative", "note", "context"]
    line = run("timeline", "-f", "tsv", corpus=corpus).stdout.rstrip("\n").split("\t")
    assert line[:4] == ["2019-03", "month", "a", "true"] and line[-1].startswith("19年3月底")
