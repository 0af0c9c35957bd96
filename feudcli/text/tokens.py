"""What a token of searchable text is, as regular expression text (nothing
is compiled here: the index reads these constants when it opens, and a
command that lists articles must not pay for the searchable text's
machinery).

A word is a maximal run of WORD_CHAR (letters of any script but Han, kana
and hangul, digits, `_`); each Han, kana or hangul character is a token by
itself, and so is every other character that is not white space.
"""

# Han (with 々〆〇 and the Hangzhou numerals), kana (without the middle dot
# U+30FB, a separator), bopomofo and hangul: one token per character.
CJK_TOKEN_CHARS = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303c\u3041-\u309f"
    "\u30a0-\u30fa\u30fc-\u30ff\u3105-\u312f\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff"
    "\uff66-\uff9f\uffa0-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f"
)
# A character of a word: Python's \w (letters, digits, _) less the above.
WORD_CHAR = f"[^\\W{CJK_TOKEN_CHARS}]"
TOKEN_PATTERN = f"{WORD_CHAR}+|\\S"
# Characters written without spaces between them (CJK and its punctuation):
# a line break between two of them joins without a space.
WIDE_CHARS = f"{CJK_TOKEN_CHARS}\u3000-\u303f\uff01-\uff60\u2018-\u201f\u2026"
