"""A bench re-run replaces its fragment's tables and keeps the notes written by hand."""

from __future__ import annotations

from bench.assemble_docs import section
from bench.fragment import MARKER, write


def test_rerun_keeps_notes_after_the_marker(tmp_path):
    path = tmp_path / "x.md"
    write(path, "# X\n\n| a |\n|---|\n| 1 |\n")
    path.write_text(path.read_text() + f"\n{MARKER}\nRead at 12:00 on a quiet machine.\n")
    write(path, "# X\n\n| a |\n|---|\n| 2 |")
    text = path.read_text()
    assert "| 2 |" in text and "| 1 |" not in text
    assert text.endswith(f"{MARKER}\nRead at 12:00 on a quiet machine.\n")


def test_without_marker_the_fragment_is_replaced(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# X\n\nold table and old words\n")
    write(path, "# X\n\nnew table")
    assert path.read_text() == "# X\n\nnew table\n"


def test_assembled_section_drops_the_marker_and_lowers_headings():
    out = section(f"# X\n\n| a |\n\n{MARKER}\n## Notes\ntext\n")
    assert MARKER not in out
    assert out.startswith("## X\n") and "### Notes" in out
