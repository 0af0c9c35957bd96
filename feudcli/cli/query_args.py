"""Let `feudcli search 马斯克 -特朗普` mean "exclude 特朗普" without a `--`,
while every mistyped option is still an error.

Options are ASCII, so an argument that starts with a dash and then a
non-ASCII character (`-特朗普`, `-小指头`) can only be an excluded term: it
is moved, in order with the other query terms, behind a `--` before Click
parses. Everything else that starts with a dash is an option: Click refuses
an unknown one (`--limt`, `-X`) and names the closest. `-n` is --limit N:
a ripgrep habit (`-n` for line numbers) without a number is told so. A
single-dash word that is no option nor bundle of options (`-climate`) is
refused with the two ways to exclude a Latin word: `NOT climate`, or after
`--`.
"""

from __future__ import annotations

from typer.core import TyperCommand


def _option_table(command, ctx) -> tuple[set[str], set[str]]:
    """(option names, names of options that take a value)."""
    names: set[str] = set()
    valued: set[str] = set()
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") != "option":
            continue
        declared = list(param.opts) + list(param.secondary_opts)
        names.update(declared)
        if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
            valued.update(declared)
    return names, valued


def _is_option(arg: str) -> bool:
    return len(arg) > 1 and arg[0] == "-" and arg[1].isascii()


def _short_bundle(arg: str, names: set[str], valued: set[str]) -> tuple[bool, bool]:
    """(whether `-abc` is flags, perhaps ending in an option with its value
    attached as in -n1 or -fjson; whether that option's value is the next
    argument)."""
    for position, char in enumerate(arg[1:], 1):
        name = f"-{char}"
        if name in valued:
            return True, position == len(arg) - 1
        if name not in names:
            return False, False
    return True, False


def separate_query_terms(ctx, args: list[str], names: set[str], valued: set[str]) -> list[str]:
    options: list[str] = []
    terms: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        position += 1
        if arg == "--":
            terms.extend(args[position:])
            break
        if not _is_option(arg):
            terms.append(arg)
            continue
        options.append(arg)
        name = arg.split("=", 1)[0]
        takes_next = name in valued and "=" not in arg
        if not arg.startswith("--") and name not in names:
            bundle, takes_next = _short_bundle(arg, names, valued)
            if not bundle:
                word = arg[1:]
                if len(word) == 1:
                    ctx.fail(f"no such option {arg}")
                ctx.fail(f"{arg} is not an option; to exclude the word {word!r} write NOT {word} "
                         f"(or put -{word} after --)")
        if takes_next and name == "-n" and (position == len(args) or not args[position].isdigit()):
            # ripgrep's -n is --line-number; here it is --limit N.
            given = f"{args[position]!r} is not a number" if position < len(args) else "no number follows"
            ctx.fail(f"-n is --limit N here (at most N hits), and {given}; "
                     "for line numbers write --line-number (or --vimgrep)")
        if takes_next and position < len(args):
            options.append(args[position])
            position += 1
    return options + (["--"] + terms if terms else [])


class QueryCommand(TyperCommand):
    def parse_args(self, ctx, args):
        names, valued = _option_table(self, ctx)
        return super().parse_args(ctx, separate_query_terms(ctx, list(args), names, valued))
