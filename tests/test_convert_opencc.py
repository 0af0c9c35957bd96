"""OpenCC's own test cases through `feudcli convert --config C -`.

tests/data/opencc/testcases.json is OpenCC's official file (see SOURCE.md
there): 232 inputs, 543 (config, expected answer) pairs over 16 configs.
Every input goes through the command exactly as a user would pipe it; each
config's inputs are sent as the lines of one standard input, which the
command converts line by line.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from cli_helpers import REPO, run

DATA = Path(__file__).resolve().parent / "data" / "opencc" / "testcases.json"
FLOOR = 536  # the answers right before OpenCC's matching was followed exactly

# (case id, config) -> why feudcli's answer differs from OpenCC's. Empty:
# all 543 answers are OpenCC's. A miss that creeps in must be listed here
# with its reason, and a listed miss that gets fixed must be taken out.
KNOWN_MISSES: dict[tuple[str, str], str] = {}


def load_cases() -> list[dict]:
    # The file has trailing commas (not strict JSON); drop them first.
    raw = DATA.read_text(encoding="utf-8")
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))["cases"]


@pytest.fixture(scope="module")
def answers() -> dict[tuple[str, str], tuple[str, str, str]]:
    """(case id, config) -> (input, OpenCC's answer, feudcli's answer)."""
    by_config: dict[str, list[dict]] = defaultdict(list)
    for case in load_cases():
        for config in case["expected"]:
            by_config[config].append(case)
    found = {}
    for config, cases in sorted(by_config.items()):
        assert not any("\n" in case["input"] for case in cases)
        result = run("convert", "--config", config, "-", input="".join(case["input"] + "\n" for case in cases))
        assert result.exit_code == 0, result.stderr
        outputs = result.stdout.split("\n")
        assert outputs[-1] == "" and len(outputs) == len(cases) + 1, config
        for case, output in zip(cases, outputs):
            found[(case["id"], config)] = (case["input"], case["expected"][config], output)
    return found


def test_the_file_is_the_one_described():
    cases = load_cases()
    pairs = [(case["id"], config) for case in cases for config in case["expected"]]
    assert len(cases) == 232 and len(pairs) == 543
    assert len({config for _, config in pairs}) == 16


def test_every_answer_is_opencc_s_except_known_misses(answers):
    misses = {key: (given, want, got) for key, (given, want, got) in answers.items() if got != want}
    unexplained = {key: value for key, value in misses.items() if key not in KNOWN_MISSES}
    assert not unexplained, "answers differing from OpenCC's:\n" + "\n".join(
        f"{key}: {given} -> {got} (OpenCC: {want})" for key, (given, want, got) in unexplained.items())
    fixed = set(KNOWN_MISSES) - set(misses)
    assert not fixed, f"listed as known misses but now right (take them off the list): {sorted(fixed)}"
    assert len(answers) - len(misses) >= FLOOR


def test_examples_of_what_a_plain_engine_got_wrong(answers):
    # Leftmost-longest (茶几 before 几周), segmentation before the Taiwan
    # step (低|级别), keys containing '-'.
    assert answers[("case_067_s2x", "s2t")][2].endswith("茶几周圍")
    assert answers[("nk2028_opencc-js_Issue_37", "s2twp")][2] == "低級別產品"
    assert "波克夏海瑟威 波克夏海瑟威公司" in answers[("fortune_500_company_names_tw_s2twp", "s2twp")][2]


def _readme_table() -> dict[str, tuple[str, str]]:
    """config -> (feudcli's column, opencc-python-reimplemented's column)
    from the README's pass-rate table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| \d+ \| ([^|]+?) \| ([^|]+?) \|$", text, re.MULTILINE)
    return {config: (ours.strip(), theirs.strip()) for config, ours, theirs in rows}


def test_readme_pass_rates_are_the_measured_ones(answers):
    """feudcli's column of the README's table, measured again. The other
    column (opencc-python-reimplemented) records another library's results
    on the day it was measured; it is not ours to pin: a release of that
    library must not turn feudcli's tests red."""
    total, ours = Counter(), Counter()
    for (_, config), (given, want, got) in answers.items():
        total[config] += 1
        ours[config] += got == want
    table = _readme_table()
    assert set(table) == set(total), "the README table has one row per config"
    for config in total:
        assert table[config][0] == f"{ours[config]}/{total[config]}", config
