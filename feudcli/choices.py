"""The closed sets of values that options take, declared once.

The library validates against these, and the CLI turns each into the
choices Click checks and completes. Importing this module costs nothing:
it holds tuples only.
"""

FORMATS = ("table", "tsv", "csv", "json", "jsonl")
# `show` prints an article, not records: text, or the article as json.
SHOW_FORMATS = ("text", "json", "jsonl")
TARGETS = ("hans", "hant", "tw", "hk")
# What a text can be written in, for convert --from: the same regions and scripts.
SOURCES = TARGETS
# Where an entity comes from: the shipped table, the corpus's aliases file, discovery.
ENTITY_SOURCES = ("table", "corpus", "discovered")
# ja and ko are texts in Japanese or Korean: never converted (see script.py).
SCRIPTS = ("hans", "hant", "mixed", "none", "ja", "ko")
# Scripts whose text OpenCC's Chinese configs must not touch.
NOT_CHINESE = {"ja": "Japanese", "ko": "Korean"}
WHERE = ("all", "title", "body")
SORT_KEYS = ("date", "id", "title", "chars")
COLORS = ("auto", "always", "never")
# How `search --by` buckets the matching articles.
BUCKETS = ("month", "year", "script", "lang", "tag")
