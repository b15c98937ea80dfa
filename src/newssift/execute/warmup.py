"""Start-up paid once: load what the stages need in the runner, before the workers fork.

Every stage loads its models and compiles its patterns on first use (the language
identifier, the MT model, the line model, hundreds of regular expressions): about a second
per process. Paid in each forked worker, that was a quarter of a 300-page run on one core,
and the models were held once per worker. So the local runner builds the run's stages and
passes two small invented documents (a news page as HTML, and the same story as text)
through them (and their records through the Arrow conversion, whose first call sets pyarrow
up: it imports pandas unless :mod:`newssift.io.arrow_setup` ruled that out; and, when
the run dedups, through :func:`newssift.dedup.run.warm_up`: the word and anchor hashing,
whose per-code-point tables take ~0.7 s to build, and the run's LSH banding) before it
forks its pool: the workers inherit everything loaded, shared copy-on-write (ftfy too,
which the cleaner imports only on a page with mojibake: a few pages in a hundred, so each
worker would import it).
``gc.freeze()`` then moves the runner's objects out of the collector's reach, so a worker's
garbage collections do not touch (and copy) their pages.

Warming up changes no output: stages hold no state across documents beyond caches of pure
functions; what the warm-up documents count goes to a throw-away :class:`Stats`.
"""

from __future__ import annotations

import gc
import logging

from newssift.collector import freeze_before_fork
from newssift.execute.config import RunConfig

log = logging.getLogger(__name__)

_PARAGRAPHS = (
    "HARBOURTON (Reuters) - The city council said on Tuesday that talks with the ferry "
    "operator would resume next week after a pause of two months, officials said.",
    '"We expect an agreement before the summer season," said Maria Jensen, the mayor of '
    "Harbourton, adding that the timetable would not change for passengers.",
    "The operator, which runs four routes across the bay, warned in a statement that fuel "
    "prices had risen by a third since January and that fares could follow.",
    "According to the council, about 12,000 people use the ferries every day, most of them "
    "commuters travelling to the capital for work.",
    "Share this article",
    "Read more: Storm closes harbour for two days",
)

_HTML = (
    "<!doctype html><html lang=en><head><meta charset=utf-8>"
    "<title>Ferry talks to resume next week - Harbourton News</title>"
    '<meta property="article:published_time" content="2024-05-01T12:00:00Z">'
    '<meta name="author" content="Anna Berg"></head><body>'
    "<nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>"
    "<article><h1>Ferry talks to resume next week</h1><p class=byline>By Anna Berg</p>"
    + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
    + "</article><aside><h2>Most read</h2><ul><li><a href=/a>Storm closes harbour</a></li>"
    "<li><a href=/b>Council budget vote</a></li></ul></aside>"
    "<footer>Copyright 2024 Harbourton News</footer></body></html>"
)


def warm_up(config: RunConfig) -> None:
    """Build the run's stages and run two invented documents through them (see the
    module docstring); then freeze the collector's view of everything loaded. Never
    fails a run: a problem here shows again, with its document, in the real work."""
    from newssift.execute.pipeline import build_stages
    from newssift.record import Document
    from newssift.stage import Stats, run_stages

    # no collections while the models load (imports and model tables make long-lived
    # objects by the hundred thousand: ~0.15 s of collections that find nothing); the one
    # collection below, before the freeze, still clears the warm-up's garbage
    enabled = gc.isenabled()
    gc.disable()
    try:
        stages = build_stages(config)
        docs = [
            Document(
                id="warm-up-html", source="warm-up", url="https://news.invalid/ferry", html=_HTML
            ),
            Document(
                id="warm-up-text",
                source="warm-up",
                url="https://news.invalid/ferry2",
                text="Ferry talks to resume next week\n\n" + "\n\n".join(_PARAGRAPHS),
            ),
        ]
        done = list(run_stages(stages, docs, Stats()))
        if any(stage.name == "clean" for stage in stages):
            from newssift.clean.repair import load_ftfy

            # imported on the first page with mojibake otherwise: by each worker that meets one
            load_ftfy()
        if config.format == "parquet":
            from newssift.record import to_arrow

            to_arrow(done)  # the conversion's first call sets pyarrow up (io/arrow_setup)
        if config.dedup:
            # the dedup tasks' code, forked with the rest; its hashing tables (~0.7 s to
            # build) and the run's LSH banding are otherwise built on first use
            from newssift.dedup.options import DedupOptions
            from newssift.dedup.run import warm_up as warm_up_dedup

            warm_up_dedup(DedupOptions(index=config.dedup_index))
    except Exception as exc:  # pragma: no cover - reported by the real run instead
        log.debug("newssift: warm-up failed: %s", exc)
    finally:
        if enabled:
            gc.enable()
    freeze_before_fork()
