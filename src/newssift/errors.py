"""Errors a user can act on. The CLI prints them as one line and exits with their code."""


class NewssiftError(Exception):
    """Base of errors that are the input's or the user's, not a bug."""

    exit_code = 1


class InputError(NewssiftError):
    """A missing, unreadable or unrecognised input."""

    exit_code = 2


class OutputError(NewssiftError):
    """The output folder cannot be written, or holds another run."""

    exit_code = 3


class ConfigError(NewssiftError):
    """A bad option or configuration file."""

    exit_code = 2


class PartError(InputError):
    """A part file of a run cannot be read back (truncated, corrupt, unreadable)."""


class StorageError(OutputError):
    """Writing failed part way: the disk is full, a permission changed, a write failed."""


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (SIGINT or SIGTERM); ``signum`` says which.

    A :class:`KeyboardInterrupt`, so that ``except Exception`` guards around one
    document never swallow it and a stopped run unwinds as a Ctrl-C does.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def click_error(exc: NewssiftError):
    """``exc`` as a click exception with the same exit code, for commands that must also
    print one line when called on their own (outside the ``newssift`` group)."""
    import click

    err = click.ClickException(str(exc))
    err.exit_code = exc.exit_code
    return err
