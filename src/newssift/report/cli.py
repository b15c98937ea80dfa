"""``newssift report OUT``: write the run's HTML report and viewer."""

from __future__ import annotations

import os

import click

from newssift.errors import InputError
from newssift.io import storage
from newssift.io.run_folder import RunFolder


@click.command("report")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--dest", type=click.Path(dir_okay=False), default=None,
              help="Where to write the page (default: OUT/report.html).")
@click.option("--limit", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Documents per folder (kept, rejected, quarantine) shown in the viewer.")
def report_command(out: str, dest: str | None, limit: int) -> None:
    """Write a self-contained HTML report of the finished run in OUT: counts, reasons, and a
    viewer of every document's removed lines, flags and evidence."""
    from newssift.report.html_report import write_report

    storage.check_protocol(out, InputError)
    if not RunFolder(out).has_stats():
        raise InputError(f"{out} holds no finished newssift run (no stats.json)")
    if dest is not None and not storage.is_url(dest):  # a local page: its folder exists
        folder = os.path.dirname(os.path.abspath(dest))
        if not os.path.isdir(folder):
            raise InputError(f"cannot write {dest}: no folder {folder}")
    warning = RunFolder(out).missing_warning()
    if warning:
        click.echo(warning, err=True)
    click.echo(storage.printable(str(write_report(out, dest, limit))))
