"""The viewer's web server: the standard library's threading HTTP server, on 127.0.0.1.

Small on purpose: six GET routes, each a function of the index and the query string,
returning a whole page. :class:`ViewApp` does the routing without any socket (the tests
call it directly); :func:`serve` binds it. Every response forbids scripts, frames and
outside requests through its Content-Security-Policy: the pages need none.
"""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from newssift.decide.policy import Rule, load_policy
from newssift.errors import ConfigError
from newssift.view import pages
from newssift.view.index import BadQuery, Query, RunIndex

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _rules(stats: dict[str, Any]) -> list[Rule]:
    """The rules of the policy the run was decided with (its own file when it still exists,
    else the shipped policy of that name), to explain each score on the document page."""
    info = stats.get("policy") or {}
    specs = [info.get("source") or (stats.get("config") or {}).get("policy") or "news"]
    if info.get("name"):
        specs.append(info["name"])
    for spec in specs:
        try:
            return list(load_policy(spec).rules)
        except (OSError, ValueError, ConfigError) as exc:
            log.warning("policy %s not read (%s)", spec, exc)
    return []


class ViewApp:
    """Routes a GET path and query to (status, page)."""

    def __init__(self, index: RunIndex) -> None:
        self.index = index
        self.rules = _rules(index.stats)

    def handle(self, target: str) -> tuple[int, str]:
        parts = urlsplit(target)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = parts.path.rstrip("/") or "/"
        if path == "/":
            try:
                query = Query.from_params(params)
            except BadQuery as exc:
                return 400, pages.bad_request(str(exc))
            return 200, pages.search_page(self.index, query)
        if path == "/doc":
            doc = self.index.document(params.get("id", ""))
            if doc is None:
                return 404, pages.not_found(f"no document with id {params.get('id', '')!r}")
            return 200, pages.document_page(self.index, doc, self.rules, params.get("why"))
        if path == "/cluster":
            return 200, pages.cluster_page(self.index, params.get("id", ""), params.get("copy"))
        if path == "/site":
            return 200, pages.site_page(self.index, params.get("name", ""))
        if path == "/run":
            return 200, pages.run_page(self.index)
        return 404, pages.not_found(f"no page {parts.path!r}")


def make_server(app: ViewApp, host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        server_version = "newssift-view"

        def do_GET(self) -> None:
            try:
                status, page = app.handle(self.path)
            except Exception:
                log.exception("page %s failed", self.path)
                status, page = 500, pages.layout("error", "<h1>This page failed</h1>")
            body = page.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for k, v in HEADERS.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("%s " + format, self.address_string(), *args)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
