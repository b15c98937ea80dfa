"""Fuzz `newssift run` with generated hostile inputs: nothing lost, no traceback, no hang.

Writes ``--n`` input files into a folder (deterministic from ``--seed``): HTML pages in
every encoding (with and without a byte-order mark or a declaration), mutated (bytes
flipped, cut, NULs inserted, tag soup, deep nesting, node and entity bombs); WARC files
(plain and per-record gzip) mutated the same way; JSONL (broken lines, wrong types,
invalid UTF-8, huge lines); Parquet (odd types, truncated, junk after ``PAR1``); gzip
(bombs, cut streams, junk); text; files of unknown kind and generated-page names. Then it
runs ``newssift run`` on the folder once, in a subprocess with a wall budget, and checks:

- exit code 0 and no ``Traceback`` on stderr;
- no hang: the run ends within its budget (``--time-limit`` per document and stage);
- accounting: the records read back from the parts equal kept + rejected + quarantined of
  ``stats.json``, and every input file is either the source of at least one record or
  counted as empty/skipped by the reader;
- peak resident memory of the largest process (runner or worker) <= 1 GB.

    python -m bench.fuzz --n 10000 --workers 2 --md docs/bench/fuzz.md

``tests/execute/test_fuzz.py`` runs the same harness on 500 inputs.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import fragment

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32-le",
             "utf-32-be", "cp1252", "cp1251", "latin-1", "shift_jis", "euc-jp", "gb18030",
             "big5", "koi8-r", "iso8859-7", "cp1256", "euc-kr"]
SAMPLES = {
    "en": "The harbour authority said on Monday that ferry service would resume soon.",
    "fr": "L'autorité portuaire a déclaré lundi que le service de ferry reprendrait.",
    "ru": "Портовое управление заявило в понедельник, что паромное сообщение возобновится.",
    "ja": "港湾当局は月曜日、フェリーの運航を再開すると発表した。",
    "zh": "港务局周一表示，渡轮服务将在修复后恢复。",
    "el": "Η λιμενική αρχή ανακοίνωσε τη Δευτέρα ότι η υπηρεσία θα επαναληφθεί.",
    "ar": "قالت سلطة الميناء يوم الاثنين إن خدمة العبارات ستستأنف.",
    "ko": "항만 당국은 월요일 페리 운항이 재개될 것이라고 밝혔다.",
}
GIB = 1 << 30


def _story(rng: random.Random) -> str:
    lang = rng.choice(list(SAMPLES))
    paras = [SAMPLES[lang] + f" ({rng.randrange(10**6)})" for _ in range(rng.randint(1, 8))]
    return "\n".join(paras)


def _page(rng: random.Random, enc: str | None = None, declare: bool = True) -> str:
    meta = f'<meta charset="{enc}">' if enc and declare else ""
    body = "".join(f"<p>{p}</p>" for p in _story(rng).split("\n"))
    return (f"<!DOCTYPE html><html><head>{meta}<title>T{rng.randrange(999)}</title></head>"
            f"<body><article>{body}</article></body></html>")


def _encode(text: str, enc: str) -> bytes:
    return text.encode(enc, errors="replace") if enc != "utf-16" else text.encode("utf-16")


def _mutate(rng: random.Random, data: bytes) -> bytes:
    """One random damage: flips, a cut, NULs, a duplicated or deleted slice, junk."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    data = bytearray(data)
    kind = rng.randrange(6)
    if kind == 0:
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:
        del data[rng.randrange(len(data)):]
    elif kind == 2:
        for _ in range(rng.randint(1, 5)):
            data.insert(rng.randrange(len(data)), 0)
    elif kind == 3:
        a = rng.randrange(len(data))
        b = min(len(data), a + rng.randint(1, 500))
        data[a:a] = data[a:b] * rng.randint(1, 50)
    elif kind == 4:
        a = rng.randrange(len(data))
        del data[a:a + rng.randint(1, 200)]
    else:
        data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
    return bytes(data)


def gen_html(rng: random.Random) -> tuple[str, bytes]:
    enc = rng.choice(ENCODINGS)
    page = _page(rng, enc, declare=rng.random() < 0.6)
    data = _encode(page, enc)
    roll = rng.random()
    if roll < 0.35:
        data = _mutate(rng, data)
    elif roll < 0.45:  # deep nesting, block or inline
        tag = rng.choice(["div", "span", "b", "section", "li", "table", "font", "a"])
        n = rng.choice([300, 2000, 20000, 60000])
        data = ("<html><body>" + f"<{tag}>" * n + _story(rng)
                + f"</{tag}>" * rng.choice([0, n])).encode()
    elif roll < 0.48:  # node bomb
        data = ("<html><body>" + "<b>x</b>" * rng.choice([50_000, 250_000])).encode()
    elif roll < 0.52:  # entity bomb, long lines, unclosed comment/script
        parts = ["&#x41;" * 100_000, "x" * 300_000, "<!-- " + _story(rng), "<script>" * 5000,
                 "<p " + "a=b " * 50_000 + ">", "\ufeff" * 1000 + _story(rng)]
        data = ("<html><body>" + rng.choice(parts) + "</body></html>").encode()
    elif roll < 0.56:  # tag soup
        tags = ["<p>", "</p>", "<div>", "</div>", "<br>", "<td>", "<tr>", "</table>", "<!--",
                "-->", "<a href='", "'>", "<script>", "</script>", "<meta charset=x>"]
        data = "".join(rng.choice(tags) + rng.choice(["", "x ", SAMPLES["en"]])
                       for _ in range(rng.randint(10, 3000))).encode()
    ext = rng.choice([".html", ".htm", ".html", ".php", ".shtml", ".xhtml", ""])
    return ext, data


def gen_text(rng: random.Random) -> tuple[str, bytes]:
    text = _story(rng)
    if rng.random() < 0.3:
        text += "".join(chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randint(1, 300)))
    data = _encode(text, rng.choice(["utf-8", "utf-16-le", "cp1251", "utf-32-be"]))
    return ".txt", _mutate(rng, data) if rng.random() < 0.3 else data


def gen_warc(rng: random.Random) -> tuple[str, bytes]:
    from bench.warc_build import http_response, warc_record, warcinfo_record

    recs = [warcinfo_record()]
    for i in range(rng.randint(1, 4)):
        enc = rng.choice(ENCODINGS)
        ctype = rng.choice([f"text/html; charset={enc}", "text/html", "application/pdf",
                            "text/plain", "image/png", "text/html; charset=bogus"])
        body = _encode(_page(rng, enc, rng.random() < 0.5), enc)
        if rng.random() < 0.2:
            body = gzip.compress(body)
        status = rng.choice(["200 OK", "200 OK", "404 Not Found", "301 Moved"])
        recs.append(warc_record(http_response(body, ctype, status),
                                uri=f"https://example.com/{rng.randrange(10**6)}/{i}"))
        if rng.random() < 0.2:
            recs.append(warc_record(b"GET / HTTP/1.1\r\n\r\n", uri="https://example.com/",
                                    record_type="request",
                                    content_type="application/http; msgtype=request"))
    compress = rng.random() < 0.5
    data = b"".join(gzip.compress(r, mtime=0) if compress else r for r in recs)
    if rng.random() < 0.6:
        data = _mutate(rng, data)
    return (".warc.gz" if compress else ".warc"), data


def gen_jsonl(rng: random.Random) -> tuple[str, bytes]:
    lines = []
    for i in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.5:
            rec = {"id": f"j{i}", "text": _story(rng), "url": "https://example.com/x"}
        elif roll < 0.65:
            rec = {"id": i, "html": _page(rng), "date": rng.choice([None, 5, "yesterday"])}
        elif roll < 0.8:
            rec = {"text": rng.choice([123, None, ["a"], {"b": 1}, True]), "id": [1]}
        else:
            rec = None
        line = json.dumps(rec, ensure_ascii=rng.random() < 0.5).encode() if rec else (
            rng.choice([b'{"text": "unterminated', b"[1,2", b"\xff\xfe\x00{", b"{}", b"null",
                        b'{"text": "' + b"x" * 200_000 + b'"}', b"\x00" * 50]))
        lines.append(line)
    data = b"\n".join(lines) + rng.choice([b"\n", b"", b"\r\n"])
    if rng.random() < 0.3:
        data = _mutate(rng, data)
    if rng.random() < 0.2:
        return ".jsonl.gz", gzip.compress(data, mtime=0)
    return rng.choice([".jsonl", ".ndjson"]), data


def gen_parquet(rng: random.Random) -> tuple[str, bytes]:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    n = rng.randint(1, 6)
    cols = {"text": rng.choice([pa.array([_story(rng) for _ in range(n)]),
                                pa.array(list(range(n))),
                                pa.array([None] * n, pa.string())])}
    if rng.random() < 0.5:
        cols["html"] = pa.array([_page(rng) for _ in range(n)])
    if rng.random() < 0.5:
        cols["id"] = pa.array([rng.choice(["a", "a", "b"]) for _ in range(n)])
    buf = io.BytesIO()
    pq.write_table(pa.table(cols), buf, row_group_size=rng.randint(1, 3))
    data = buf.getvalue()
    roll = rng.random()
    if roll < 0.3:
        data = _mutate(rng, data)
    elif roll < 0.4:
        data = b"PAR1" + bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    return ".parquet", data


def gen_gzip(rng: random.Random) -> tuple[str, bytes]:
    roll = rng.random()
    if roll < 0.2:  # a bomb: megabytes of zeros or of one tag
        unit = rng.choice([b"\0", b"<div>", b"a"])
        data = gzip.compress(unit * ((rng.choice([20, 80]) << 20) // len(unit)), mtime=0)
    elif roll < 0.6:
        data = gzip.compress(_encode(_page(rng), "utf-8"), mtime=0)
        data = _mutate(rng, data) if rng.random() < 0.7 else data
    else:
        data = gzip.compress(_page(rng).encode(), mtime=0) * rng.randint(2, 3)
    return rng.choice([".html.gz", ".txt", ".gz", ".htm.gz"]), data


def gen_other(rng: random.Random) -> tuple[str, bytes]:
    blobs = [b"%PDF-1.4" + os.urandom(500), b"\x89PNG\r\n" + os.urandom(300), b"",
             b"   \n\t ", os.urandom(rng.randint(1, 5000)), b"body { color: red }",
             "ʕ•ᴥ•ʔ".encode() * 100]
    return rng.choice([".bin", ".css", ".png", ".pdf", ".md", "", ".js"]), rng.choice(blobs)


GENERATORS = [(gen_html, 40), (gen_warc, 15), (gen_jsonl, 12), (gen_parquet, 8),
              (gen_gzip, 8), (gen_text, 10), (gen_other, 7)]


def generate(folder: Path, n: int, seed: int) -> dict[str, str]:
    """Write ``n`` inputs into ``folder``; returns file name -> generator name."""
    rng = random.Random(seed)
    funcs = [g for g, w in GENERATORS for _ in range(w)]
    made = {}
    for i in range(n):
        gen = funcs[i % len(funcs)] if i < len(funcs) else rng.choice(funcs)
        ext, data = gen(random.Random(rng.randrange(1 << 62)))
        name = f"{i:06d}{ext}"
        (folder / name).write_bytes(data)
        made[name] = gen.__name__
    return made


def _sources(out: Path) -> tuple[int, set[str]]:
    """Records in every part, and the input file names they come from."""
    import pyarrow.parquet as pq

    rows, names = 0, set()
    for folder in ("kept", "rejected", "quarantine"):
        for part in sorted((out / folder).glob("part-*.parquet")):
            col = pq.read_table(part, columns=["source"]).column("source").to_pylist()
            rows += len(col)
            names.update(Path(s).name for s in col)
    return rows, names


def check(inputs: Path, out: Path, made: dict[str, str]) -> dict:
    stats = json.loads((out / "stats.json").read_text())
    docs = stats["documents"]
    rows, sources = _sources(out)
    counts = stats["counts"]
    silent = sorted(set(made) - sources)
    excused = counts.get("read/empty_file", 0) + sum(
        v for k, v in counts.items() if k.startswith("read/skipped/"))
    return {
        "inputs": len(made),
        "records": rows,
        "kept": docs["kept"],
        "rejected": docs["rejected"],
        "quarantined": docs["quarantine"],
        "balanced": rows == docs["total"] == docs["kept"] + docs["rejected"] + docs["quarantine"],
        "files_without_record": len(silent),
        "empty_or_skipped_counted": excused,
        "accounted": len(silent) <= excused,
        "timeouts": sum(v for k, v in counts.items() if k.endswith("/error/timeout")),
        "silent_examples": silent[:5],
    }


#: Runs the command in argv[2:], then writes to argv[1] its return code (negative: the
#: signal that ended it) and the largest RSS (KiB) of it and its workers, and exits 0.
_PEAK = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[2:]); "
         "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
         "open(sys.argv[1], 'w').write(f'{rc} {peak}')")


def run_fuzz(n: int, seed: int, workers: int, time_limit: float, budget: float,
             work: Path) -> dict:
    inputs = work / "inputs"
    out = work / "out"
    inputs.mkdir(parents=True)
    t0 = time.perf_counter()
    made = generate(inputs, n, seed)
    gen_s = time.perf_counter() - t0
    cmd = [sys.executable, "-m", "newssift.cli", "run", str(inputs), "-o", str(out), "-q",
           "-w", str(workers), "--time-limit", str(time_limit), "--unit-files", "64"]
    t0 = time.perf_counter()
    hang = False
    peak_file = work / "peak_kib"
    # run under a wrapper of its own session: its RUSAGE_CHILDREN is this run's alone (this
    # process's also holds every child it ever waited for: inside pytest, other tests'), and
    # on a hang the whole group is killed, so no worker outlives the budget
    proc = subprocess.Popen([sys.executable, "-c", _PEAK, str(peak_file), *cmd],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        err = proc.communicate(timeout=budget)[1]
    except BaseException as exc:  # the budget, or the caller interrupted: no run outlives it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        if not isinstance(exc, subprocess.TimeoutExpired):
            raise
        hang, err = True, proc.communicate()[1]
    wall = time.perf_counter() - t0
    rc, peak = (None, None) if hang else (proc.returncode, None)  # (the wrapper's, at worst)
    if not hang and peak_file.exists():
        rc, kib = map(int, peak_file.read_text().split())
        peak = kib * 1024  # ru_maxrss is in KiB on Linux
    result = {"seed": seed, "workers": workers, "generate_seconds": round(gen_s, 1),
              "run_seconds": round(wall, 1), "exit_code": rc, "hang": hang,
              "tracebacks": err.count("Traceback"),
              "peak_rss_mb": None if peak is None else round(peak / 2**20),
              "stderr_tail": err.strip().splitlines()[-3:]}
    if rc == 0:
        result.update(check(inputs, out, made))
    result["ok"] = bool(rc == 0 and not hang and result["tracebacks"] == 0
                        and result.get("balanced") and result.get("accounted")
                        and peak is not None and peak <= GIB)
    return result


def _markdown(r: dict, command: str) -> str:
    rows = [("generated hostile inputs (files)", r["inputs"]),
            ("records written (kept + rejected + quarantined)",
             f"{r['records']} = {r['kept']} + {r['rejected']} + {r['quarantined']}"),
            ("files with no record / counted empty or skipped",
             f"{r['files_without_record']} / {r['empty_or_skipped_counted']}"),
            ("exit code / tracebacks / hangs", f"{r['exit_code']} / {r['tracebacks']} / "
             f"{int(r['hang'])}"),
            ("documents stopped by the time limit", r["timeouts"]),
            ("peak RSS of the largest process", f"{r['peak_rss_mb']} MB"),
            ("run wall time", f"{r['run_seconds']} s ({r['workers']} workers)")]
    lines = ["# Fuzzing `newssift run` (bench/fuzz.py)", "",
             "Generated hostile inputs (mutated WARC, HTML, JSONL, Parquet, gzip; bombs; deep "
             "nesting; every encoding) in one folder, one `newssift run` over it.", "",
             f"`{command}`", "",
             "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of input files")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=20.0)
    ap.add_argument("--budget", type=float, default=3600.0, help="wall seconds before a hang")
    ap.add_argument("--work", default=None, help="folder for inputs and output (kept)")
    ap.add_argument("--md", default=None, help="write the table fragment here")
    args = ap.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="newssift-fuzz-"))
    try:
        r = run_fuzz(args.n, args.seed, args.workers, args.time_limit, args.budget, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(r, indent=2))
    if args.md and "inputs" in r:
        command = "python -m bench.fuzz " + " ".join(sys.argv[1:])
        fragment.write(args.md, _markdown(r, command))
    sys.exit(0 if r["ok"] else 1)


if __name__ == "__main__":
    main()
