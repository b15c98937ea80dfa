"""``newssift clean FILE.txt [--json] [--clean-mode news|web]``: the cleaner on one text file.

A standalone click command the lead's CLI mounts. Plain output is the cleaned text, then each
removed line on stderr-free stdout as ``- [reason score] line`` after a separator, so a user
sees at a glance what went and why; ``--json`` prints ``{"title", "text", "removed": [...]}``.
The opening headline, when there is one, is printed first as ``# title``.
"""

from __future__ import annotations

import dataclasses
import json

import click

from newssift.clean.cleaner import MODES, clean
from newssift.io.file_reader import read_single_text


@click.command("clean")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--language", default=None, help="ISO 639-1 hint (en, de, fr, es).")
@click.option("--json", "as_json", is_flag=True, help="Print text and removed lines as JSON.")
@click.option(
    "--clean-mode",
    "mode",
    type=click.Choice(MODES),
    default="news",
    show_default=True,
    help="news: cautious, for article bodies; web: the model judges every line "
    "(whole-page text, forums, shops).",
)
def clean_command(file: str, language: str | None, as_json: bool, mode: str) -> None:
    """Remove site chrome from extracted text in FILE (- for standard input, .gz read),
    saying why each line went."""
    text = read_single_text(file)
    res = clean(text, language=language, mode=mode)
    if as_json:
        out = {
            "title": res.title,
            "text": res.text,
            "removed": [dataclasses.asdict(r) for r in res.removed],
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if res.title:
        click.echo(f"# {res.title}\n")
    click.echo(res.text)
    if res.removed:
        click.echo("\n--- removed ---")
        for r in res.removed:
            click.echo(f"- [{r.reason} {r.score:.2f}] line {r.index}: {r.line}")
