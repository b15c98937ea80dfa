"""``newssift report OUT``: write the run's HTML report and viewer."""

from __future__ import annotations

import os

import click

from newssift.errors import InputError
from newssift.io import storage
from newssift.io.run_folder import RunFolder


def _inside_run(dest: str, out: str) -> bool:
    """Whether ``dest`` names a file inside the run folder ``out`` other than its
    ``report.html``. Why: a page written over ``stats.json``, ``sites.parquet`` or a name
    under ``kept/`` broke every later command on the run, and a stray part name is not
    repaired by ``--resume``. Links are followed, and a ``file://`` URL compared as its
    local path; two other URLs are compared as spelled."""
    dest, out = storage.spelled(dest), storage.spelled(out)
    if storage.is_url(dest) or storage.is_url(out):
        if not (storage.is_url(dest) and storage.is_url(out)):
            return False
        root, path = out.rstrip("/") + "/", dest
        return path.startswith(root) and path[len(root):].strip("/") != "report.html"
    root, path = os.path.realpath(out), os.path.realpath(dest)
    if os.path.commonpath([root, path]) != root:
        return False
    return path != os.path.join(root, "report.html")


@click.command("report")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--dest", type=click.Path(dir_okay=False), default=None,
              help="Where to write the page (default: OUT/report.html); not elsewhere in OUT.")
@click.option("--limit", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Documents per folder (kept, rejected, quarantine) shown in the viewer.")
def report_command(out: str, dest: str | None, limit: int) -> None:
    """Write a self-contained HTML report of the finished run in OUT: counts, reasons, and a
    viewer of every document's removed lines, flags and evidence."""
    from newssift.report.html_report import write_report

    storage.check_protocol(out, InputError)
    if not RunFolder(out).has_stats():
        raise InputError(f"{out} holds no finished newssift run (no stats.json)")
    if dest is not None and _inside_run(dest, out):
        raise InputError(f"--dest {storage.printable(dest)} is inside the run folder "
                         f"{storage.printable(out)} and could overwrite the run's own files: "
                         "give OUT/report.html or a path outside OUT")
    if dest is not None and not storage.is_url(dest):  # a local page: its folder exists
        folder = os.path.dirname(os.path.abspath(dest))
        if not os.path.isdir(folder):
            raise InputError(f"cannot write {dest}: no folder {folder}")
    warning = RunFolder(out).missing_warning()
    if warning:
        click.echo(warning, err=True)
    click.echo(storage.printable(str(write_report(out, dest, limit))))
