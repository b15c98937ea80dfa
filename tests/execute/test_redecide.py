"""Re-deciding a finished run: another policy, nothing recomputed, totals that agree, the
run's own dedup settings (an index included), and the copies switch inside a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.execute.local import run
from newssift.execute.redecide import redecide
from newssift.io.run_folder import RunFolder
from newssift.io.writers import read_part
from tests.conftest import ARTICLE, write_jsonl

STAGES = ("clean", "news", "assess", "decide")
MARKET = (
    "LONDON, May 2 - Brent crude rose 1.2% to $84.10 a barrel by 1030 GMT; WTI added 0.9% "
    "to $79.35.\nGold fell 0.4% to $1,982.50 an ounce. Silver: $23.10 (-0.8%).\n"
    "EUR/USD 1.0712 (+0.1%); GBP/USD 1.2490 (-0.2%); USD/JPY 151.42 (+0.3%).\n"
    "FTSE 100 7,654.3 (+0.5%); DAX 17,912.6 (+0.4%); CAC 40 8,011.2 (+0.2%).\n"
    "10-year Bund yield 2.41% (+3 bp); 10-year gilt 4.12% (+2 bp); US 10-year 4.63%."
)
GERMAN = (
    "BERLIN, 2. Mai - Der Stadtrat hat am Dienstag nach einer langen Debatte über den "
    "Nahverkehr, die Schulen und die Reparatur mehrerer alter Brücken den neuen Haushalt "
    "beschlossen.\nDie Opposition kritisierte die Pläne als zu teuer, stimmte aber am Ende "
    "in großen Teilen zu.\n\"Wir haben einen guten Kompromiss gefunden\", sagte die "
    "Bürgermeisterin nach der Sitzung.\nDie ersten Bauarbeiten sollen im Herbst beginnen."
)


def corpus(path: Path) -> Path:
    rows = [{"id": "market", "text": MARKET}, {"id": "german", "text": GERMAN}]
    rows += [{"id": f"doc-{i}", "text": ARTICLE.format(i=i) + f"\nStory {i} ends here."}
             for i in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def folders(out: Path) -> dict[str, dict[str, str | None]]:
    return {f: {d.id: d.reason for p in RunFolder(out).part_paths(f) for d in read_part(p)}
            for f in ("kept", "rejected")}


def test_fineweb_on_a_news_run_recomputes_nothing_and_rewrites_stats(tmp_path, monkeypatch):
    out = tmp_path / "out"
    res = run([str(corpus(tmp_path / "c.jsonl"))], out, stages=STAGES, workers=1,
              progress=False, dedup=False)
    assert res.stats["policy"]["name"] == "news"
    news = folders(out)
    assert set(news["kept"]) == {"market", "german", "doc-0", "doc-1", "doc-2"}
    before = {d.id: d.scores for p in RunFolder(out).part_paths("kept") for d in read_part(p)}
    from newssift.report.html_report import write_report

    write_report(out)

    def boom(*a, **k):
        raise AssertionError("re-deciding must not recompute a score")

    import importlib

    from newssift.assess.stage import AssessStage

    monkeypatch.setattr(AssessStage, "process", boom)
    monkeypatch.setattr(importlib.import_module("newssift.assess.assessment"), "assess", boom)
    monkeypatch.setattr(importlib.import_module("newssift.assess.quality"), "quality_signals",
                        boom)
    summary = redecide(out, "fineweb", workers=1)
    fine = folders(out)
    # FineWeb's filters reject the page of figures; its English rules leave German alone
    assert fine["rejected"]["market"] == "gopher_below_alpha_threshold"
    assert "german" in fine["kept"]
    after = {d.id: d.scores for f in ("kept", "rejected") for p in RunFolder(out).part_paths(f)
             for d in read_part(p)}
    assert after == before  # the same scores, read, not recomputed
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats == summary
    kept, rejected = len(fine["kept"]), len(fine["rejected"])
    assert stats["documents"] == {"total": 5, "kept": kept, "rejected": rejected,
                                  "quarantine": 0}
    assert sum(stats["reasons"]["rejected"].values()) == rejected
    assert stats["counts"]["output/kept"] == kept
    assert stats["policy"]["name"] == "fineweb" and stats["config"]["policy"] == "fineweb"
    assert stats["decide"]["previous_policy"]["name"] == "news"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert '"name": "fineweb"' in report or '"name":"fineweb"' in report
    # and back: the news policy's split returns
    redecide(out, "news", workers=1)
    assert folders(out) == news


def test_parallel_redecide_gives_the_bytes_of_a_serial_one(tmp_path):
    from newssift.execute.outputs import output_files

    src = write_jsonl(tmp_path / "c.jsonl", 40)
    for name in ("one", "two"):
        run([str(src)], tmp_path / name, stages=STAGES, workers=1, unit_bytes=4000,
            progress=False)
    redecide(tmp_path / "one", "fineweb", workers=1)
    redecide(tmp_path / "two", "fineweb", workers=2)
    assert output_files(tmp_path / "one") == output_files(tmp_path / "two")


def test_a_run_with_a_dedup_index_keeps_its_cross_batch_clusters(tmp_path):
    rows = write_jsonl(tmp_path / "all.jsonl", 8).read_text().splitlines()
    (tmp_path / "day1.jsonl").write_text("\n".join(rows[:4]) + "\n")
    (tmp_path / "day2.jsonl").write_text("\n".join(rows[4:]) + "\n")
    index = tmp_path / "index.sqlite"
    for day in ("day1", "day2"):
        run([str(tmp_path / f"{day}.jsonl")], tmp_path / day, stages=STAGES, workers=1,
            progress=False, dedup_index=str(index))
    day1_ids = {json.loads(r)["id"] for r in rows[:4]}
    redecide(tmp_path / "day2", "news", workers=1)
    day2 = [d for p in RunFolder(tmp_path / "day2").part_paths() for d in read_part(p)]
    assert len(day2) == 4
    assert all(d.canonical_id in day1_ids for d in day2)  # still yesterday's originals


def test_decide_clusters_again_with_the_settings_newssift_dedup_used(tmp_path):
    """``newssift dedup OUT --threshold 0.9`` split the run's near-copies apart; ``decide``
    clustered the run again with the default options and silently joined them back."""
    from newssift.dedup.cli import dedup_command

    lines = ARTICLE.format(i=7).splitlines()
    rows = [{"id": "original", "text": "\n".join(lines)}]
    for k in range(1, 4):  # each version rewrites one of the six lines: Jaccard about 0.7
        text = [*lines[:k], f"Version {k} tells this part in words of its own, {k} times.",
                *lines[k + 1:]]
        rows.append({"id": f"version-{k}", "text": "\n".join(text)})
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    run([str(src)], out, stages=STAGES, workers=1, progress=False)

    def clusters():
        return {d.id: (d.cluster_id, d.canonical_reason)
                for p in RunFolder(out).part_paths() for d in read_part(p)}

    joined = clusters()
    assert len({c for c, _ in joined.values()}) == 1  # four versions of one story
    res = CliRunner().invoke(dedup_command, [str(out), "--threshold", "0.9"])
    assert res.exit_code == 0, res.output
    split = clusters()
    assert len({c for c, _ in split.values()}) > 1
    config = json.loads((out / "stats.json").read_text(encoding="utf-8"))["config"]
    assert config["dedup_options"] == {"threshold": 0.9, "lsh_threshold": 0.8}
    for policy in ("fineweb", "news"):
        redecide(out, policy, workers=1)
        assert clusters() == split
    CliRunner().invoke(dedup_command, [str(out)])  # back to the defaults: nothing recorded
    assert "dedup_options" not in json.loads((out / "stats.json").read_text())["config"]
    redecide(out, "news", workers=1)
    assert clusters() == joined


def test_the_copies_switch_rejects_copies_once_dedup_has_run(tmp_path):
    from importlib import resources

    news = resources.files("newssift.decide").joinpath("policies", "news.toml").read_text()
    policy = tmp_path / "one-per-story.toml"
    policy.write_text(news.replace('reason = "duplicate"\nenabled = false',
                                   'reason = "duplicate"'), encoding="utf-8")
    out = tmp_path / "out"
    res = run([str(write_jsonl(tmp_path / "c.jsonl", 6))], out, stages=STAGES, workers=1,
              progress=False, policy=str(policy))
    got = folders(out)
    assert len(got["kept"]) == 1  # the six near-identical stories: one record
    assert set(got["rejected"].values()) == {"duplicate"}
    [canonical] = got["kept"]
    copies = [d for p in RunFolder(out).part_paths("rejected") for d in read_part(p)]
    assert all(d.canonical_id == canonical for d in copies)  # the evidence stays
    assert res.stats["documents"]["rejected"] == 5
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["documents"] == {"total": 6, "kept": 1, "rejected": 5, "quarantine": 0}


def test_decide_command_on_a_finished_run(tmp_path):
    out = tmp_path / "out"
    run([str(corpus(tmp_path / "c.jsonl"))], out, stages=STAGES, workers=1, progress=False)
    res = CliRunner().invoke(main, ["decide", str(out), "--policy", "fineweb", "-w", "1"])
    assert res.exit_code == 0, res.output
    assert "under policy 'fineweb'" in res.output
    assert "gopher_below_alpha_threshold: 1" in res.output


@pytest.mark.parametrize("policy", ["news", "fineweb"])
def test_run_records_the_policy(tmp_path, policy):
    res = run([str(corpus(tmp_path / "c.jsonl"))], tmp_path / "o", stages=STAGES, workers=1,
              progress=False, policy=policy, dedup=False)
    assert res.stats["policy"]["name"] == policy
    assert res.stats["config"]["policy"] == policy


def test_decide_refuses_a_run_without_stats_or_with_a_lost_part(tmp_path):
    """It rewrites stats.json from the parts: without stats.json (an unfinished run) or with
    a part gone it counted the run short (21 of 26 records) and said nothing."""
    import shutil

    from newssift.errors import InputError

    out = tmp_path / "out"
    run([str(corpus(tmp_path / "in.jsonl"))], str(out), workers=1, progress=False, dedup=False)
    lost = tmp_path / "lost"
    shutil.copytree(out, lost)
    part = sorted((lost / "kept").glob("part-*"))[0]
    part.unlink()
    with pytest.raises(InputError, match=r"1 part\(s\) are missing \(" + part.name[:12]):
        redecide(lost, "fineweb", workers=1)
    (out / "stats.json").unlink()
    with pytest.raises(InputError, match="no finished newssift run"):
        redecide(out, "fineweb", workers=1)


def test_decide_on_an_index_run_keeps_the_cluster_fields_of_rejected_records(tmp_path):
    """On a ``--dedup-index`` run the clusters (cross-batch ones included) come from the
    index and cannot be computed again, so ``decide`` wiped them from rejected records and
    ``trace OUT ex-farm`` said "has no cluster"; they stay, under any policy, repeatedly."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    index = str(tmp_path / "ix.sqlite")
    run([str(examples / "sample.warc.gz")], tmp_path / "a", workers=1, progress=False,
        dedup_index=index)
    out = tmp_path / "b"
    run([str(examples / "articles.jsonl")], out, workers=1, progress=False, dedup_index=index)

    def clusters():
        docs = [d for f in ("kept", "rejected") for p in RunFolder(out).part_paths(f)
                for d in read_part(p)]
        return {d.id: (d.cluster_id, d.canonical_id, d.canonical_reason,
                       d.canonical_similarity) for d in docs}

    before = clusters()
    assert before["ex-farm"][0] is not None
    for policy in ("fineweb", "news", "fineweb"):
        redecide(out, policy, workers=1)
        assert clusters() == before


def test_resume_after_decide_refuses_until_the_run_policy_is_back(tmp_path, caplog):
    """``run --resume`` after ``decide`` redid, under the run's own policy, every unit whose
    part counts had moved (warning "its marker says 5"), leaving a mix of two policies; it
    is refused in one line, and once ``decide`` is back on the run's policy it is a no-op."""
    from newssift.errors import OutputError
    from newssift.execute.outputs import output_files

    src = corpus(tmp_path / "c.jsonl")
    out = tmp_path / "out"
    run([str(src)], out, stages=STAGES, workers=1, unit_bytes=4000, progress=False)
    redecide(out, "fineweb", workers=1)
    before = output_files(out)
    with pytest.raises(OutputError, match=r"re-decided.*'fineweb'.*decide .* --policy news"):
        run([str(src)], out, stages=STAGES, workers=1, unit_bytes=4000, progress=False,
            resume=True)
    assert output_files(out) == before
    redecide(out, "news", workers=1)
    back = output_files(out)
    res = run([str(src)], out, stages=STAGES, workers=1, unit_bytes=4000, progress=False,
              resume=True)
    assert res.units_skipped == res.units
    assert "redoing unit" not in caplog.text
    after = output_files(out)
    assert json.loads(after.pop("stats.json"))["documents"] == json.loads(
        back.pop("stats.json"))["documents"]  # rewritten from the markers: same totals
    assert after == back
