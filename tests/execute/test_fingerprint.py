"""The run fingerprint covers the package's model files: a model retrained or dropped into
``models/`` changes what a run writes, so resuming across it must be refused."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from newssift.execute import config
from newssift.execute.config import RunConfig, models_digest


def test_models_digest_reads_names_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "lines.npz").write_bytes(b"one")
    first = models_digest(tmp_path)
    assert models_digest(tmp_path) == first
    (tmp_path / "lines.npz").write_bytes(b"two")
    retrained = models_digest(tmp_path)
    (tmp_path / "extract_lines.json").write_text("{}")
    dropped_in = models_digest(tmp_path)
    assert len({first, retrained, dropped_in}) == 3
    (tmp_path / "extract_lines.json").rename(tmp_path / "other.json")
    assert models_digest(tmp_path) != dropped_in  # a name counts, not only the bytes


def test_fingerprint_changes_with_the_models(monkeypatch) -> None:
    before = RunConfig().fingerprint()
    assert RunConfig(workers=3).fingerprint() == before
    monkeypatch.setattr(config, "models_digest", lambda: "0" * 64)
    assert RunConfig().fingerprint() != before


def test_every_model_the_stages_read_is_in_the_folder_the_digest_reads() -> None:
    from newssift.clean.model import MODEL_DIR
    from newssift.dedup.minhash import _NFKC_SHIPPED
    from newssift.extract.body import MODEL_PATH

    # the MT models are found as package resources (assess/mt_model.py: load_model)
    mt_dir = Path(str(resources.files("newssift").joinpath("models"))).resolve()
    for path in (MODEL_DIR, MODEL_PATH.parent, _NFKC_SHIPPED.parent, mt_dir):
        assert path == config.MODELS, path
    assert {"lines_v4.npz", "mt_linear.npz"} <= {p.name for p in config.MODELS.iterdir()}
