"""``newssift extract FILE.html [--url URL] [--json]``: the extractor on one page, from a shell.

Kept as a standalone click command so the lead's CLI can mount it without this package knowing
about the rest of the command tree. Plain output is the title, a metadata block and the body;
``--json`` prints the whole :class:`~newssift.extract.article.Article` as one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from newssift.extract.article import NotHTMLError, extract


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", default=None, help="The page's URL (helps dates and canonical URL).")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
def extract_command(file: Path, url: str | None, as_json: bool) -> None:
    """Extract the article (body text and metadata) from one HTML FILE."""
    data = file.read_bytes()
    try:
        art = extract(data, url=url)
    except NotHTMLError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    if as_json:
        click.echo(json.dumps(art.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(art.title or "")
    for key in ("date", "site_name", "language", "canonical_url"):
        value = getattr(art, key)
        if value:
            click.echo(f"{key}: {value}")
    if art.authors:
        click.echo("authors: " + "; ".join(art.authors))
    click.echo("")
    click.echo(art.text)
