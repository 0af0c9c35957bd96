"""Let `feudcli search 马斯克 -特朗普` mean "exclude 特朗普" without a `--`.

Click would read `-特朗普` as a bundle of unknown short options (and
`-climate` as -c -l -i …). Before parsing, every argument that starts with
a dash but is not one of the command's own options is moved, in order with
the other query terms, behind a `--`.
"""

from __future__ import annotations

from typer.core import TyperCommand


def _option_table(command, ctx) -> tuple[set[str], set[str], set[str]]:
    """(all option names, names that take a value, single-letter flags)."""
    names: set[str] = set()
    valued: set[str] = set()
    short_flags: set[str] = set()
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") != "option":
            continue
        declared = list(param.opts) + list(param.secondary_opts)
        names.update(declared)
        takes_value = not getattr(param, "is_flag", False) and not getattr(param, "count", False)
        for name in declared:
            if takes_value:
                valued.add(name)
            elif len(name) == 2 and name[0] == "-" and name[1] != "-":
                short_flags.add(name[1])
    return names, valued, short_flags


def separate_query_terms(args: list[str], names: set[str], valued: set[str], short_flags: set[str]) -> list[str]:
    options: list[str] = []
    terms: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        position += 1
        if arg == "--":
            terms.extend(args[position:])
            break
        if not arg.startswith("-") or arg == "-":
            terms.append(arg)
            continue
        name = arg.split("=", 1)[0]
        if name in names:
            options.append(arg)
            if name in valued and "=" not in arg and position < len(args):
                options.append(args[position])
                position += 1
            continue
        if not arg.startswith("--") and len(arg) > 2 and all(char in short_flags for char in arg[1:]):
            options.append(arg)  # bundled flags such as -lc
            continue
        terms.append(arg)
    return options + (["--"] + terms if terms else [])


class QueryCommand(TyperCommand):
    def parse_args(self, ctx, args):
        names, valued, short_flags = _option_table(self, ctx)
        return super().parse_args(ctx, separate_query_terms(list(args), names, valued, short_flags))
