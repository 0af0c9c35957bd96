"""The examples and exit statuses every command's --help ends with. The
`\\b` lines keep Click from re-flowing the examples into one paragraph."""

EXIT_STATUS = "Exit status: 0 done, 2 usage or input error, 130 Ctrl-C, 143 SIGTERM, 141 closed pipe."
SEARCH_EXIT_STATUS = ("Exit status: 0 hits, 1 no hit (like grep), 2 usage or input error, 130 Ctrl-C, "
                      "143 SIGTERM, 141 closed pipe.")


def epilog(*examples: str, status: str = EXIT_STATUS) -> str:
    lines = "\n".join(f"  {example}" for example in examples)
    return f"\b\nExamples:\n{lines}\n\n{status}"


LIST = epilog("feudcli list", "feudcli list --script hant --since 2025 --to hans",
              "feudcli list --format csv > articles.csv", "feudcli list --sort chars --reverse --limit 10")
SHOW = epilog("feudcli show 000", "feudcli show zh/post.md --to tw", "feudcli show 001 --format json",
              "feudcli show 001 --raw > copy.md")
SEARCH = epilog("feudcli search 马斯克 -特朗普", "feudcli search '\"Sam Altman\"' -l | xargs -n1 feudcli show",
                "feudcli search 数据 --script hant --since 2025-01 -c", "feudcli search 马斯克 --by month",
                "feudcli search --vimgrep -g 'news/**' OpenAI", status=SEARCH_EXIT_STATUS)
CONVERT = epilog("echo '这些软件' | feudcli convert --to tw -", "feudcli convert 000 --to hant --diff",
                 "feudcli convert --all --to hans -o out", "feudcli convert --all --script hant --to hans --in-place",
                 "feudcli convert page.md --from tw --to hans -o page.zh-CN.md")
ENTITIES = epilog("feudcli entities 001", "feudcli entities --total --kind person",
                  "feudcli entities --source discovered --format jsonl")
TIMELINE = epilog("feudcli timeline --entity 奧特曼 --since 2025", "feudcli timeline 000 --to hant",
                  "feudcli timeline --until 2015 --format jsonl")
STATS = epilog("feudcli stats", "feudcli stats --format tsv | grep ^month")
CACHE = epilog("feudcli cache info", "feudcli cache clear")
