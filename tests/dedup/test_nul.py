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


def test_the_compiled_tokenisers_tell_a_nul_inside_a_text() -> None:
    """The extension counts the documents it reads and gives None when the joined text
    held more than it was told: only then does minhash.native_joined look for NULs and
    join the batch again (a batch without one is read once)."""
    from newssift.dedup.minhash import _CHAR_WEIGHTS, _native

    if not getattr(_native, "COUNTS_DOCUMENTS", 0):
        pytest.skip("extension not built, or built before it counted documents")
    t = anchors._tables()
    args = (_CHAR_WEIGHTS, t["lower"], t["flags"], anchors._stop_hashes(), anchors.STEM,
            anchors.MIN_CONTENT)
    for joined, ndocs, told in (("Alpha\x00Beta", 2, False), ("Al\x00pha\x00Beta", 2, True),
                                ("", 1, False), ("\x00", 2, False), ("\x00\x00", 2, True)):
        for got in (_native.word_hashes(joined, _CHAR_WEIGHTS, ndocs),
                    _native.folded_word_hashes(joined, _CHAR_WEIGHTS, ndocs),
                    _native.anchor_tokens(joined, *args, ndocs),
                    _native.word_anchor_tokens(joined, *args, ndocs)):
            assert (got is None) == told, (joined, got)
    calls = []

    def tokeniser(joined: str):
        calls.append(joined)
        return _native.folded_word_hashes(joined, _CHAR_WEIGHTS, 2)

    minhash.native_joined(tokeniser, ["a b", "c"])
    assert calls == ["a b\x00c"]
    calls.clear()
    minhash.native_joined(tokeniser, ["a\x00b", "c"])
    assert calls == ["a\x00b\x00c", "a.b\x00c"]


def test_an_older_build_is_given_the_standin_at_once(monkeypatch) -> None:
    """An extension from before COUNTS_DOCUMENTS never says None: native_joined hands it
    the batch already joined with the stand-in, once, and the result stays right."""
    class Older:  # the extension as it was: no COUNTS_DOCUMENTS
        pass

    monkeypatch.setattr(minhash, "_native", Older())
    calls = []

    def tokeniser(joined: str) -> str:
        calls.append(joined)
        return joined

    assert minhash.native_joined(tokeniser, ["a\x00b", "c"]) == "a.b\x00c"
    assert calls == ["a.b\x00c"]
    calls.clear()
    minhash.native_joined(tokeniser, ["a b", "c"])
    assert calls == ["a b\x00c"]
