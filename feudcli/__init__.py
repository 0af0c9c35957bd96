"""feudcli: read, search and convert corpora of Chinese articles in mixed scripts.

    import feudcli
    with feudcli.open_corpus() as corpus:  # the bundled seeds
        result = corpus.search(feudcli.parse_query(["马斯克"]))
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    # The library's entry points, imported when first used: `import feudcli`
    # stays as cheap as the CLI's start-up needs it to be.
    if name == "open_corpus":
        from feudcli.session import open_corpus

        return open_corpus
    if name == "parse_query":
        from feudcli.search.query import parse_query

        return parse_query
    raise AttributeError(f"module 'feudcli' has no attribute {name!r}")
