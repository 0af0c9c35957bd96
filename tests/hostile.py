"""A "hostile corpus": one file for each way a real corpus goes wrong.

Built in a temporary directory by `build_hostile_corpus(root)`; the fixture
`hostile_corpus` in conftest.py wraps it. Each case records what a user
should see: whether the file is loaded or skipped, and a fragment of the
one warning it earns on stderr (None: read silently, it is not wrong).

The Chinese sentences are written for these tests (no outside source).
"""

from __future__ import annotations

import codecs
import json
import os
import pty
import re
import select
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

SIMPLIFIED = (
    "近日，马斯克和奥尔特曼又在互联网上开始了新一轮争论。两人曾经是亲密的合作伙伴，"
    "如今却因为人工智能的未来发展方向而分道扬镳。这场争论引起了科技界的广泛关注，"
    "许多评论员认为，这反映了行业内部对于开放与商业之间关系的深刻分歧。"
)
TRADITIONAL = (
    "近日，馬斯克與奧特曼再度在網路上展開新一輪爭論。兩人曾經是親密的合作夥伴，"
    "如今卻因為人工智慧的未來發展方向而分道揚鑣。這場爭論引起了科技界的廣泛關注，"
    "許多評論員認為，這反映了產業內部對於開放與商業之間關係的深刻分歧。"
)

# Text that would do something if it reached a terminal or rich raw.
ANSI_TITLE = "红色\x1b[31m标题\x1b[0m\x07"
OSC_TITLE = "\x1b]0;pwned\x07\x1b]8;;http://evil.example/\x1b\\链接\x1b]8;;\x1b\\"
MARKUP_TITLE = "[bold red]x[/] [link=file:///etc/passwd]点我[/link]"
HOSTILE_BODY = (
    "正文\x1b[2J\x1b[H清屏\x9b31m\u202e倒序\u202c "
    "[bold red]x[/] [link=file:///etc/passwd]点我[/link]\n\n" + SIMPLIFIED
)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON is YAML) carrying control characters escaped."""
    return json.dumps(text, ensure_ascii=False)


def front(meta: str, body: str = SIMPLIFIED, fence: str = "---") -> str:
    return f"{fence}\n{meta.strip()}\n{fence}\n\n{body}\n"


@dataclass
class Case:
    path: str  # relative to the corpus root
    content: bytes | None  # None: made by a special step (directory, link, …)
    loaded: bool = True  # still listed after the warning
    warning: str | None = None  # fragment of its warning; None: no warning
    id: str | None = None  # the id it gets, when loaded
    notes: dict = field(default_factory=dict)

    @property
    def shown_path(self) -> str:
        """The path as feudcli prints it (bytes that are not UTF-8 as \\xNN)."""
        return os.fsencode(self.path).decode("utf-8", errors="backslashreplace")


def _cases() -> dict[str, Case]:
    utf8 = lambda text: text.encode("utf-8")  # noqa: E731
    cases = {
        "good": Case("good.md", utf8(front("title: 好文章\ndate: 2025-02-12\ntags: [科技]"))),
        "good_hant": Case("good_hant.md", utf8(front("title: 繁體文章\nlang: zh-TW", TRADITIONAL))),
        "invalid_yaml": Case("invalid_yaml.md", utf8(front("title: [unclosed\ndate: 2025-01-01")),
                             warning="not valid YAML"),
        "invalid_toml": Case("invalid_toml.md", utf8(front('title = "x\ndate = ', fence="+++")),
                             warning="not valid TOML"),
        "list_front": Case("list_front.md", utf8(front("- a\n- b")), warning="not a mapping"),
        "scalar_front": Case("scalar_front.md", utf8(front("just some words")), warning="not a mapping"),
        "unterminated": Case("unterminated.md", utf8("---\ntitle: 没有结尾\n\n" + SIMPLIFIED + "\n"),
                             warning="never closed"),
        "python_tag": Case(
            "python_tag.md",
            utf8(front('title: !!python/object/apply:os.system ["touch PWNED"]\n'
                       "x: !!python/object:feudcli.corpus.Article {}")),
            warning="not valid YAML"),
        "date_word": Case("date_word.md", utf8(front("title: 昨天\ndate: yesterday")), warning="not a date"),
        "date_impossible": Case("date_impossible.md", utf8(front("title: 不可能\ndate: 2025-13-45")),
                                warning="not a date"),
        "title_number": Case("title_number.md", utf8(front("title: 42")), warning="title is a number"),
        "title_list": Case("title_list.md", utf8(front("title: [甲, 乙]")), warning="title is a list"),
        "tags_string": Case("tags_string.md", utf8(front("title: 标签\ntags: 马斯克, OpenAI")),
                            warning="tags is text"),
        "bom_utf8": Case("bom_utf8.md", codecs.BOM_UTF8 + utf8(front("title: 带BOM")),
                         notes={"encoding": "utf-8-sig", "title": "带BOM"}),
        "utf16": Case("utf16.md", front("title: 十六位", TRADITIONAL).encode("utf-16"),
                      notes={"encoding": "utf-16", "title": "十六位"}),
        "utf16_be": Case("utf16_be.md", codecs.BOM_UTF16_BE + front("title: 大端").encode("utf-16-be"),
                         notes={"encoding": "utf-16", "title": "大端"}),
        "gb18030": Case("gb18030.md", front("title: 国标编码", SIMPLIFIED).encode("gb18030"),
                        notes={"encoding": "gb18030", "title": "国标编码"}),
        "gbk": Case("gbk.txt", front("title: 国标扩展", SIMPLIFIED).encode("gbk"),
                    notes={"encoding": "gb18030", "title": "国标扩展"}),
        "big5": Case("big5.md", front("title: 大五碼", TRADITIONAL).encode("big5"),
                     notes={"encoding": "big5hkscs", "title": "大五碼"}),
        "undecodable": Case("undecodable.md", b"---\ntitle: x\n---\n\xff\xfe\x80\x81 \xff\x80" * 3,
                            loaded=False, warning="not UTF-8"),
        "crlf": Case("crlf.md", utf8(front("title: 换行\r\ndate: 2025-03-01", SIMPLIFIED)).replace(b"\n", b"\r\n"),
                     notes={"title": "换行", "date": "2025-03-01"}),
        "only_front": Case("only_front.md", utf8("---\ntitle: 只有元数据\n---\n"), warning="no text"),
        "empty": Case("empty.md", b"", warning="empty"),
        "binary": Case("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
                       loaded=False, warning="binary"),
        "ansi_title": Case("ansi_title.md", utf8(front(f"title: {quoted(ANSI_TITLE)}", HOSTILE_BODY)),
                           notes={"title": ANSI_TITLE}),
        "osc_title": Case("osc_title.md", utf8(front(f"title: {quoted(OSC_TITLE)}", HOSTILE_BODY)),
                          notes={"title": OSC_TITLE}),
        "markup_title": Case("markup_title.md", utf8(front(f"title: {quoted(MARKUP_TITLE)}", HOSTILE_BODY)),
                             notes={"title": MARKUP_TITLE}),
        # YAML forbids raw control characters: the front matter is refused.
        "raw_escape_yaml": Case("raw_escape_yaml.md", utf8(front("title: 原始\x1b[31m转义")),
                                warning="not valid YAML"),
        # File names are text from outside too.
        "escape_name": Case("名字\x1b[31m红.md", utf8(front("title: 文件名"))),
        "bad_name": Case(os.fsdecode(b"bad\xffname.md"), utf8(front("title: 坏文件名")),
                         warning="not valid UTF-8", id="bad\\xffname"),
        # Same id "clash" from two files: the second keeps its full path as id.
        "collide_md": Case("clash.md", utf8(front("title: 冲突一")), id="clash"),
        "collide_txt": Case("clash.txt", utf8(front("title: 冲突二")), warning="same id", id="clash.txt"),
        # A directory with an article's name is walked, not read: its article is listed.
        "directory": Case("folder.md/inside.md", utf8(front("title: 目录里")), id="folder.md/inside"),
        "unreadable": Case("unreadable.md", utf8(front("title: 读不了")), warning="cannot be read"),
        "symlink_loop": Case("loop", None, loaded=False, warning="symlink"),
        "self_link": Case("self.md", None, loaded=False, warning="cannot be read"),
        "fifo": Case("fifo.md", None, loaded=False, warning="not a regular file"),
    }
    for name, case in cases.items():
        if case.id is None and case.loaded:
            case.id = case.path.rpartition(".")[0]
    return cases


@dataclass
class HostileCorpus:
    root: Path
    cases: dict[str, Case]
    can_chmod: bool  # False as root: chmod 000 does not stop reading

    def path(self, name: str) -> Path:
        return self.root / self.cases[name].path

    def snapshot(self) -> dict[str, bytes]:
        """Every regular file's bytes, to check that nothing was modified."""
        return snapshot(self.root)


def snapshot(root: Path) -> dict[str, bytes]:
    files = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink() and os.access(path, os.R_OK):
                files[str(path.relative_to(root))] = path.read_bytes()
    return files


def build_hostile_corpus(root: Path) -> HostileCorpus:
    cases = _cases()
    root.mkdir(parents=True, exist_ok=True)
    for case in cases.values():
        if case.content is None:
            continue
        target = root / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.content)
    os.symlink(".", root / cases["symlink_loop"].path)
    os.symlink(cases["self_link"].path, root / cases["self_link"].path)
    os.mkfifo(root / cases["fifo"].path)
    unreadable = root / cases["unreadable"].path
    unreadable.chmod(0)
    can_chmod = not os.access(unreadable, os.R_OK)
    if not can_chmod:
        # Root reads anything: the file loads normally, with no warning.
        cases["unreadable"].warning = None
    return HostileCorpus(root, cases, can_chmod)


def write_big_article(path: Path, megabytes: int = 50) -> int:
    """A long but ordinary article (paragraphs of Chinese), about N MB."""
    paragraph = (SIMPLIFIED + "\n\n").encode("utf-8")
    head = front("title: 很长的文章\ndate: 2025-04-01", "").encode("utf-8")
    count = megabytes * 1024 * 1024 // len(paragraph)
    with path.open("wb") as out:
        out.write(head)
        for _ in range(count // 1000):
            out.write(paragraph * 1000)
    return path.stat().st_size


# What rich itself writes: SGR colour/style sequences. Anything else that
# starts with ESC, or any other control character, came from an article.
RICH_SGR = re.compile(r"\x1b\[[0-9;]*m")
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_safe_for_terminal(output: str) -> None:
    assert "红色\x1b[31m标题" not in output  # the article's own SGR, raw
    leftover = RICH_SGR.sub("", output).replace("\r", "")
    assert not CONTROLS.search(leftover), repr(CONTROLS.search(leftover).group())
    # …and made visible instead of dropped: the reader sees they are there.
    assert "\\x1b" in output


def assert_markup_literal(output: str) -> None:
    plain = RICH_SGR.sub("", output)
    assert "[bold red]x[/]" in plain
    assert "[link=file:///etc/passwd]" in plain
    assert "\x1b]8;" not in output  # no terminal hyperlink was made


def run_in_terminal(args: list[str], timeout: float = 60) -> tuple[int, str]:
    """Run feudcli with stdout and stderr on a real pseudo-terminal."""
    controller, terminal = pty.openpty()
    # FEUDCLI_PAGER empty: what is checked is feudcli's output, not a pager's.
    env = {**os.environ, "COLUMNS": "200", "LINES": "50", "PYTHONUNBUFFERED": "1", "FEUDCLI_PAGER": ""}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "feudcli", *args], stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, env=env, close_fds=True)
    os.close(terminal)
    chunks = []
    while True:
        ready, _, _ = select.select([controller], [], [], timeout)
        if not ready:
            process.kill()
            raise AssertionError("feudcli did not finish")
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(timeout), b"".join(chunks).decode("utf-8", errors="replace")
