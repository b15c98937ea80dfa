"""Recall fixes of issue 16, each on a small hand-written page that shows the fault.

Every test here failed before its fix: scripts without spaces measured in characters, and
the ``favor`` settings that lean the line rules towards precision or recall.
"""

from __future__ import annotations

import pytest

from newssift.extract.article import extract
from newssift.extract.blocks import text_size

# seven short Japanese paragraphs (20-30 characters each), my own text
JA_PARAGRAPHS = [
    "北浜市の市営バスが一日、全路線で運行を再開した。",
    "台風による道路の損傷で、三週間にわたり運休していた。",
    "市によると、橋の補修工事は予定より早く終わった。",
    "利用者からは「やっと通勤が楽になる」との声が聞かれた。",
    "運転手の不足は続いており、本数は以前の八割にとどまる。",
    "市は年内に元の本数へ戻すことを目指している。",
    "運賃は据え置かれる。",
]


def _ja_page(paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"""<!DOCTYPE html><html lang="ja"><head><meta charset="Shift_JIS">
<title>市営バス、全路線で再開 | 北浜新報</title></head><body>
<header><nav><a href="/">ホーム</a> <a href="/local">地域</a></nav></header>
<main><article><h1>市営バス、全路線で再開</h1>
<div class="share">共有: <a href="#">Facebook</a> <a href="#">X</a></div>
<div class="article-body">
{body}
</div></article></main>
<footer><p>&copy; 2024 北浜新報 All rights reserved.</p></footer></body></html>"""
    return html.encode("shift_jis")


def test_text_size_weighs_cjk_characters():
    assert text_size("plain ascii") == len("plain ascii")
    assert text_size("café") == 4
    assert text_size("運賃は据え置かれる。") == 9 * 3 + 1  # the full stop is punctuation
    assert text_size("한국어") == 6


def test_short_japanese_paragraphs_are_the_article():
    art = extract(_ja_page(JA_PARAGRAPHS))
    lines = art.text.split("\n")
    assert lines == JA_PARAGRAPHS
    assert "All rights reserved" not in art.text


def test_short_chinese_paragraphs_are_the_article():
    zh = [
        "本市公交公司一日宣布，全部线路恢复运营。",
        "此前因台风损坏道路，公交停运了三周。",
        "市政府表示，桥梁维修工程提前完工。",
        "乘客表示通勤终于方便了。",
    ]
    html = (
        "<html><head><meta charset='utf-8'><title>公交恢复运营</title></head><body>"
        "<nav><a href='/'>首页</a> <a href='/a'>新闻</a></nav><div class='content'>"
        + "".join(f"<p>{p}</p>" for p in zh)
        + "</div><footer><p>&copy; 2024 Beibin Daily News. All rights reserved.</p>"
        "</footer></body></html>"
    )
    assert extract(html.encode("utf-8")).text.split("\n") == zh


def test_unknown_favor_is_an_error():
    with pytest.raises(ValueError, match="favor"):
        extract("<p>x</p>", favor="everything")
