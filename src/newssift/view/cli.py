"""``newssift view OUT``: browse a finished run in a local web page."""

from __future__ import annotations

import signal

import click

from newssift.errors import InputError


def _check_memory(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--memory`` as a size DuckDB reads (:func:`newssift.view.index.memory_setting`),
    checked before any work: a usage error, exit 2."""
    from newssift.errors import ConfigError
    from newssift.view.index import memory_setting

    try:
        return memory_setting(value)
    except ConfigError as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[1]) from None


@click.command("view")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default is reachable from this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--memory", default="128MB", show_default=True, callback=_check_memory,
              help="Memory limit of the viewer's DuckDB index (a size: 2GB, 500MB).")
def view_command(out: str, host: str, port: int, memory: str) -> None:
    """Browse the finished run in OUT (Parquet parts) at http://HOST:PORT/: search and
    filter every document, open one with its removed lines, flags and evidence, compare a
    cluster's copies, and see the run's plots. Nothing is fetched from the network."""
    try:
        import duckdb  # noqa: F401 (an extra: said here, before any work)
    except ImportError as exc:
        raise InputError(f"the viewer needs duckdb: pip install 'newssift[view]' ({exc})") from None
    # SIGTERM (a service manager, `kill`) stops the viewer as Ctrl-C does: the finally
    # below (or RunIndex itself, during a start) removes the temporary index folder
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _serve(out, host, port, memory)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(out: str, host: str, port: int, memory: str) -> None:
    from newssift.io import storage
    from newssift.view.index import RunIndex
    from newssift.view.server import ViewApp, make_server

    try:
        index = RunIndex(out, memory_limit=memory)
    except OSError as exc:
        raise InputError(f"cannot read {storage.recorded(out)}: {exc}") from None
    except KeyboardInterrupt:
        return
    try:  # from here on, a stop at any moment closes the index
        try:
            server = make_server(ViewApp(index), host, port)
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        try:
            from newssift.io.run_folder import RunFolder

            warning = RunFolder(out).missing_warning()
            if warning:
                click.echo(warning, err=True)
            click.echo(f"newssift view: {index.total} documents; open http://{host}:"
                       f"{server.server_address[1]}/ (Ctrl-C stops)", err=True)
            server.serve_forever()
        finally:
            server.server_close()
    except KeyboardInterrupt:
        pass
    finally:
        index.close()
