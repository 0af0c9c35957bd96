"""Issue 12: `convert --in-place` and `-o DIR` never lose an edit, never
write outside where they should, keep bytes and permissions, and leave no
debris or stray processes behind when stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import feudcli.convert.article
from cli_helpers import run
from hostile import SIMPLIFIED, front

FEUDCLI = [sys.executable, "-m", "feudcli"]
ARTICLE = front("title: 发展", "发展\n")
CONVERTED = front("title: 發展", "發展\n")


def edit_while_converting(monkeypatch, action):
    """Run `action` once, after every file was read and before any is
    written: what a user typing while convert runs looks like."""
    real = feudcli.convert.article.convert_document
    done = []

    def convert_then_act(*args, **kwargs):
        if not done:
            done.append(True)
            action()
        return real(*args, **kwargs)

    monkeypatch.setattr(feudcli.convert.article, "convert_document", convert_then_act)


def tmp_files(root: Path) -> list[str]:
    return [path.name for path in root.rglob("*") if path.name.endswith(".tmp")]


# -- an edit made while convert runs is never lost ------------------------------

def test_an_edit_made_meanwhile_is_kept_and_a_deleted_file_stays_deleted(make_corpus, monkeypatch):
    root = make_corpus({"a.md": ARTICLE, "b.md": ARTICLE, "c.md": ARTICLE})

    def user_edits():
        with open(root / "b.md", "a", encoding="utf-8") as stream:
            stream.write("EDIT\n")
        (root / "c.md").unlink()

    edit_while_converting(monkeypatch, user_edits)
    result = run("convert", "--all", "--to", "hant", "--in-place", "-j", "1", corpus=root)
    assert result.exit_code == 2
    assert (root / "a.md").read_text(encoding="utf-8") == CONVERTED
    assert (root / "b.md").read_text(encoding="utf-8") == ARTICLE + "EDIT\n"
    assert not (root / "c.md").exists()
    assert "feudcli: warning: b: it changed after it was read; left as it is now" in result.stderr
    assert "feudcli: warning: c: it was deleted after it was read; not written again" in result.stderr
    assert tmp_files(root) == []


def test_a_file_replaced_meanwhile_is_left_alone(make_corpus, monkeypatch):
    root = make_corpus({"a.md": ARTICLE})

    def editor_saves():  # an editor writes a new file and renames it over the old
        (root / "new").write_text(ARTICLE, encoding="utf-8")
        os.replace(root / "new", root / "a.md")

    edit_while_converting(monkeypatch, editor_saves)
    result = run("convert", "--all", "--to", "hant", "--in-place", "-j", "1", corpus=root)
    assert result.exit_code == 2
    assert (root / "a.md").read_text(encoding="utf-8") == ARTICLE
    assert "a: it changed after it was read" in result.stderr


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A few thousand small articles: enough for a run to be caught midway."""
    def make(name: str) -> Path:
        root = tmp_path_factory.mktemp(name)
        for number in range(2500):
            (root / f"a{number:04}.md").write_text(
                front(f"title: 文章{number}", (SIMPLIFIED + "\n\n") * 3), encoding="utf-8")
        return root
    return make


def _start(args, **kwargs):
    return subprocess.Popen([*FEUDCLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def _wait_until(condition, process, seconds=60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_real_edit_during_a_real_run_survives(many):
    root = many("race")
    original = (root / "a2499.md").read_bytes()
    process = _start(["--corpus", str(root), "convert", "--all", "--to", "hant", "--in-place", "-j", "1"])
    first = root / "a0000.md"
    before = first.read_bytes()
    if not _wait_until(lambda: first.read_bytes() != before, process):
        process.kill()
        pytest.skip("the conversion finished before the file could be edited")
    with open(root / "a2499.md", "ab") as stream:  # `echo EDIT >> a2499.md`
        stream.write(b"EDIT\n")
    (root / "a2498.md").unlink()
    _, stderr = process.communicate(timeout=300)
    edited = (root / "a2499.md").read_bytes()
    # Left as the user made it, or (if convert got there first) converted
    # and then edited: the edit is there either way.
    assert edited == original + b"EDIT\n" or (edited.endswith(b"EDIT\n") and "馬斯克".encode() in edited)
    if edited == original + b"EDIT\n":
        assert b"a2499: it changed after it was read" in stderr
    assert not (root / "a2498.md").exists()
    assert "馬斯克" in (root / "a2497.md").read_text(encoding="utf-8")


# -- symbolic links -----------------------------------------------------------------

@pytest.fixture
def linked(tmp_path, make_corpus):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.md").write_text(ARTICLE, encoding="utf-8")
    root = make_corpus({"a.md": ARTICLE})
    (root / "ext").symlink_to(victim, target_is_directory=True)
    return root, victim


def test_in_place_never_rewrites_through_a_symlinked_directory(linked):
    root, victim = linked
    result = run("convert", "--all", "--to", "hant", "--in-place", corpus=root)
    assert (victim / "notes.md").read_text(encoding="utf-8") == ARTICLE
    assert (root / "a.md").read_text(encoding="utf-8") == CONVERTED
    assert f"ext/notes: is reached through the symbolic link {root / 'ext'}; not rewritten in place" \
        in result.stderr
    assert "--follow" in result.stderr


def test_output_never_copies_through_a_symlinked_directory(linked, tmp_path):
    root, victim = linked
    out = tmp_path / "out"
    result = run("convert", "--all", "--to", "hant", "-o", str(out), corpus=root)
    assert (out / "a.md").exists() and not (out / "ext").exists()
    assert "ext/notes: is reached through the symbolic link" in result.stderr


def test_follow_converts_what_the_links_point_to(linked, tmp_path):
    root, victim = linked
    result = run("convert", "--all", "--to", "hant", "--in-place", "--follow", corpus=root)
    assert result.exit_code == 0, result.stderr
    assert (victim / "notes.md").read_text(encoding="utf-8") == CONVERTED
    assert (root / "ext").is_symlink()
    out = tmp_path / "out"
    assert run("convert", "--all", "--to", "hans", "-o", str(out), "--follow", corpus=root).exit_code == 0
    assert (out / "ext" / "notes.md").read_text(encoding="utf-8") == ARTICLE


def test_a_directory_swapped_for_a_symlink_midway_is_not_written_through(make_corpus, tmp_path, monkeypatch):
    root = make_corpus({"sub/a.md": ARTICLE, "sub/b.md": ARTICLE})
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "sub").mkdir(parents=True)
    elsewhere.mkdir()

    def swap():  # after planning checked DIR, before anything is written
        (out / "sub").rmdir()
        (out / "sub").symlink_to(elsewhere, target_is_directory=True)

    edit_while_converting(monkeypatch, swap)
    result = run("convert", "--all", "--to", "hant", "-o", str(out), "-j", "1", corpus=root)
    assert result.exit_code == 2
    assert list(elsewhere.iterdir()) == []
    assert "sub/a: not written: a directory on the way to" in result.stderr


# -- bytes, permissions, links ----------------------------------------------------

GBK_FRAGMENT = "发展".encode("gbk")  # not UTF-8


def test_damaged_utf8_keeps_its_bytes(make_corpus):
    damaged = ("---\ntitle: 发展\n---\n\n发展" + SIMPLIFIED).encode() + GBK_FRAGMENT + "。发展\n".encode()
    root = make_corpus({"a.md": damaged})
    result = run("convert", "a", "--to", "hant", "--in-place", corpus=root)
    assert result.exit_code == 0, result.stderr
    written = (root / "a.md").read_bytes()
    assert GBK_FRAGMENT in written and "\ufffd".encode() not in written
    assert written.startswith("---\ntitle: 發展\n---\n\n發展".encode())
    assert written.endswith("。發展\n".encode())


def test_damaged_bytes_in_the_front_matter_leave_it_alone(make_corpus):
    damaged = b"---\ntitle: \xb7\xa2 " + "发展\n---\n\n发展".encode() + SIMPLIFIED.encode() + b"\n"
    root = make_corpus({"a.md": damaged})
    result = run("convert", "a", "--to", "hant", "--in-place", corpus=root)
    assert result.exit_code == 0, result.stderr
    written = (root / "a.md").read_bytes()
    assert written.startswith(b"---\ntitle: \xb7\xa2 " + "发展\n---\n\n發展".encode())
    assert "front matter holds bytes that are not UTF-8; left as it was" in result.stderr


def test_damaged_bytes_survive_on_stdout_and_in_output_too(make_corpus, tmp_path):
    damaged = ("发展" + SIMPLIFIED).encode() + GBK_FRAGMENT + b"\n"
    root = make_corpus({"a.md": damaged})
    assert GBK_FRAGMENT in run("convert", "a", "--to", "hant", corpus=root).stdout_bytes
    assert run("convert", "a", "--to", "hant", "-o", str(tmp_path / "out"), corpus=root).exit_code == 0
    assert GBK_FRAGMENT in (tmp_path / "out" / "a.md").read_bytes()


def test_permission_bits_are_kept(make_corpus):
    root = make_corpus({"a.md": ARTICLE, "b.md": ARTICLE})
    (root / "a.md").chmod(0o640)
    (root / "b.md").chmod(0o755)
    assert run("convert", "--all", "--to", "hant", "--in-place", corpus=root).exit_code == 0
    assert (root / "a.md").stat().st_mode & 0o7777 == 0o640
    assert (root / "b.md").stat().st_mode & 0o7777 == 0o755
    assert (root / "a.md").read_text(encoding="utf-8") == CONVERTED


def test_a_read_only_file_is_refused_not_replaced(make_corpus):
    root = make_corpus({"a.md": ARTICLE, "b.md": ARTICLE})
    (root / "a.md").chmod(0o444)
    try:
        result = run("convert", "--all", "--to", "hant", "--in-place", corpus=root)
        assert result.exit_code == 2
        assert (root / "a.md").read_text(encoding="utf-8") == ARTICLE
        assert (root / "a.md").stat().st_mode & 0o7777 == 0o444
        assert "feudcli: warning: a: is read-only; not rewritten in place" in result.stderr
        assert (root / "b.md").read_text(encoding="utf-8") == CONVERTED
    finally:
        (root / "a.md").chmod(0o644)


def test_hard_links_are_not_split(make_corpus, tmp_path):
    root = make_corpus({"a.md": ARTICLE})
    os.link(root / "a.md", tmp_path / "other-name.md")
    result = run("convert", "--all", "--to", "hant", "--in-place", corpus=root)
    assert result.exit_code == 2
    assert "feudcli: warning: a: has 2 hard links; not rewritten in place" in result.stderr
    assert os.path.samefile(root / "a.md", tmp_path / "other-name.md")
    assert (root / "a.md").read_text(encoding="utf-8") == ARTICLE


# -- debris from a killed run -----------------------------------------------------

def test_a_later_run_removes_stale_temporary_files_of_its_own(make_corpus, tmp_path):
    root = make_corpus({"a.md": ARTICLE})
    stale = root / ".a.md.feudcli-0123abcd.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    current = root / ".b.md.feudcli-89abcdef.tmp"  # another run's, still being written
    current.write_bytes(b"busy")
    os.utime(current, (time.time() + 3600, time.time() + 3600))
    mine = root / ".notes.tmp"  # not feudcli's
    mine.write_bytes(b"user's")
    os.utime(mine, (time.time() - 3600, time.time() - 3600))
    out = tmp_path / "out"
    out.mkdir()
    stale_out = out / ".a.md.feudcli-fedcba98.tmp"
    stale_out.write_bytes(b"half")
    os.utime(stale_out, (time.time() - 3600, time.time() - 3600))
    assert run("convert", "a", "--to", "hant", "-o", str(out), corpus=root).exit_code == 0
    assert not stale_out.exists()
    assert run("convert", "a", "--to", "hant", "--in-place", corpus=root).exit_code == 0
    assert not stale.exists() and current.exists() and mine.exists()


# -- signals and worker processes -------------------------------------------------

def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stream:
                    fields = stream.read().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def _gone_within(pids, seconds) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to find worker processes")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_is_handled_like_ctrl_c(many, jobs):
    root = many(f"term{jobs}")
    originals = {path.name: path.read_bytes() for path in root.iterdir()}
    process = _start(["--corpus", str(root), "convert", "--all", "--to", "hant", "--in-place", "-j", jobs])
    first = root / "a0000.md"
    if not _wait_until(lambda: first.read_bytes() != originals["a0000.md"], process):
        process.kill()
        pytest.skip("the conversion finished before it could be stopped")
    workers = children_of(process.pid)
    process.send_signal(signal.SIGTERM)  # `kill PID`: the parent alone
    code = process.wait(timeout=300)  # generous: the machine may be busy
    stderr = process.stderr.read().decode()
    assert code == 143, stderr
    assert stderr.splitlines()[-1] == "feudcli: terminated" and "Traceback" not in stderr
    assert tmp_files(root) == []
    assert _gone_within(workers, 5)
    for path in root.iterdir():  # each file old or new, never half
        data = path.read_bytes()
        assert data == originals[path.name] or "馬斯克".encode() in data, path.name


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to find worker processes")
@pytest.mark.parametrize("command", [["convert", "--all", "--to", "hant", "-o", "OUT", "-j", "2"],
                                     ["search", "马斯克", "-l"],
                                     ["--no-cache", "timeline"]])
def test_workers_die_with_their_parent(many, tmp_path, command):
    if (os.cpu_count() or 1) < 2 and command[0] != "convert":
        pytest.skip("one core: no worker processes")
    root = many("orphans")
    command = [str(tmp_path / "out") if word == "OUT" else word for word in command]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    process = _start(["--corpus", str(root), *command], env=env)
    workers: list[int] = []
    if not _wait_until(lambda: workers.extend(children_of(process.pid)) or len(workers) >= 2, process):
        process.kill()
        pytest.skip("the run finished before its workers were seen")
    process.kill()  # SIGKILL: no cleanup in the parent at all
    process.wait(timeout=300)
    assert _gone_within(set(workers), 5), [pid for pid in workers if alive(pid)]
