"""The ``newssift`` command line.

``newssift run`` is the whole pipeline; the other commands expose one capability each on a
single file or a finished run. Errors that are the user's (a missing input, an output
folder in the way, a bad option) print one line and exit with a meaningful code:
0 success, 1 unexpected failure, 2 bad input or usage, 3 output not writable (also a full
disk), 130 interrupted and 143 stopped by SIGTERM (rerun with --resume).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import math
import signal
import sys
from collections.abc import Iterator

import click

from newssift._version import __version__
from newssift.errors import ConfigError, Interrupted, NewssiftError
from newssift.execute.stages import ALL_STAGES
from newssift.io.options import PUBLISHED_FIELDS

log = logging.getLogger("newssift.cli")

#: Set when ``run`` finished a local run in this process: :func:`entry` may then end the
#: process without the interpreter's teardown.
_run_done = False
# Whether the command runs in a process of its own (the entry point), not inside a caller's.
_own_process = False

#: Subcommands that live with their capability: name -> (module, command object, short help).
#: They are imported only when named, so ``newssift --help`` and ``newssift run`` load none.
_SUBCOMMANDS = {
    "extract": ("newssift.extract.cli", "extract_command", "Extract the article of one HTML page."),
    "clean": ("newssift.clean.cli", "clean_command", "Remove chrome lines from one text."),
    "news": ("newssift.news.cli", "news_command", "Dateline, credits and quotes of one text."),
    "assess": ("newssift.assess.cli", "assess_command", "Scores and flags of one text."),
    "decide": ("newssift.execute.redecide_cli", "decide_command",
               "Re-decide a finished run under a policy."),
    "dedup": ("newssift.dedup.cli", "dedup_command", "Cluster the copies of a finished run."),
    "report": ("newssift.report.cli", "report_command", "Write OUT/report.html for a run."),
    "trace": ("newssift.dedup.trace_cli", "trace_command", "A record's cluster: what it copied."),
    "view": ("newssift.view.cli", "view_command", "Browse a run of any size in a local web app."),
}


class _Group(click.Group):
    """Loads subcommands on demand, and turns user errors into one line and an exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_SUBCOMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _SUBCOMMANDS:
            return super().get_command(ctx, name)
        module, attr, _help = _SUBCOMMANDS[name]
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            # a broken install must say so, not make the command vanish
            raise click.ClickException(
                f"the '{name}' command could not be loaded ({type(exc).__name__}: {exc})"
            ) from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in _SUBCOMMANDS:
                rows.append((name, _SUBCOMMANDS[name][2]))
            else:
                cmd = super().get_command(ctx, name)
                rows.append((name, cmd.get_short_help_str(limit=60) if cmd else ""))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            with _stop_on_signals():  # every command: SIGTERM unwinds as Ctrl-C does
                return super().invoke(ctx)
        except NewssiftError as exc:
            click.echo(f"newssift: error: {_hint_of(exc, ctx.invoked_subcommand)}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # a full disk, a refused permission: one line, exit 3
            from newssift.io.storage import storage_failure

            err = storage_failure(exc, exc.filename or "the output")
            if err is None:
                if exc.filename is None:  # no file to name: a failure of ours, traceback
                    raise
                # a name the system refuses (too long, a file in the way, gone): the
                # user's to fix, one line naming it
                click.echo(f"newssift: error: {_shown_name(exc.filename)}: "
                           f"{exc.strerror or exc}", err=True)
                sys.exit(2)
            click.echo(f"newssift: error: {_hint_of(err, ctx.invoked_subcommand)}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt as exc:
            signum = getattr(exc, "signum", signal.SIGINT)
            name = "SIGTERM" if signum == signal.SIGTERM else "interrupted"
            hint = ("; rerun the same command with --resume to continue"
                    if ctx.invoked_subcommand == "run" else "")
            click.echo(f"newssift: {name}: stopped{hint}", err=True)
            sys.exit(128 + int(signum))


def _hint_of(err: NewssiftError, command: str | None) -> str:
    """The message of ``err`` for ``command``: a failed write (a full disk) says to rerun
    with --resume, which only ``run`` has; the other commands that write (decide, dedup,
    report) redo their whole work when rerun, so they are told to rerun the same command."""
    from newssift.errors import StorageError

    text = str(err)
    if command == "run" or not isinstance(err, StorageError) or "--resume" not in text:
        return text
    head, kept, _ = text.partition("; the units finished so far are kept")
    if kept:
        return f"{head}; fix this and rerun the same command"
    return text.replace(" with --resume", "")


def _shown_name(name: object, limit: int = 120) -> str:
    """``name`` for a one-line message: a very long one (the usual cause of its error)
    shortened in the middle, with its length."""
    text = str(name)
    if len(text) <= limit:
        return text
    return f"{text[:60]}...{text[-40:]} ({len(text)} characters)"


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGTERM (a scheduler, ``kill``, a container stop) ends a command as Ctrl-C does: a
    run's runner unwinds, stops its workers, prints one line with the resume hint, and
    exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM); ``dedup`` removes
    its scratch (it was killed outright, its scratch left for the next one to remove). A
    signal ignored when the command started stays ignored, as it does for any program
    (review r37). The previous handlers come back afterwards (the command may run inside
    another program).

    A library between the handler and this block may catch the handler's
    :class:`Interrupted` and raise a bare KeyboardInterrupt of its own: Ray's ``ray.get``
    does, so a SIGTERM to a Ray driver exited 130, not 143 (CI of stop 47). Such an
    interrupt leaves this block as the Interrupted of the signal last received."""
    received: list[int] = []

    def _raise(signum, frame):
        received.append(signum)
        raise Interrupted(signum)

    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) in (signal.SIG_IGN, None):
            # ignored when we started (`nohup`, a shell's background job): kept so; or a
            # handler set outside Python (an embedding program), which could not be put back
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            previous[sig] = signal.signal(sig, _raise)
    try:
        yield
    except KeyboardInterrupt as exc:
        if received and not isinstance(exc, Interrupted):
            raise Interrupted(received[-1]) from exc  # a library swapped ours
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newssift")
@click.option("-v", "--verbose", count=True, help="Log more: -v progress notes, -vv debugging.")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None,
              help="Also write the log to this file.")
def main(verbose: int, log_file: str | None) -> None:
    """Turn web news pages into clean, attributed, deduplicated article records.

    Start with `newssift run INPUT... -o OUT`; every input document comes out kept,
    rejected with a reason, or quarantined with the error that stopped it.
    """
    _configure_logging(verbose, log_file)


def _configure_logging(verbose: int, log_file: str | None) -> None:
    """Warnings by default on stderr; -v info, -vv debug; --log-file gets the same records."""
    level = logging.WARNING if not verbose else logging.INFO if verbose == 1 else logging.DEBUG
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger("newssift")
    root.setLevel(level)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        try:
            handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
        except OSError as exc:  # a missing folder, a refused permission: a bad option
            raise click.BadParameter(f"cannot write {log_file}: {exc.strerror or exc}",
                                     param_hint="'--log-file'") from None
    for h in handlers:
        h.setFormatter(fmt)
        root.addHandler(h)


class _Finite(click.FloatRange):
    """A float range that also refuses nan and inf (which pass click's range checks)."""

    def convert(self, value, param, ctx):
        rv = super().convert(value, param, ctx)
        if not math.isfinite(rv):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return rv


def _check_stages(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """The ``--stages`` names, known ones only (an unknown one is a usage error)."""
    stages = tuple(s.strip() for s in value.split(",") if s.strip())
    unknown = sorted(set(stages) - set(ALL_STAGES))
    if unknown:
        raise click.BadParameter(f"unknown stage(s) {', '.join(unknown)} "
                                 f"(known: {', '.join(ALL_STAGES)}).")
    return stages


@main.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False),
              help="Output folder or URL (s3://, gs://; created; must be empty unless "
              "--resume).")
@click.option("-w", "--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes; 0 = all cores.")
@click.option("-f", "--format", "fmt", type=click.Choice(["parquet", "jsonl"]),
              default="parquet", show_default=True, help="Format of the record files.")
@click.option("--resume", is_flag=True, help="Continue a stopped run in OUT from its markers.")
@click.option("--stages", default=",".join(ALL_STAGES), callback=_check_stages,
              show_default=True, help="Comma-separated per-document stages to run.")
@click.option("--policy", default="news", show_default=True,
              help="Decide policy: a shipped name (news, fineweb) or a policy TOML file.")
@click.option("--thresholds", type=click.Path(exists=True, dir_okay=False), hidden=True,
              help="Old name of --policy PATH.")
@click.option("--language-backend", type=click.Choice(["fasttext", "py3langid"]),
              default="fasttext", show_default=True,
              help="Language identifier (fastText lid.176, or py3langid).")
@click.option("--no-dedup", is_flag=True, help="Skip near-duplicate clustering.")
@click.option("--dedup-index", type=click.Path(dir_okay=False), default=None,
              help="On-disk index of earlier runs (a local path): deduplicate this batch "
              "against them and add it (incremental).")
@click.option("--write-html", "--keep-html", "write_html", is_flag=True,
              help="Write the raw HTML into the records (the reader always reads it).")
@click.option("--time-limit", type=_Finite(min=0), default=60.0, show_default=True,
              help="Seconds one document may spend in one stage before it is quarantined "
              "(0: no limit).")
@click.option("--unit-mb", type=_Finite(min=0), default=0, show_default=True,
              help="Size of a work unit: large files are split into ranges of about this "
              "size. 0: chosen from the inputs (about 64 units of 1-32 MB, so every worker "
              "stays busy on a single file of a few hundred pages).")
@click.option("--text-field", default="text", show_default=True,
              help="JSONL/Parquet field holding extracted text.")
@click.option("--html-field", default="html", show_default=True,
              help="JSONL/Parquet field holding HTML.")
@click.option("--url-field", default="url", show_default=True, help="JSONL/Parquet URL field.")
@click.option("--id-field", default="id", show_default=True, help="JSONL/Parquet id field.")
@click.option("--date-field", default="date", show_default=True,
              help="JSONL/Parquet fetch date field (a web corpus's `date` is its crawl date).")
@click.option("--published-fields", default=",".join(PUBLISHED_FIELDS), show_default=True,
              help="Comma-separated JSONL/Parquet fields holding the publication date, tried "
              "in order; the first that reads as a date is the record's `date` (the canonical "
              "rule of dedup orders copies by it). Empty: none.")
@click.option("--unit-files", type=click.IntRange(min=1), default=256, show_default=True,
              help="HTML/text files per work unit.")
@click.option("--max-record-mb", type=_Finite(min=0.001), default=64.0,
              show_default=True, help="Larger records, lines or files are quarantined.")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local",
              show_default=True, help="Where to run: this machine, or a Ray cluster.")
@click.option("--address", default=None, help="Ray cluster address (with --executor ray).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--clean-mode", type=click.Choice(["news", "web"]), default="news",
              show_default=True, help="Clean stage: news (cautious, article bodies) or web "
              "(the line model judges every line: whole-page text, forums, shops).")
@click.option("--favor", type=click.Choice(["balanced", "precision", "recall"]),
              default="balanced", show_default=True,
              help="Extract stage: lean the body's line rules towards precision or recall.")
@click.option("--comments", is_flag=True,
              help="Extract stage: keep the readers' comments of each page in the record's "
              "`comments` field (apart from `text`).")
@click.option("--today", default=None, metavar="YYYY-MM-DD",
              help="Extract stage: the last day an article's date may be (a later one is no "
              "date). Default: the day the run starts in UTC (NEWSSIFT_TODAY when that is set), "
              "kept for --resume.")
def run_command(inputs, out, workers, fmt, resume, stages, policy, thresholds, language_backend,
                no_dedup, dedup_index, write_html,
                time_limit, unit_mb, text_field, html_field, url_field, id_field, date_field,
                published_fields, unit_files, max_record_mb, executor, address, quiet,
                clean_mode, favor, comments, today) -> None:
    """Run the whole pipeline on INPUTS (WARC, HTML files or folders, JSONL, Parquet, .txt;
    local paths or URLs such as s3://bucket/crawl/ with newssift[s3] installed)."""
    with _imports_frozen():
        from newssift.decide.policy import load_policy
        from newssift.execute.config import RunConfig
        from newssift.io.options import ReadOptions

    if no_dedup and dedup_index:  # the index would silently get nothing
        raise click.UsageError("--dedup-index adds this batch to an index, which --no-dedup "
                               "skips: give one of the two.")
    if address and executor != "ray":  # a forgotten --executor ray ran it all here
        raise click.UsageError("--address names a Ray cluster: add --executor ray.")
    policy = thresholds or policy
    with _imports_frozen():  # the policy's check imports the stages' modules
        load_policy(policy)  # a bad policy: one line and exit 2 before any work
    if dedup_index:  # a bad index: one line and exit 2 before any work, not after it
        with _imports_frozen():
            from newssift.dedup.index import check_index_path
            from newssift.dedup.options import DedupOptions
        check_index_path(dedup_index, DedupOptions(index=dedup_index))
    if today is not None:
        with _imports_frozen():
            from newssift.extract.stage import parse_today
        parse_today(today)  # a malformed day: one line and exit 2 before any work
    if _own_process and str(out).lower().startswith("memory://"):
        # fsspec's memory file system lives in this process: the run would end with its
        # output gone, and report, view and decide would find no run (review r40). Called
        # inside another program (click's main), that program keeps it.
        raise ConfigError(f"-o {out}: a memory:// folder ends with the command; write the "
                          "run to a folder or to object storage (memory:// is for the Python "
                          "API, where the caller's process keeps it)")
    config = RunConfig(
        workers=workers,
        format=fmt,
        time_limit=time_limit or None,
        stages=stages,
        policy=policy,
        language_backend=language_backend,
        dedup=not no_dedup,
        dedup_index=dedup_index,
        write_html=write_html,
        clean_mode=clean_mode,
        extract_favor=favor,
        comments=comments,
        today=today,
        read=ReadOptions(
            unit_bytes=int(unit_mb * (1 << 20)),
            unit_files=unit_files,
            max_record_bytes=int(max_record_mb * (1 << 20)),
            text_field=text_field,
            html_field=html_field,
            url_field=url_field,
            id_field=id_field,
            date_field=date_field,
            published_fields=published_fields,
        ),
    )
    progress = False if quiet else None
    log.info("run: %d input(s) -> %s, stages %s, executor %s", len(inputs), out,
             ",".join(config.stages), executor)
    if executor == "ray":  # (a SIGTERM unwinds as Ctrl-C does: _Group.invoke)
        from newssift.execute.ray_executor import run_ray

        result = run_ray(list(inputs), out, config=config, resume=resume, address=address,
                         progress=progress)
    else:
        with _imports_frozen():
            from newssift.execute.local import run
            from newssift.io.arrow_setup import arrow_without_pandas

            arrow_without_pandas()  # this process is the run's own: no pandas for pyarrow
        result = run(list(inputs), out, config=config, resume=resume, progress=progress)
    docs = result.stats["documents"]
    click.echo(
        f"{docs['total']} documents: {docs['kept']} kept, {docs['rejected']} rejected, "
        f"{docs['quarantine']} quarantined -> {_printable(result.out)}"
        + (f" ({result.units_skipped} of {result.units} units already done)"
           if result.units_skipped else ""),
        err=True,
    )
    accounted = _accounting_line(result.stats, result.out)
    if accounted:
        click.echo(accounted, err=True)
    if executor != "ray":
        global _run_done
        _run_done = True


@contextlib.contextmanager
def _imports_frozen() -> Iterator[None]:
    """Import the run's modules with the cyclic collector off, then freeze what they made.

    The imports of a run (the stages, their ~270 regexes and tables, pyarrow, numpy) make
    long-lived objects by the hundred thousand; with the collector on they set off ~100
    young and ~10 middle collections (20-35 ms of the runner's CPU) that find nothing to
    free, and every later full collection (the warm-up's before the workers fork,
    :mod:`newssift.execute.warmup`) would walk them again. Frozen (``gc.freeze``), they stay
    out of every collection of this process and of its forked workers, which they outlive
    anyway: modules are never unloaded. The local runner thaws its own collector after the
    fork (it then sees them again, as before). Only for the ``run`` command's own process:
    a program calling :func:`newssift.execute.local.run` keeps its collector as it is."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _accounting_line(stats: dict, out) -> str | None:
    """One line on what did not come out as kept or rejected: documents quarantined (by
    reason of their error), files skipped while planning, and empty files read (no
    document in them); None when there were none."""
    counts = stats.get("counts", {})
    bits = []
    quarantined = stats["documents"]["quarantine"]
    if quarantined:
        why = [(v, k.split("/", 2)[2]) for k, v in counts.items()
               if k.startswith("read/quarantined/")]
        # a stage's error by stage and kind ("20 extract timeout"), not "stage errors"
        why += [(v, k.replace("/error/", " ")) for k, v in counts.items()
                if k.count("/") == 2 and k.split("/")[1] == "error"]
        detail = ", ".join(f"{n} {w}" for n, w in sorted(why, reverse=True))
        timeouts = any(k.endswith("/error/timeout") for k in counts)
        bits.append(f"{quarantined} quarantined" + (f" ({detail})" if detail else "")
                    + f": see {_quarantine_folder(out)}"
                    + (" (--time-limit raises the timeout)" if timeouts else ""))
    skipped = {k.rsplit("/", 1)[1]: v for k, v in counts.items()
               if k.startswith("plan/skipped_files/")}
    if counts.get("read/empty_file"):  # no document in it: said, so nothing looks lost
        skipped["empty"] = counts["read/empty_file"]
    if skipped:
        bits.append("skipped " + ", ".join(f"{v} {k} file(s)" for k, v in sorted(skipped.items())))
    return "newssift: " + "; ".join(bits) if bits else None


def _quarantine_folder(out) -> str:
    from newssift.io.run_folder import QUARANTINED, RunFolder

    return _printable(RunFolder(out).folder(QUARANTINED))


def _printable(name) -> str:
    """A folder's name for a summary line: a byte that is not UTF-8 shown as ``\\xNN``, as
    the records show it, not as Python's surrogate (which a UTF-8 terminal cannot print)."""
    from newssift.io.storage import printable

    return printable(str(name))


def entry() -> None:
    """The process's entry point (the ``newssift`` script, ``python -m newssift.cli``):
    :func:`main`, and after a finished local ``run`` the end of the process without the
    interpreter's teardown (:func:`_end_process`). Any other command, a failed run or a
    run on Ray exits as usual."""
    global _own_process
    _own_process = True
    _tolerant_streams()
    try:
        main()
    except SystemExit as exc:
        if not _run_done:
            raise
        code = exc.code
    else:  # pragma: no cover - click's main always exits in standalone mode
        code = 0
    _end_process(code)


def _tolerant_streams() -> None:
    """Let stdout and stderr write any text: a character their encoding lacks is written
    as a ``\\uNNNN`` escape. A page's text printed to a terminal or file in cp1252 or
    Latin-1 (Windows output redirected to a file) raised UnicodeEncodeError, a traceback
    after the work was done (review r40)."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(Exception):  # a stream that cannot be reconfigured
                stream.reconfigure(errors="backslashreplace")


def _end_process(code: object) -> None:
    """End the process with ``code`` (as ``sys.exit`` reads it) without freeing its heap.

    The teardown frees every object of the run one by one (the stages' models, tables and
    regular expressions, pyarrow, numpy): ~0.1 s of a 600-page run's wall time, with
    the output already written and the workers gone. The exit handlers still run (logging
    flushes and closes its files, multiprocessing and ``weakref.finalize`` clean up), then
    stdout and stderr are flushed; only what the end of the process undoes anyway is
    skipped. Threads that are not daemons (none in a run) get the usual exit instead."""
    import atexit
    import os
    import threading

    if any(t is not threading.main_thread() and t.is_alive() and not t.daemon
           for t in threading.enumerate()):
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    entry()
