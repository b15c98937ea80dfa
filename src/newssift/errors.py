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
