"""What feudcli derives from articles: entity aliases and regional words,
entity mentions, the dated statements of the timeline, and the overview of
a corpus."""
