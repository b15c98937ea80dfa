"""``newssift news FILE.txt [--json]``: the news parts of one story, from a shell.

A standalone click command the lead's CLI mounts. Plain output lists dateline, agencies,
credits, byline and each quote with its speaker; ``--json`` prints the whole NewsParts.
"""

from __future__ import annotations

import dataclasses
import json

import click

from newssift.io.file_reader import read_single_text
from newssift.news.parts import parse_news


@click.command("news")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the news parts as JSON.")
def news_command(file: str, as_json: bool) -> None:
    """Read dateline, wire agencies, credits, byline and quoted speakers of the story in
    FILE (- for standard input, e.g. from `newssift extract PAGE --body-only`)."""
    text = read_single_text(file)
    parts = parse_news(text)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(parts), ensure_ascii=False, indent=2))
        return
    dl = " / ".join(
        x or "-" for x in (parts.dateline_place, parts.dateline_date, parts.dateline_agency)
    )
    click.echo(f"dateline: {dl if parts.dateline_place else '-'}")
    click.echo(f"agencies: {', '.join(parts.agencies) or '-'}")
    click.echo(f"credits: {parts.credits or '-'}")
    if parts.credits_note:
        click.echo(f"credits note: {parts.credits_note}")
    click.echo(f"byline: {parts.byline or '-'}")
    for q in parts.quotes:
        how = f", {q.resolution}" if q.resolution else ""
        click.echo(f"quote [{q.speaker or '?'}{how}]: {q.text}")
    for q in parts.indirect:
        how = f", {q.resolution}" if q.resolution else ""
        click.echo(f"indirect [{q.speaker or '?'}{how}]: {q.text}")
