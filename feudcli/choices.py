"""The closed sets of values that options take, declared once.

The library validates against these, and the CLI turns each into the
choices Click checks and completes. Importing this module costs nothing:
it holds tuples only.
"""

FORMATS = ("table", "tsv", "csv", "json", "jsonl")
# `show` prints an article, not records: text, or the article as json.
SHOW_FORMATS = ("text", "json", "jsonl")
TARGETS = ("hans", "hant", "tw", "hk")
SCRIPTS = ("hans", "hant", "mixed", "none")
WHERE = ("all", "title", "body")
SORT_KEYS = ("date", "id", "title", "chars")
COLORS = ("auto", "always", "never")
