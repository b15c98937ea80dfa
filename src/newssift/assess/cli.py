"""``newssift assess FILE.txt [--html FILE] [--url URL] [--json]``: one page, its evidence.

Why a command of its own: the question a user brings is about one page ("is this a
content-farm copy, and why?"); the answer must show each flag with the line and text
it points at, not only a score.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from newssift.assess.assessment import TITLE_LABEL, assess
from newssift.errors import InputError, click_error
from newssift.extract.decode import NotHTMLError
from newssift.extract.guard import PathologicalHTML
from newssift.io.file_reader import read_single_text


@click.command("assess")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--html",
    "html_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The page's HTML, when you have it.",
)
@click.option("--url", default=None, help="The page's url (enables the agency-site check).")
@click.option("--json", "as_json", is_flag=True, help="Print the assessment as JSON.")
def assess_command(file: str, html_file: Path | None, url: str | None, as_json: bool) -> None:
    """Assess the text in FILE (- for standard input): content-farm and machine-translation
    scores, flags with evidence."""
    text = read_single_text(file)
    html = read_single_text(str(html_file)) if html_file else None
    try:
        res = assess(text, html=html, url=url)
    except (NotHTMLError, PathologicalHTML) as exc:  # the page alone was to be read
        raise click_error(InputError(f"{html_file}: {exc}")) from None
    if as_json:
        click.echo(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"content_farm        {res.content_farm:.3f}")
    click.echo(f"machine_translated  {res.machine_translated:.3f}")
    for name, value in sorted(res.scores.items()):
        if name not in ("content_farm", "machine_translated"):
            click.echo(f"  {name:<30} {value:.4g}")
    click.echo(f"flags ({len(res.flags)}):")
    for f in res.flags:
        where = f"line {f.line}" if f.line >= 0 else "document"
        if f.line < 0 and (f.text or "").startswith(TITLE_LABEL):
            where = "title"  # the title is no line of the body (its flag is document-wide)
        click.echo(
            f"  {f.name:<24} {f.rule:<30} {where:<9} value {f.value:g} (threshold {f.threshold:g})"
        )
        if f.text:
            click.echo(f"      {f.text}")
