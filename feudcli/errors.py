"""The library's user-facing errors share one base, so the CLI translates
them in one place: the message is one sentence for a person, the exit
status is what the command ends with."""


class FeudcliError(Exception):
    """A problem the user can fix (a bad id, query, file or option)."""

    exit_status = 2
