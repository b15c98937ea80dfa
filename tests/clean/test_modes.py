"""The cleaner's two modes (news, web), the shipped line model, and --clean-mode end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from newssift.clean import model as line_model
from newssift.clean.cleaner import clean, web_threshold
from newssift.clean.stage import CleanStage
from newssift.execute.config import RunConfig
from newssift.execute.pipeline import build_stages
from newssift.record import Document

STORY = [
    "The regional water board approved a new reservoir near the village of Marlow on Tuesday, "
    "ending a planning dispute that had lasted almost six years and divided the valley.",
    "The reservoir will hold enough water for 40,000 homes and is expected to be finished in "
    "2029, the board said in a statement after the vote.",
    "Farmers near the site had objected to the loss of grazing land, but the board agreed to "
    "pay compensation and to build a new access road for their machinery.",
    "Engineers said the dam would be built from local clay and stone to keep transport costs "
    "down and to reduce the number of lorries passing through the village.",
]
#: A long line the fake model calls noise with probability 0.7: news mode keeps it (too long,
#: and under 0.9), web mode removes it (over the stored threshold 0.6).
LONG_NOISE = (
    "Garden hose reels, watering cans, sprinklers, plant pots, seed trays, compost bins and bird "
    "feeders for every size of garden and balcony, with next day delivery on most of them"
)


class Fake:
    def __init__(self) -> None:
        self.meta = {"web_threshold": 0.6}

    def predict_doc(self, lines, rows=None):
        return np.array([0.7 if line == LONG_NOISE else 0.05 for line in lines])


@pytest.fixture
def fake_model(monkeypatch):
    monkeypatch.setattr(line_model, "load", lambda kind="news": Fake())


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="clean mode"):
        clean("text", mode="forum")
    with pytest.raises(ValueError, match="clean mode"):
        CleanStage(mode="forum")


def test_web_mode_judges_long_lines_news_mode_does_not(fake_model):
    text = "\n".join([STORY[0], LONG_NOISE, *STORY[1:]])
    news = clean(text)
    assert news.removed == []
    web = clean(text, mode="web")
    assert [(r.line, r.reason, r.score) for r in web.removed] == [(LONG_NOISE, "boilerplate", 0.7)]
    assert web.text.splitlines() == STORY
    assert web_threshold() == 0.6
    # an explicit threshold (used when tuning) overrides the stored one
    assert clean(text, mode="web", threshold=0.75).removed == []


def test_web_mode_keeps_protected_lines(monkeypatch):
    dateline = "MOSCOW, Jan 24 (Reuters) - The Kremlin said on Monday"

    class AllNoise:
        def __init__(self) -> None:
            self.meta = {"web_threshold": 0.5}

        def predict_doc(self, lines, rows=None):
            return np.full(len(lines), 0.8)

    monkeypatch.setattr(line_model, "load", lambda kind="news": AllNoise())
    res = clean("\n".join([dateline, *STORY]), mode="web")
    assert dateline in res.text.splitlines()
    assert {r.reason for r in res.removed} == {"boilerplate"}


def test_shipped_model_is_v4_with_a_stored_threshold_and_no_turku():
    mdl = line_model.load()
    assert mdl is not None
    assert line_model.MODEL_FILE == "lines_v4.npz"
    for old in ("lines_v2.npz", "lines_v3.npz"):  # v2 Turku-trained, v3 older features
        assert not (line_model.MODEL_DIR / old).exists()
    assert 0.0 < float(mdl.meta["web_threshold"]) < 1.0
    assert "turku" not in json.dumps(mdl.meta).lower()
    assert "aeb" in mdl.meta["data"]


#: A whole web page as resiliparse writes it: menus, the story, a footer (written for newssift).
WHOLE_PAGE = [
    "Skip to main content",
    "Home",
    "News",
    "Sport",
    "Weather",
    "Sign in",
    *STORY,
    "Share this article",
    "Related topics",
    "Most read",
    "Terms of use",
    "Privacy policy",
    "Cookies",
    "Contact us",
    "© 2024 Marlow Gazette Ltd. All rights reserved.",
]


def test_web_mode_with_the_shipped_model_on_a_whole_page():
    text = "\n".join(WHOLE_PAGE)
    news = clean(text)
    web = clean(text, mode="web")
    # the story is kept whole in both modes
    assert web.text.splitlines()[-len(STORY) :] == STORY
    assert all(line in news.text.splitlines() for line in STORY)
    # web mode removes every chrome line news mode removes, and more
    assert {r.index for r in news.removed} <= {r.index for r in web.removed}
    assert len(web.removed) >= len(WHOLE_PAGE) - len(STORY) - 1


def test_stage_and_config_carry_the_mode(fake_model):
    default = RunConfig()
    web = RunConfig(clean_mode="web")
    assert default.clean_mode == "news"
    assert default.fingerprint() != web.fingerprint()
    stage = next(s for s in build_stages(web) if s.name == "clean")
    assert stage.mode == "web"
    doc = Document(id="d", source="s", text="\n".join([STORY[0], LONG_NOISE, *STORY[1:]]))
    out = stage.process(doc)
    assert [r.line for r in out.removed] == [LONG_NOISE]
    doc = Document(id="d", source="s", text="\n".join([STORY[0], LONG_NOISE, *STORY[1:]]))
    assert CleanStage().process(doc).removed == []


def test_clean_cli_mode(tmp_path: Path, fake_model):
    from newssift.clean.cli import clean_command

    f = tmp_path / "page.txt"
    f.write_text("\n".join([STORY[0], LONG_NOISE, *STORY[1:]]))
    res = CliRunner().invoke(clean_command, [str(f), "--json", "--clean-mode", "web"])
    assert res.exit_code == 0, res.output
    assert [r["line"] for r in json.loads(res.output)["removed"]] == [LONG_NOISE]
    res = CliRunner().invoke(clean_command, [str(f), "--clean-mode", "forum"])
    assert res.exit_code == 2


def test_run_clean_mode_option(tmp_path: Path):
    from newssift.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "\n".join(WHOLE_PAGE)}) + "\n")
    out = tmp_path / "out"
    args = ["run", str(src), "-o", str(out), "-f", "jsonl", "-w", "1", "-q", "--no-dedup"]
    res = CliRunner().invoke(main, [*args, "--clean-mode", "web"])
    assert res.exit_code == 0, res.output
    stats = json.loads((out / "stats.json").read_text())
    assert stats["config"]["clean_mode"] == "web"
    args[3] = str(tmp_path / "o2")
    res = CliRunner().invoke(main, [*args, "--clean-mode", "x"])
    assert res.exit_code == 2


def test_each_mode_asks_for_its_own_model(monkeypatch):
    class ByKind:
        def __init__(self, kind: str) -> None:
            self.kind = kind
            self.meta = {"web_threshold": 0.5}

        def predict_doc(self, lines, rows=None):
            # the news model calls the odd line noise, the web model calls it clean
            p = 0.95 if self.kind == "news" else 0.1
            return np.array([p if line == "zzz qqq www" else 0.05 for line in lines])

    monkeypatch.setattr(line_model, "load", lambda kind="news": ByKind(kind))
    text = "\n".join([STORY[0], "zzz qqq www", *STORY[1:]])
    assert [r.line for r in clean(text).removed] == ["zzz qqq www"]
    assert clean(text, mode="web").removed == []


def test_web_mode_reads_a_web_model_file_and_falls_back_to_the_news_model(
    monkeypatch, tmp_path, model_arrays
):
    news = line_model.load("news")
    assert news is not None
    arrays = model_arrays
    arrays["meta"] = np.array(json.dumps({"mode": "web", "web_threshold": 0.65}))
    np.savez(tmp_path / line_model.WEB_MODEL_FILE, **arrays)
    monkeypatch.setattr(line_model, "WEB_MODEL_DIR", tmp_path)
    line_model.clear_cache()
    try:
        web = line_model.load("web")
        assert web is not line_model.load("news")
        assert line_model.load() is line_model.load("news")
        assert web.meta["mode"] == "web" and web_threshold() == 0.65
        (tmp_path / line_model.WEB_MODEL_FILE).unlink()
        line_model.clear_cache()
        assert line_model.load("web") is line_model.load("news")
        assert web_threshold() == float(news.meta["web_threshold"])
    finally:
        monkeypatch.undo()
        line_model.clear_cache()


#: A German forum thread and a French shop page as whole-page text (written for this test, not
#: in train/lines_own.json): the posts and the product copy are running text web mode keeps.
FORUM_DE = [
    "Startseite › Forum › Haushalt › Waschmaschine",
    "Anmelden | Registrieren",
    "Waschmaschine riecht muffig",
    "Seit ein paar Wochen riecht unsere Waschmaschine unangenehm, obwohl wir sie regelmäßig "
    "lüften und die Tür nach dem Waschen offen lassen.",
    "Hat jemand einen Tipp, was dagegen wirklich hilft? Essig wollte ich eigentlich nicht "
    "nehmen, weil er die Dichtungen angreifen soll.",
    "Antworten",
    "Zitieren",
    "Lass einmal im Monat eine leere Wäsche bei 90 Grad mit etwas Vollwaschmittel laufen und "
    "mach das Flusensieb sauber, dort sammelt sich oft der Dreck.",
    "Beiträge: 2.310",
    "Seite 1 von 2",
    "Impressum | Datenschutz | Nutzungsbedingungen",
]
SHOP_FR = [
    "Livraison gratuite dès 50 € d'achat",
    "Mon compte | Panier (0)",
    "Accueil > Cuisine > Couteaux",
    "Couteau d'office en acier forgé",
    "Forgé à la main dans un atelier de Thiers, ce petit couteau à lame de neuf centimètres "
    "sert à éplucher, tailler et préparer les légumes au quotidien.",
    "Le manche en bois d'olivier est huilé à la main et se patine joliment avec le temps.",
    "29,90 € TTC",
    "Ajouter au panier",
    "CGV | Mentions légales | Cookies",
]


@pytest.mark.parametrize("page", [FORUM_DE, SHOP_FR], ids=["forum_de", "shop_fr"])
def test_web_mode_keeps_posts_and_product_copy(page):
    res = clean("\n".join(page), mode="web")
    kept = set(res.text.splitlines())
    prose = [line for line in page if len(line.split()) >= 12]
    assert prose and all(line in kept for line in prose)
    chrome = [line for line in page if "|" in line or "›" in line or ">" in line]
    assert sum(line not in kept for line in chrome) >= len(chrome) - 1


def test_a_model_with_another_second_stage_is_refused(model_arrays):
    # session 6-7's candidates read the document context in stage two; no shipped file does
    assert line_model.LineModel(model_arrays).predict_doc(WHOLE_PAGE).shape == (len(WHOLE_PAGE),)
    doc = dict(model_arrays, meta=np.array(json.dumps({"stage2": "doc"})))
    with pytest.raises(ValueError, match="second stage"):
        line_model.LineModel(doc)
    wider = dict(model_arrays, w2=np.zeros(len(model_arrays["w2"]) + 11, dtype=np.float32))
    with pytest.raises(ValueError, match="second stage"):
        line_model.LineModel(wider)
