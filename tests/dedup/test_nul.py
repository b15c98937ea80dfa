"""A NUL inside a document's text: the tokenisers join a batch's texts with NUL and count a
document at each, so a text's own NUL used to open a document of its own (one count too
many, every later text's words and anchors given to the text before it; the signature
stage then failed on the counts). It is now read as ``minhash.NUL_STANDIN``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newssift.dedup import DedupOptions, anchors, minhash, stages
from newssift.io.run_folder import RunFolder
from newssift.io.writers import PartWriter
from newssift.record import Document

TEXTS = ["Alpha Beta said\x00Gamma agreed on Tuesday in Berlin.", "Delta reported it.",
         None, "\x00", "Epsilon\x00\x00Zeta"]
STANDIN = [t.replace("\x00", minhash.NUL_STANDIN) if t else t for t in TEXTS]


def _same_flat(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> None:
    assert len(a[1]) == len(b[1]) == len(TEXTS)
    assert a[1].tolist() == b[1].tolist()
    assert a[0].tolist() == b[0].tolist()


@pytest.mark.parametrize("native", [True, False])
def test_a_nul_in_a_text_neither_adds_nor_moves_documents(monkeypatch, native: bool) -> None:
    """Every tokeniser of a batch gives one count per text, and a text with a NUL gets
    the words and anchors it has with the stand-in there, with or without the extension."""
    if not native:
        monkeypatch.setattr(minhash, "_native", None)
    _same_flat(minhash.flat_word_hashes(TEXTS), minhash.flat_word_hashes(STANDIN))
    assert [h.tolist() for h in minhash.batch_word_hashes(TEXTS)] == \
        [h.tolist() for h in minhash.batch_word_hashes(STANDIN)]
    got, want = anchors.flat_anchor_hashes(TEXTS), anchors.flat_anchor_hashes(STANDIN)
    _same_flat(got[0], want[0])
    _same_flat(got[1], want[1])
    got3, want3 = anchors.flat_words_and_anchors(TEXTS), anchors.flat_words_and_anchors(STANDIN)
    for g, w in zip(got3, want3, strict=True):
        _same_flat(g, w)
    # each text alone gives what it gives in the batch
    alone = [minhash.flat_word_hashes([t])[0].tolist() for t in TEXTS]
    flat, counts = minhash.flat_word_hashes(TEXTS)
    assert np.split(flat, np.cumsum(counts)[:-1]) and \
        [x.tolist() for x in np.split(flat, np.cumsum(counts)[:-1])] == alone


def test_the_signature_stage_takes_a_part_with_nul_texts(tmp_path: Path) -> None:
    """A part holding NULs in its texts gets one signature row per record, the same as
    the part with the stand-in in their place."""
    rows = {}
    for name, texts in (("nul", TEXTS), ("standin", STANDIN)):
        out = tmp_path / name
        with PartWriter(out, "u1", "parquet") as w:
            for i, t in enumerate(texts):
                w.write(Document(id=f"d{i}", source="s", text=t, url=f"https://x.org/{i}"))
        part = str(RunFolder(out).part("kept", "u1", "parquet"))
        stem, n, meta = stages.signature_shard((part, str(out / "dedup"), DedupOptions()))
        assert n == len(texts)
        rows[name] = (np.load(out / "dedup" / "signatures" / f"{stem}.sig.npy"),
                      meta.column("n_words").to_pylist())
    assert rows["nul"][1] == rows["standin"][1]
    assert np.array_equal(rows["nul"][0], rows["standin"][0])
