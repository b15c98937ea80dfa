"""Every file of an input folder is accounted for: read, or quarantined with its reason."""

from __future__ import annotations

import os
from pathlib import Path

from newssift.execute.local import run
from newssift.io.kinds import detect
from newssift.io.readers import plan, read_unit
from newssift.record import QUARANTINE
from newssift.stage import Stats

PAGE = (b"<html><head><title>Ferry</title></head><body><article><p>LISBON, March 3 - The "
        b"harbour authority said on Monday that ferry service would resume after repairs to "
        b"the northern pier were finished ahead of schedule.</p></article></body></html>")


def _folder(root: Path) -> Path:
    root.mkdir()
    for name in ("a.php", "b.shtml", "c.xhtml", "noext", "d.aspx"):
        (root / name).write_bytes(PAGE)
    (root / "e.dat").write_bytes(b"<!DOCTYPE html>" + PAGE)  # declares itself HTML
    (root / "style.css").write_text("body { color: red }")
    # a PHP page that printed its warnings before the doctype, saved under a site's name
    noise = b"<br />\n<b>Deprecated</b>:  Assigning the return value of new by reference\n" * 80
    (root / "site.example.net").write_bytes(noise + b"<!DOCTYPE html>" + PAGE)
    (root / "icon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    # a feed whose items carry HTML, and a component template: documents of other kinds
    (root / "feed.rss").write_text('<?xml version="1.0"?>\n<rss><item><description><![CDATA[\n'
                                   '<html><body><p>x</p></body></html>]]></description></item></rss>')
    (root / "page.vue").write_text("<template>\n<html>\n<p>{{ title }}</p></html>\n</template>")
    os.symlink(root / "gone", root / "broken.html")  # cannot be read
    return root


def test_generated_page_names_are_sniffed_as_html(tmp_path: Path) -> None:
    root = _folder(tmp_path / "in")
    for name in ("a.php", "b.shtml", "c.xhtml", "noext", "d.aspx", "e.dat", "site.example.net"):
        assert detect(str(root / name), trust_content=False).kind == "html", name
    assert detect(str(root / "style.css"), trust_content=False).kind is None
    for name in ("icon.svg", "feed.rss", "page.vue"):
        assert detect(str(root / name), trust_content=False).kind is None, name


def test_unknown_and_unreadable_files_become_quarantine_records(tmp_path: Path) -> None:
    root = _folder(tmp_path / "in")
    stats = Stats()
    docs = [d for u in plan([str(root)], stats=stats) for d in read_unit(u, stats=stats)]
    bad = {Path(d.source).name: d.error for d in docs if d.decision == QUARANTINE}
    assert set(bad) == {"style.css", "icon.svg", "feed.rss", "page.vue", "broken.html"}
    assert "unknown kind" in bad["style.css"] and "cannot read" in bad["broken.html"]
    assert len(docs) == 12  # every file: seven pages read, five quarantined


def test_a_run_inside_its_input_folder_skips_its_own_output_and_resumes(
    tmp_path: Path, monkeypatch
) -> None:
    root = _folder(tmp_path / "in")
    monkeypatch.chdir(root)
    first = run(["."], "out", workers=1, progress=False, dedup=False)
    again = run(["."], "out", workers=1, progress=False, dedup=False, resume=True)
    assert first.stats["documents"]["total"] == 12
    assert again.stats["documents"] == first.stats["documents"]
    assert again.units_skipped == again.units


def test_the_run_says_on_stderr_what_was_quarantined_or_skipped(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = _folder(tmp_path / "in")
    (root / ".DS_Store").write_bytes(b"\0\0")
    res = subprocess.run([sys.executable, "-m", "newssift.cli", "run", str(root), "-o",
                          str(tmp_path / "out"), "-q", "-w", "1", "--no-dedup"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    last = res.stderr.strip().splitlines()[-1]
    assert "5 quarantined (4 unknown_kind, 1 unreadable_file)" in last
    assert "skipped 1 hidden file(s)" in last


def test_a_file_whose_name_is_not_utf8_is_read_and_named(tmp_path: Path) -> None:
    """A name the file system cannot decode (here byte 0xff) reached the output writer as a
    lone surrogate and stopped the whole run; it is a document like any other, its source
    written with the byte escaped, and the dangling link beside it keeps its error."""
    from newssift.io.writers import read_part

    root = tmp_path / "in"
    root.mkdir()
    (root / "a.html").write_bytes(PAGE)
    with open(os.path.join(os.fsencode(root), b"b\xff.html"), "wb") as fh:
        fh.write(PAGE)
    os.symlink(os.path.join(os.fsencode(root), b"gone"),
               os.path.join(os.fsencode(root), b"c\xfe.html"))
    for fmt in ("parquet", "jsonl"):
        out = tmp_path / f"out-{fmt}"
        result = run([str(root)], str(out), workers=2, progress=False, format=fmt)
        assert result.stats["documents"]["total"] == 3
        docs = [d for p in sorted(out.glob(f"*/part-*.{fmt}")) for d in read_part(p)]
        names = {Path(d.source).name: d for d in docs}
        assert set(names) == {"a.html", "b\\xff.html", "c\\xfe.html"}, fmt
        assert names["b\\xff.html"].text == names["a.html"].text
        assert names["c\\xfe.html"].decision == QUARANTINE
        assert "c\\xfe.html" in names["c\\xfe.html"].error


def test_a_fifo_in_a_folder_is_quarantined_not_waited_on(tmp_path: Path) -> None:
    """A named pipe (or socket, device) among the files: opening it to sniff its kind waited
    for a writer forever, so the run hung while planning; it is not a regular file, so it
    comes out quarantined with that reason, and the page beside it is read."""
    import signal

    root = tmp_path / "in"
    root.mkdir()
    (root / "a.html").write_bytes(PAGE)
    os.mkfifo(root / "pipe.html")

    class _Hung(BaseException):
        """Not an OSError: no reader's except clause catches it."""

    def _hung(signum, frame):
        raise _Hung("the run waited on the FIFO")

    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(20)
    try:
        stats = Stats()
        docs = [d for u in plan([str(root)], stats=stats) for d in read_unit(u, stats=stats)]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    by_name = {Path(d.source).name: d for d in docs}
    assert set(by_name) == {"a.html", "pipe.html"}
    assert by_name["a.html"].decision is None
    assert by_name["pipe.html"].decision == QUARANTINE
    assert "not a regular file" in by_name["pipe.html"].error


def test_a_linked_folder_is_read_and_a_link_loop_ends(tmp_path: Path) -> None:
    """A link to a folder inside an input folder was not walked and not counted, so its
    documents vanished without a word (a linked file was read); it is walked like a folder,
    a folder reached twice (a loop back to the input, two links to one place) once."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "b.html").write_bytes(PAGE)
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.html").write_bytes(PAGE)
    os.symlink(outside, root / "linked")
    os.symlink(outside, root / "linked-again")
    os.symlink(root, root / "loop")
    os.symlink(tmp_path, root / "up")  # a loop upwards: the input's surroundings stay out
    (tmp_path / "beside.html").write_bytes(PAGE)
    stats = Stats()
    docs = [d for u in plan([str(root)], stats=stats) for d in read_unit(u, stats=stats)]
    assert sorted(os.path.relpath(d.source, root) for d in docs) == [
        "a.html", os.path.join("linked", "b.html")]
    assert all(d.decision is None for d in docs)
