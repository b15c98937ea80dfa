"""A signal ends a command with one line and 128 + its number, even when a library between
the run's handler and the command line swaps the handler's interrupt for a bare
KeyboardInterrupt of its own (Ray's ``ray.get`` does: a SIGTERM to a Ray driver exited 130,
CI of stop 47)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO

# A command that stops as a Ray driver does: the run's handler raises its Interrupted inside
# a call that catches it and raises KeyboardInterrupt() instead. Run in a fresh process, so
# that the signal is delivered to the main thread whatever runs the tests.
_SCRIPT = textwrap.dedent(
    """
    import signal, sys
    import click
    from newssift import cli

    # as an interactive shell starts a command (a background job of a script starts it
    # with SIGINT ignored, which the run rightly keeps: review r39)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    @cli.main.command("stop-like-ray")
    @click.argument("sig")
    def stop_like_ray(sig):
        with cli._stop_on_signals():
            try:
                signal.raise_signal(getattr(signal, sig))
            except KeyboardInterrupt:
                pass
            else:
                sys.exit("the handler did not run")
            raise KeyboardInterrupt()  # what ray.get raises in place of the handler's

    cli.main(["stop-like-ray", sys.argv[1]])
    """
)


def _stop(sig: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _SCRIPT, sig], cwd=REPO, capture_output=True,
                          text=True, timeout=60)


def test_sigterm_swapped_for_a_bare_interrupt_still_exits_143() -> None:
    proc = _stop("SIGTERM")
    assert proc.returncode == 143, proc.stderr
    assert proc.stderr.strip() == "newssift: SIGTERM: stopped", proc.stderr


def test_sigint_swapped_for_a_bare_interrupt_exits_130() -> None:
    proc = _stop("SIGINT")
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip() == "newssift: interrupted: stopped", proc.stderr



_ANY_COMMAND = textwrap.dedent(
    """
    import signal, time
    from newssift import cli

    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    @cli.main.command("term-me")
    def term_me():
        signal.raise_signal(signal.SIGTERM)
        time.sleep(30)  # (not reached: the signal unwinds the command)

    cli.main(["term-me"])
    """
)


def test_every_command_stops_on_sigterm_with_one_line() -> None:
    # only `run` unwound on a SIGTERM: `dedup` was killed outright, its scratch left behind
    # (review f8); every command of the group now stops as a run does, without the run's hint
    proc = subprocess.run([sys.executable, "-c", _ANY_COMMAND], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 143, proc.stderr
    assert proc.stderr.strip() == "newssift: SIGTERM: stopped", proc.stderr
