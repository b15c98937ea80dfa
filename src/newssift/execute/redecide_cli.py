"""``newssift decide OUT --policy NAME|PATH``: re-decide a finished run, recomputing nothing.

The command of the batch job in :mod:`newssift.execute.redecide` (beside it, so the policy
package below stays free of the executors), kept apart from the job so that a worker
does not import click.
"""

from __future__ import annotations

import click


@click.command("decide")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--policy", default=None,
              help="Decide policy: a shipped name (news, fineweb) or a policy TOML file "
              "(default: news).")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              hidden=True, help="Old name of --policy PATH.")
@click.option("-w", "--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes; 0 = all cores.")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local",
              show_default=True, help="Where to run: this machine, or a Ray cluster.")
@click.option("--address", default=None, help="Ray cluster address (with --executor ray).")
def decide_command(out: str, policy: str | None, config: str | None, workers: int,
                   executor: str, address: str | None) -> None:
    """Re-apply a decide policy to the scores of the finished run in OUT, without
    recomputing them; stats.json (and report.html, if there is one) are rewritten.

    OUT is a local folder or a URL (s3://, gs://, ...), like ``newssift run``'s output.
    """
    from newssift.decide.policy import load_policy
    from newssift.execute.redecide import redecide

    if address and executor != "ray":  # it would be ignored: the run stays on this machine
        raise click.UsageError("--address names a Ray cluster: add --executor ray.")
    pol = load_policy(policy or config)  # a bad policy: one line, exit 2
    if executor == "ray":
        from newssift.execute.ray_executor import RayExecutor

        ray_executor = RayExecutor(address, workers)
        try:
            summary = redecide(out, pol, executor=ray_executor)
        finally:
            ray_executor.close()
    else:
        summary = redecide(out, pol, workers=workers)
    docs = summary["documents"]
    kept, rejected = docs["kept"], docs["rejected"]
    click.echo(f"re-decided {kept + rejected} documents under policy {pol.name!r}: "
               f"{kept} kept, {rejected} rejected")
    for reason, n in sorted(summary["reasons"].get("rejected", {}).items()):
        click.echo(f"  {reason}: {n}")
