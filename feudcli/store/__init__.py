"""What feudcli keeps of a corpus between runs: one SQLite file per corpus
(its rows, its full-text index, derived results) in a private cache
directory, and the reading of files into it."""
