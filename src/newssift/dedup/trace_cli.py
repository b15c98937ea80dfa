"""``newssift trace OUT ID|URL``: a record's cluster, canonical, members and diff."""

from __future__ import annotations

import json

import click


@click.command("trace")
@click.argument("out", type=click.Path(file_okay=False))
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the trace as JSON.")
@click.option("--max-members", type=click.IntRange(min=1), default=200, show_default=True,
              help="Members listed (the rest are counted).")
def trace_command(out: str, key: str, as_json: bool, max_members: int) -> None:
    """Where did the record with this id or URL come from: its cluster's canonical (URL,
    date, site), every member with its decision, flags and similarity, and the record's
    diff against the canonical (+ added lines, - dropped lines, ~ changed words)."""
    from newssift.dedup.trace import format_trace, trace
    from newssift.io.run_folder import RunFolder

    warning = RunFolder(out).missing_warning()  # a lost part: its records cannot be traced
    if warning:
        click.echo(warning, err=True)
    t = trace(out, key, max_members=max_members)
    click.echo(json.dumps(t, ensure_ascii=False, indent=1) if as_json else format_trace(t))
