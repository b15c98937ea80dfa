"""``newssift extract FILE.html [--url URL] [--json]``: the extractor on one page, from a shell.

Kept as a standalone click command so the lead's CLI can mount it without this package knowing
about the rest of the command tree. Plain output is the title, a metadata block and the body;
``--json`` prints the whole :class:`~newssift.extract.article.Article` as one JSON object;
``--body-only`` the body alone, which is what ``newssift news -`` and ``clean -`` read (the
metadata lines would otherwise come where a dateline is looked for). ``--favor`` leans the
body's line rules towards precision or recall (as ``newssift run --favor`` does);
``--comments`` also prints the readers' comments, after the body under a ``comments:`` line
(and fills ``comments`` in the JSON).
"""

from __future__ import annotations

import json

import click

from newssift.errors import InputError, click_error
from newssift.extract.article import NotHTMLError, extract
from newssift.extract.body import FAVORS
from newssift.extract.decode import decode_html
from newssift.extract.guard import PathologicalHTML
from newssift.io.file_reader import read_single_file


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", default=None, help="The page's URL (helps dates and canonical URL).")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@click.option("--body-only", is_flag=True,
              help="Print the body alone: the input `newssift news -` and `clean -` expect.")
@click.option("--favor", type=click.Choice(list(FAVORS)), default="balanced", show_default=True,
              help="Lean the body's line rules towards precision or recall.")
@click.option("--comments", is_flag=True, help="Also print the readers' comments, after the body.")
def extract_command(file: str, url: str | None, as_json: bool, body_only: bool,
                    favor: str, comments: bool) -> None:
    """Extract the article (body text and metadata) from one HTML FILE (.html.gz read,
    - for standard input)."""
    data = read_single_file(file)
    try:
        art = extract(decode_html(data), url=url, favor=favor, comments=comments)
    except (NotHTMLError, PathologicalHTML) as exc:
        raise click_error(InputError(f"{file}: {exc}")) from None
    if as_json:
        click.echo(json.dumps(art.to_dict(), ensure_ascii=False, indent=2))
        return
    if body_only:
        click.echo(art.text)  # the body alone, even with --comments
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
    if art.comments:
        click.echo("\ncomments:\n" + art.comments)
