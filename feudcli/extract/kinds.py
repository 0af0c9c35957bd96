"""What kind of name a discovered name is, by how the text writes it.

jieba's tagger tells a name's shape better than its kind: it calls
斯德哥尔摩 and 斯塔万格 people, and 阿里 a person. The words around a
mention tell: a place after 在, 去, 到, 飞 … or before 机场, 之旅, or in
a list with places (斯德哥尔摩 - 奥斯陆 - 斯塔万格); a person before 说,
先生; an organisation after 加入, 入职 or before 员工, 实习, 离职.
"""

from __future__ import annotations

import re
from collections import Counter

PERSON, PLACE, ORGANIZATION = "person", "place", "organization"

_PLACE_BEFORE = frozenset("在去到从往飞回抵达于自离经逛游住")
_NOT_PLACE = frozenset("由于 关于 对于 至于 属于 等于 基于 鉴于 终于 在于".split())  # 由于邓小平: because of him
_PLACE_AFTER = ("市", "机场", "站", "之旅", "旅行", "旅游", "出发", "转机", "附近", "郊外", "市区", "市中心",
                "当地", "落地")
_ORGANIZATION_AFTER = ("员工", "的员工", "公司", "集团", "官网", "的官网", "客服", "总部", "股价", "旗下", "实习",
                       "的实习", "创始人", "的创始人", "面试", "的面试", "离职", "任职")
_ORGANIZATION_BEFORE = ("加入", "入职", "离开", "跳槽")
_PERSON_AFTER = ("说", "表示", "认为", "先生", "女士", "老师", "教授", "博士", "写道", "告诉", "回忆", "本人",
                 "总统", "总理")
# What may stand between two names of one list (a route A - B - C, A、B和C).
_LIST_GAP = re.compile(r"[ \t\-–—→>、/|和与及]{1,4}")


def written_kinds(folded: str, names: list[tuple[int, int, str, str]]) -> list[str | None]:
    """For each mention (start, end, word, the tagger's kind) of a folded
    text, in order: the kind its surroundings write it as, or None."""
    as_place = [folded[start - 1:start] in _PLACE_BEFORE and folded[max(0, start - 2):start] not in _NOT_PLACE
                or folded.startswith(_PLACE_AFTER, end) for start, end, _, _ in names]
    places = {word for (_, _, word, kind), place in zip(names, as_place) if place or kind == PLACE}
    changed = True
    while changed:  # along a list: 斯德哥尔摩 - 奥斯陆 - 斯塔万格, and we flew to 斯塔万格
        changed = False
        for number, place in enumerate(as_place):
            if not place and _next_to_a_place(folded, names, number, places):
                as_place[number] = changed = True
                places.add(names[number][2])
    written: list[str | None] = []
    for (start, end, _, _), place in zip(names, as_place):
        if folded.startswith(_ORGANIZATION_AFTER, end) or folded[max(0, start - 2):start] in _ORGANIZATION_BEFORE:
            written.append(ORGANIZATION)
        elif place:
            written.append(PLACE)
        elif folded.startswith(_PERSON_AFTER, end):
            written.append(PERSON)
        else:
            written.append(None)
    return written


def _next_to_a_place(folded: str, names: list, number: int, places: set) -> bool:
    """Whether the name `number` stands in a list next to a name tagged a
    place or written as one."""
    start, end = names[number][:2]
    for other in (number - 1, number + 1):
        if 0 <= other < len(names) and names[other][2] in places:
            gap = folded[names[other][1]:start] if other < number else folded[end:names[other][0]]
            if _LIST_GAP.fullmatch(gap):
                return True
    return False


def kind_as_written(kind: str, known: bool, foreign: bool, mentions: int, cues: Counter) -> str:
    """The kind of a name the tagger calls `kind`, written `cues` times as
    each kind over its `mentions`. A transliteration (`foreign`) goes with
    how it is written; a name with a surname needs two such mentions or
    half of them (景德镇, 夏威夷; not 在黄玄的推特上); a place the
    dictionary knows stays a place (北京的公司), an organisation an
    organisation."""
    if kind == ORGANIZATION or kind == PLACE and known or not any(cues.values()):
        return kind
    if kind == PERSON and not foreign and max(cues.values()) < 2 and 2 * max(cues.values()) < mentions:
        return kind
    # A company is written as a place too (到阿里实习), a place seldom as a
    # company: the organisation's cues win a tie, then the tagger's kind.
    return max(cues, key=lambda written: (cues[written], written == ORGANIZATION, written == kind))
