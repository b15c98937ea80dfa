"""The clean and news stages and their command-line entry points."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newssift.clean.cli import clean_command
from newssift.clean.stage import CleanStage
from newssift.news.cli import news_command
from newssift.news.stage import NewsStage
from newssift.record import Document
from newssift.stage import Stats

FARM = Path(__file__).parents[1] / "clean" / "fixtures" / "farm_copy.txt"


def test_stages_fill_the_record():
    doc = Document(id="d1", source="x.txt", text=FARM.read_text())
    stats = Stats()
    (out,) = list(NewsStage().run(CleanStage().run([doc], stats), stats))
    assert [r.reason for r in out.removed][:2] == ["related_link", "injected_headline"]
    assert "Leave a Reply" not in out.text
    assert out.news is not None and out.news.dateline_agency == "Reuters"
    assert out.title == "Harbour city council backs tram extension despite cost fears"
    assert out.text.startswith("OSLOBERG, Feb.11 (Reuters)")
    assert stats.counts["clean/in"] == 1 and stats.counts["news/in"] == 1
    back = Document.from_dict(json.loads(json.dumps(out.to_dict())))
    assert back.removed == out.removed and back.news == out.news


def test_stage_keeps_a_known_title_and_an_opening_that_differs():
    doc = Document(id="d2", source="x.html", title="Tram plan approved", text=FARM.read_text())
    (out,) = list(CleanStage().run([doc], Stats()))
    assert out.title == "Tram plan approved"
    assert out.text.startswith("Harbour city council backs tram extension")


def test_clean_cli_json(tmp_path: Path):
    res = CliRunner().invoke(clean_command, [str(FARM), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [r["reason"] for r in data["removed"]].count("comment_form") == 2
    assert "Costs DOUBLED" in data["text"]
    assert data["title"] == "Harbour city council backs tram extension despite cost fears"


def test_clean_cli_plain():
    res = CliRunner().invoke(clean_command, [str(FARM)])
    assert res.exit_code == 0
    assert "[recommendation_header 0.99] line 28: You May Also Like" in res.output


def test_news_cli():
    res = CliRunner().invoke(news_command, [str(FARM), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["credits_note"] == "German version"
    assert data["quotes"][0]["speaker"] == "Ingrid Solberg"
    plain = CliRunner().invoke(news_command, [str(FARM)])
    assert "dateline: OSLOBERG / Feb.11 / Reuters" in plain.output
