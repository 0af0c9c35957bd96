"""Searching: the query language and its matching semantics, the engine
(the full-text index, and the scan it is held to), article filters, and
snippets cut from the original text."""
