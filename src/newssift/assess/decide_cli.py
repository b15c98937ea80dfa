"""``newssift decide OUT --config thresholds.toml``: re-decide a finished run.

Kept apart from :mod:`newssift.assess.decide` so that importing the stage in a worker
does not import click; the lead's CLI adds :data:`decide_command` to its group.
"""

from __future__ import annotations

import click

from newssift.assess.decide import decide_output, load_thresholds


@click.command("decide")
@click.argument("out", type=click.Path(file_okay=False))
@click.option(
    "--config",
    "config",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Thresholds TOML file (default: the one shipped with newssift).",
)
def decide_command(out: str, config: str | None) -> None:
    """Re-apply threshold rules to the scores of a finished run in OUT, without recomputing.

    OUT is a local folder or a URL (s3://, gs://, ...), like ``newssift run``'s output.
    """
    try:
        load_thresholds(config)
        stats = decide_output(out, config)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    counts = stats.counts
    kept, rejected = counts.get("decide/keep", 0), counts.get("decide/reject", 0)
    click.echo(f"re-decided {kept + rejected} documents: {kept} kept, {rejected} rejected")
    for key in sorted(k for k in counts if k.startswith("decide/reason/")):
        click.echo(f"  {key.split('/', 2)[2]}: {counts[key]}")
