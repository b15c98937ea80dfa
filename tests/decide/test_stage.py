"""The decide stage and the re-decide job: policy rules applied to scores already on the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.decide.policy import PolicyError, load_policy
from newssift.decide.stage import DecideStage
from newssift.execute.redecide import redecide
from newssift.execute.redecide_cli import decide_command
from newssift.io.run_folder import RunFolder
from newssift.io.writers import PartWriter, read_part
from newssift.record import KEEP, QUARANTINE, REJECT, Document
from newssift.stage import Stats
from tests.decide.helpers import verdict

GOOD = {
    "content_farm": 0.1,
    "gopher.n_words": 300.0,
    "gopher.mean_word_length": 4.8,
    "gopher.alpha_words_ratio": 0.9,
    "gopher.stop_words": 6.0,
}


def doc(i: int = 0, text: str = "Some article text.", **scores: float) -> Document:
    return Document(
        id=f"d{i}", source="in.jsonl", source_offset=i, text=text, scores={**GOOD, **scores},
        language="en",
    )


def decide_output(out, policy):
    return redecide(out, policy, workers=1)


def test_fineweb_rules_keep_good_scores_and_give_the_first_failing_reason():
    stage = DecideStage.from_config("fineweb")
    assert verdict(stage, doc()) == (True, None)
    assert verdict(stage, doc(**{"gopher.n_words": 12.0})) == (False, "gopher_short_doc")
    # two failures: the first in file order wins
    both = doc(**{"gopher.n_words": 12.0, "gopher.alpha_words_ratio": 0.2})
    assert verdict(stage, both) == (False, "gopher_short_doc")
    assert verdict(stage, doc(content_farm=0.9)) == (False, "content_farm")
    assert verdict(stage, doc(text="  \n")) == (False, "empty_text")
    assert verdict(stage, doc(**{"c4.n_sentences": 2.0})) == (False, "too_few_sentences")
    assert verdict(stage, doc(**{"gopher_rep.dup_line_frac": 0.5})) == (False, "dup_line_frac")
    assert verdict(stage, doc(**{"fineweb.char_dup_ratio": 0.02})) == (False, "char_dup_ratio")


def test_off_by_default_rules_and_missing_scores():
    stage = DecideStage("fineweb")
    assert verdict(stage, doc(machine_translated=0.99)) == (True, None)
    german = doc()
    german.language = "de"
    assert verdict(stage, german) == (True, None)
    bare = Document(id="x", source="s", text="text")  # no scores at all: nothing to apply
    stats = Stats()
    [out] = stage.run([bare], stats)
    assert out.decision == KEEP
    assert stats.counts["decide/missing/gopher.n_words"] == 1


def test_process_records_the_rule_and_its_evidence():
    stage = DecideStage("fineweb")
    out = stage.process(doc(**{"gopher.mean_word_length": 11.5}))
    assert (out.decision, out.reason) == (REJECT, "gopher_above_avg_threshold")
    [flag] = [f for f in out.flags if f.name == "decision"]
    assert (flag.rule, flag.value, flag.threshold) == (
        "gopher_quality.above_avg_word_length/v1",
        11.5,
        10.0,
    )
    # re-deciding replaces the decision flag instead of stacking them
    out.scores["gopher.mean_word_length"] = 5.0
    stage.process(out)
    assert (out.decision, out.reason) == (KEEP, None)
    assert not [f for f in out.flags if f.name == "decision"]


def test_quarantined_documents_pass_untouched():
    bad = doc(**{"gopher.n_words": 1.0})
    bad.decision, bad.reason, bad.error = QUARANTINE, "error", "boom"
    stats = Stats()
    [out] = DecideStage().run([bad], stats)
    assert (out.decision, out.reason, out.error) == (QUARANTINE, "error", "boom")
    assert stats.counts["decide/skipped_quarantined"] == 1


def write_config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "t.toml"
    path.write_text(
        "version = 1\n[[rule]]\nname = 'short/v2'\nscore = 'gopher.n_words'\nop = '<'\n"
        "threshold = 500\n"
        "reason = 'gopher_short_doc'\n"
        "[[rule]]\nname = 'lang/v1'\nfield = 'language'\nop = 'not_in'\nvalues = ['en']\n"
        "reason = 'language'\n" + extra,
        encoding="utf-8",
    )
    return path


def test_a_custom_file_changes_thresholds_without_recomputing(tmp_path):
    stage = DecideStage.from_config(write_config(tmp_path))
    assert verdict(stage, doc()) == (False, "gopher_short_doc")  # 300 < 500 now
    long_fr = doc(**{"gopher.n_words": 900.0})
    long_fr.language = "fr"
    assert verdict(stage, long_fr) == (False, "language")


@pytest.mark.parametrize(
    "extra, message",
    [
        ("[[rule]]\nname = 'x'\nscore = 'n_words'\nop = '~'\nreason = 'r'\n", "op must be"),
        ("[[rule]]\nname = 'x'\nop = '<'\nreason = 'r'\n", "exactly one of"),
        ("[[rule]]\nname = 'x'\nscore = 'n_words'\nop = '<'\nreason = 'r'\ncolour = 1\n",
         "unknown key"),
        ("[[rule]]\nname = 'short/v2'\nscore = 'n_words'\nop = '<'\nthreshold = 1\n"
         "reason = 'r'\n", "unique"),
    ],
)
def test_bad_rules_are_refused(tmp_path, extra, message):
    with pytest.raises(PolicyError, match=message):
        DecideStage.from_config(write_config(tmp_path, extra))


def test_the_fineweb_policy_mirrors_the_reference_reason_codes():
    rules = load_policy("fineweb").rules
    reasons = [r.reason for r in rules]
    assert reasons[:4] == ["empty_text", "content_farm", "machine_translated", "language"]
    assert "gopher_enough_stop_words" in reasons and "duplicated_10_n_grams" in reasons
    assert [r.reason for r in rules if r.family == "fineweb"] == [
        "empty",
        "line_punct_ratio",
        "short_line_ratio",
        "char_dup_ratio",
        "list_ratio",
    ]


def make_run(out: Path, fmt: str) -> None:
    """A finished run: two units, decided with the fineweb rules."""
    stage = DecideStage("fineweb")
    stats = Stats()
    units = {
        "u1": [doc(0), doc(1, **{"gopher.n_words": 320.0}), doc(2, **{"gopher.n_words": 40.0})],
        "u2": [doc(3, **{"gopher.n_words": 450.0})],
    }
    for name, docs in units.items():
        with PartWriter(out, name, fmt) as writer:
            writer.write_all(stage.run(docs, stats))
    (out / "stats.json").write_text(json.dumps({"documents": {"total": 4}}), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_decide_output_rewrites_parts_and_stats(tmp_path, fmt):
    out = tmp_path / "out"
    make_run(out, fmt)
    assert [p.name for p in RunFolder(out).part_paths("rejected")] == [f"part-u1.{fmt}"]
    stats = decide_output(out, str(write_config(tmp_path)))
    kept = [d.id for p in RunFolder(out).part_paths("kept") for d in read_part(p)]
    rejected = {d.id: d.reason for p in RunFolder(out).part_paths("rejected") for d in read_part(p)}
    # every record is English, so the language rule keeps them; all have < 500 words
    assert kept == []
    assert rejected == {
        "d0": "gopher_short_doc",
        "d1": "gopher_short_doc",
        "d2": "gopher_short_doc",
        "d3": "gopher_short_doc",
    }
    assert [p.name for p in RunFolder(out).part_paths("kept")] == []  # emptied parts are removed
    rejected_parts = [p.name for p in RunFolder(out).part_paths("rejected")]
    assert rejected_parts == [f"part-u1.{fmt}", f"part-u2.{fmt}"]
    data = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    # the totals are rewritten so they agree with the folders
    assert data["documents"] == {"total": 4, "kept": 0, "rejected": 4, "quarantine": 0}
    assert data["reasons"]["rejected"] == {"gopher_short_doc": 4}
    assert data["decide"]["documents"] == {"kept": 0, "rejected": 4}
    assert data["policy"]["name"] == "t" and data["policy"]["rules"] == ["short/v2", "lang/v1"]
    assert stats["counts"]["decide/reject"] == 4
    # back to the fineweb rules: the original split returns, in a stable order
    decide_output(out, "fineweb")
    kept = [d.id for p in RunFolder(out).part_paths("kept") for d in read_part(p)]
    assert kept == ["d0", "d1", "d3"]
    first = {p.name: p.read_bytes() for p in RunFolder(out).part_paths("kept")}
    decide_output(out, "fineweb")
    assert {p.name: p.read_bytes() for p in RunFolder(out).part_paths("kept")} == first


def test_decide_command(tmp_path):
    out = tmp_path / "out"
    make_run(out, "jsonl")
    result = CliRunner().invoke(decide_command, [str(out), "--policy", str(write_config(tmp_path)),
                                                 "-w", "1"])
    assert result.exit_code == 0, result.output
    assert "4 documents under policy 't': 0 kept, 4 rejected" in result.output
    assert "gopher_short_doc: 4" in result.output


def test_decide_output_reclusters_the_new_kept_set(tmp_path):
    out = tmp_path / "out"
    make_run(out, "parquet")
    (out / "dedup").mkdir()  # the run had near-duplicate clustering
    decide_output(out, "fineweb")
    kept = [d for p in RunFolder(out).part_paths("kept") for d in read_part(p)]
    rejected = [d for p in RunFolder(out).part_paths("rejected") for d in read_part(p)]
    # the three kept records have the same text: one cluster; the rejected record takes
    # part in provenance too (issue 12) and joins it, without changing folder
    assert {d.cluster_id for d in kept} == {"d0"}
    assert [d.cluster_id for d in rejected] == ["d0"]


def test_decide_output_on_a_url_equals_a_local_folder(tmp_path):
    import fsspec

    from newssift.execute.outputs import output_files

    local = tmp_path / "out"
    make_run(local, "parquet")
    fs = fsspec.filesystem("memory")
    url = "memory://decide-url-test/out"
    fs.put(str(local), "/decide-url-test/out", recursive=True)
    try:
        config = str(write_config(tmp_path))
        decide_output(local, config)
        decide_output(url, config)
        assert output_files(url) == output_files(local)
        result = CliRunner().invoke(decide_command, [url, "--policy", "fineweb", "-w", "1"])
        assert result.exit_code == 0, result.output
        assert "4 documents under policy 'fineweb': 3 kept, 1 rejected" in result.output
    finally:
        fs.rm("/decide-url-test", recursive=True)


def test_decide_command_one_line_error_for_a_missing_folder(tmp_path):
    from newssift.cli import main

    result = CliRunner().invoke(main, ["decide", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no output folder" in result.output
    assert "Traceback" not in result.output
