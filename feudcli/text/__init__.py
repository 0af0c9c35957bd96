"""Text as feudcli reads it: bytes to text, front matter, Markdown as prose,
script detection and the search fold, the searchable text and its tokens,
text made safe for a terminal, OpenCC's data files."""
