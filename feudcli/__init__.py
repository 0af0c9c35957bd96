"""feudcli: read, search and convert corpora of Chinese articles in mixed scripts."""

__version__ = "0.1.0"
