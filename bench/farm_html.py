"""Farm pages as HTML: the farm set (bench/farm_set.py) served through three site themes.

Why: every crawl holds HTML, and on that path a farm's evidence sits in the page's template
(the author box with its generated bio, the "See also" link pasted into the copied body, the
"You May Also Like" rail, the comment form), which the extractor drops from the article. This
renders each of the farm set's 40 clean articles and 40 farm copies into a theme, the way a
CMS would serve them, so bench/assessment.py can score the whole pipeline from the HTML.

What goes where (the same for every theme):

- the title in the theme's headline element; body lines as paragraphs, short lines without
  a full stop as subheadings;
- an injected headline of the farm copy (one of farm_set.HEADLINES, with or without its
  "See also" prefix) as a paragraph of link text inside the body, where the text had it;
- "About the Author: X" and the generated bio in the theme's author box; a clean article
  gets an author box too, with a human bio ("X covers city hall for the Ledger.");
- the farm copy's template-chrome lines (farm_set.CHROME) in their slots: "You May Also
  Like" / "Related Posts" head the recommendation block, "Leave a Reply" and "Your email
  address ..." the comment form, "Share this:" the share bar, "Post navigation" the post
  navigation. Every page has a recommendation block: a farm's lists farm_set.HEADLINES
  (unrelated click-bait), a clean site's lists its other articles' titles (also about other
  things, as newsrooms' rails are);
- every page has the theme's site header, menu, sidebar and footer.

Themes: ``wordpress`` (a WordPress default-style theme: entry-content, jp-relatedposts,
author-box, comments-area with #respond, widget-area, colophon), ``newstemplate`` (a news
template clone: story-body with itemprop articleBody, figure and caption, tags, share bar,
author-bio, more-stories section, comments section, sidebar with most-read and newsletter)
``minimal`` (a hand-written blog: no class or id at all, everything in <body>, an <hr>
before the author line, the list and the form) and ``blogger`` (a Blogger classic-style
page: the post body one block of text broken by <br>, the bio in the sidebar's "About Me"
profile widget, share links and labels in the post footer, the recommendation list as a
"Popular Posts" sidebar widget, the pager and comments below the post).

Tuning and held out: through session 3 and the first run of session 4 the detectors were
tuned on ``wordpress`` and ``newstemplate`` and ``minimal`` was held out (scored, never
tuned on: 37/40 at that reading). ``minimal`` then joined the tuning themes, and
``blogger`` was written as the new held-out theme before any rule was changed looking at
``minimal``; it is scored, not tuned on.

Usage: .venv/bin/python -m bench.farm_html OUT_DIR   (writes OUT_DIR/<theme>/<clean|farm>/NNx.html
and OUT_DIR/labels.json; bench/assessment.py --only farm_html renders in memory instead)
"""

from __future__ import annotations

import html
import json
import sys
import zlib
from pathlib import Path

from bench.farm_set import CHROME, HEADLINES, NAMES, read_seeds

HERE = Path(__file__).resolve().parent

FARM_SET = HERE / "data" / "farm_set"
THEMES = ("wordpress", "newstemplate", "minimal", "blogger")
TUNING_THEMES = ("wordpress", "newstemplate", "minimal")
HELD_OUT_THEMES = ("blogger",)
SITES = ["The Riverside Ledger", "Daily Trendz Hub", "Northgate Courier", "Buzz Feedline"]
MENU = ["Home", "News", "Business", "Lifestyle", "Tech", "Contact"]
BEATS = ["city hall", "transport", "health", "education", "the regional economy"]


def _e(s: str) -> str:
    return html.escape(s, quote=False)


def parse(text: str) -> dict:
    """A farm-set text cut into title, body lines, injected headlines, chrome and author."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title, rest = lines[0], lines[1:]
    body: list[tuple[str, str]] = []  # (kind, text): p, h, link, more
    chrome: list[str] = []
    author = bio = None
    i = 0
    while i < len(rest):
        ln = rest[i]
        if ln in CHROME:
            chrome.append(ln)
        elif ln.startswith("About the Author:"):
            author = ln.split(":", 1)[1].strip()
            if i + 1 < len(rest):
                bio = rest[i + 1]
                i += 1
        elif any(ln.endswith(h) for h in HEADLINES):
            head = next(h for h in HEADLINES if ln.endswith(h))
            body.append(("link", ln[: len(ln) - len(head)] + "\x00" + head))
        elif ln.startswith("Read more: "):
            body.append(("link", "Read more: \x00" + ln[len("Read more: ") :]))
        elif len(ln.split()) <= 5 and ln[-1:] not in '.!?)"”':
            body.append(("h", ln))
        else:
            body.append(("p", ln))
        i += 1
    return {"title": title, "body": body, "chrome": chrome, "author": author, "bio": bio}


def _body_html(body: list[tuple[str, str]], theme: str) -> str:
    out = []
    for kind, text in body:
        if kind == "p":
            out.append(f"<p>{_e(text)}</p>")
        elif kind == "h":
            out.append(f"<h2>{_e(text)}</h2>" if theme != "minimal" else f"<h3>{_e(text)}</h3>")
        else:
            prefix, head = text.split("\x00")
            pre = f"<strong>{_e(prefix.strip())}</strong> " if prefix.strip() else ""
            out.append(f'<p>{pre}<a href="/{zlib.crc32(head.encode()) % 9999}/">{_e(head)}</a></p>')
    return "\n".join(out)


def _slots(doc: dict, farm: bool, others: list[str], n: int) -> dict:
    chrome = doc["chrome"]
    rec_head = next((c for c in chrome if c in ("You May Also Like", "Related Posts")), "Related")
    items = HEADLINES[n % 4 : n % 4 + 4] if farm else others[:4]
    author = doc["author"] or NAMES[n % len(NAMES)]
    bio = doc["bio"] or f"{author} covers {BEATS[n % len(BEATS)]} for the paper."
    return {
        "rec_head": rec_head,
        "rec_items": items,
        "author": author,
        "bio": bio,
        "author_head": f"About the Author: {author}" if doc["author"] else f"About {author}",
        "share": "Share this:" in chrome,
        "reply": "Leave a Reply" in chrome,
        "notes": any(c.startswith("Your email") for c in chrome),
        "postnav": "Post navigation" in chrome,
    }


def render(text: str, theme: str, farm: bool, others: list[str], n: int) -> str:
    """One farm-set text as a page of ``theme``."""
    doc = parse(text)
    s = _slots(doc, farm, others, n)
    site = SITES[(n + farm) % len(SITES)]
    title = doc["title"]
    body = _body_html(doc["body"], theme)
    rec = "".join(f'<li><a href="/p/{k}/">{_e(h)}</a></li>' for k, h in enumerate(s["rec_items"]))
    recent = "".join(f'<li><a href="/r/{k}/">{_e(h)}</a></li>' for k, h in enumerate(others[4:9]))
    menu = "".join(f'<li><a href="/{m.lower()}/">{m}</a></li>' for m in MENU)
    reply = "Leave a Reply" if s["reply"] else "Comments"
    notes = (
        "Your email address will not be published. Required fields are marked *"
        if s["notes"]
        else "Comments are moderated."
    )
    head = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)} – '
        f'{_e(site)}</title><meta property="og:site_name" content="{_e(site)}"></head>'
    )
    if theme == "wordpress":
        share = (
            '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
            '<ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>'
            if s["share"]
            else ""
        )
        postnav = (
            '<nav class="navigation post-navigation"><h2 class="screen-reader-text">Post '
            f'navigation</h2><div class="nav-links"><a href="/prev/">{_e(others[9])}</a> '
            f'<a href="/next/">{_e(others[10])}</a></div></nav>'
            if s["postnav"]
            else ""
        )
        return f"""{head}
<body class="post-template-default single single-post"><div id="page" class="site">
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title">
<a href="/">{_e(site)}</a></p><p class="site-description">News and more, every day</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul>
</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{n}" class="post-{n} post type-post status-publish hentry category-news">
<header class="entry-header"><h1 class="entry-title">{_e(title)}</h1><div class="entry-meta">
<span class="posted-on">Posted on <a href="#"><time>March 3, 2024</time></a></span>
<span class="byline"> by <span class="author vcard"><a href="#">{_e(s["author"])}</a></span></span>
</div></header>
<div class="entry-content">
{body}
{share}
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">
<em>{_e(s["rec_head"])}</em></h3><ul>{rec}</ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="#">News</a></span>
</footer></article>
<div class="author-box"><h4 class="author-title">{_e(s["author_head"])}</h4>
<p class="author-description">{_e(s["bio"])}</p></div>
{postnav}
<div id="comments" class="comments-area"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">{reply}</h3>
<form id="commentform" class="comment-form"><p class="comment-notes">{notes}</p>
<p><label for="comment">Comment</label><textarea id="comment"></textarea></p></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">© 2024 {_e(site)}.
Proudly powered by WordPress</div></footer></div></body></html>
"""
    if theme == "newstemplate":
        share = (
            '<div class="social-share"><span>Share this:</span> <a href="#">Facebook</a> '
            '<a href="#">X</a></div>'
            if s["share"]
            else '<div class="social-share"><a href="#">Facebook</a> <a href="#">X</a></div>'
        )
        cards = "".join(
            f'<div class="card"><h3 class="card-title"><a href="/s/{k}/">{_e(h)}</a></h3></div>'
            for k, h in enumerate(s["rec_items"])
        )
        postnav = "<p>Post navigation</p>" if s["postnav"] else ""
        return f"""{head}
<body><div class="page-wrapper">
<header class="header" role="banner"><div class="logo"><a href="/">{_e(site)}</a></div>
<nav class="nav-main">{"".join(f'<a href="/{m.lower()}/">{m}</a> ' for m in MENU)}</nav></header>
<div class="breadcrumb"><a href="/">Home</a> › <a href="/news/">News</a></div>
<main class="main-content"><div class="story-layout"><article class="story">
<h1 class="story-headline">{_e(title)}</h1>
<div class="story-byline">By {_e(s["author"])} | Published 03 Mar 2024</div>
<figure class="lead-image"><img src="/img/{n}.jpg" alt="">
<figcaption class="caption">Photo: {_e(site)} archive</figcaption></figure>
<div class="story-body" itemprop="articleBody">
{body}
</div>
<div class="story-tags">Tags: <a href="#">news</a> <a href="#">local</a></div>
{share}
<div class="author-bio"><div class="author-bio__text"><p class="author-bio__name">
{_e(s["author_head"])}</p><p class="author-bio__desc">{_e(s["bio"])}</p></div></div>
{postnav}
</article>
<section class="more-stories"><h2 class="section-title">{_e(s["rec_head"])}</h2>{cards}</section>
<section class="comments-section"><h3>{reply}</h3><p>{notes}</p><form><textarea></textarea>
</form></section>
</div><aside class="sidebar"><div class="most-read"><h3>Most Read</h3><ol>{recent}</ol></div>
<div class="newsletter-box"><p>Sign up for our daily newsletter</p></div></aside></main>
<footer class="footer"><p>© 2024 {_e(site)}. All rights reserved.</p></footer></div></body></html>
"""
    if theme == "blogger":
        return _blogger(doc, s, site, title, rec, recent, n, reply, notes)
    # minimal: no class or id anywhere
    share = (
        '<p>Share this: <a href="#">Twitter</a> <a href="#">Facebook</a></p>' if s["share"] else ""
    )
    postnav = "<p>Post navigation</p>" if s["postnav"] else ""
    return f"""{head}
<body>
<p><a href="/">{_e(site)}</a> · <a href="/about/">About</a> · <a href="/archive/">Archive</a></p>
<h1>{_e(title)}</h1>
<p><i>March 3, 2024 · {_e(s["author"])}</i></p>
{body}
{share}
<hr>
<p><b>{_e(s["author_head"])}</b></p>
<p>{_e(s["bio"])}</p>
<h3>{_e(s["rec_head"])}</h3>
<ul>{rec}</ul>
{postnav}
<h3>{reply}</h3>
<form><p>{notes}</p><textarea></textarea></form>
<p>© 2024 {_e(site)}</p>
</body></html>
"""


def _blogger(
    doc: dict,
    s: dict,
    site: str,
    title: str,
    rec: str,
    recent: str,
    n: int,
    reply: str,
    notes: str,
) -> str:
    """A Blogger classic-style page: the post body is one block of text broken by <br>, the
    author's bio sits in the sidebar's profile widget, the share links and labels in the
    post footer, the recommendation list in a sidebar widget, comments below the post."""
    parts = []
    for kind, text in doc["body"]:
        if kind == "p":
            parts.append(_e(text))
        elif kind == "h":
            parts.append(f"<b>{_e(text)}</b>")
        else:
            prefix, head = text.split("\x00")
            pre = f"{_e(prefix.strip())} " if prefix.strip() else ""
            parts.append(f'{pre}<a href="https://{n}.blogspot.example/p/{n}.html">{_e(head)}</a>')
    body = "<br /><br />\n".join(parts)
    share = (
        '<div class="post-share-buttons"><span>Share this:</span> <a class="share-button" '
        'href="#">Email This</a> <a class="share-button" href="#">Share to Facebook</a></div>'
        if s["share"]
        else '<div class="post-share-buttons"><a class="share-button" href="#">Email This</a></div>'
    )
    pager = (
        '<div class="blog-pager" id="blog-pager"><span>Post navigation</span> '
        '<a class="blog-pager-newer-link" href="#">Newer Post</a> '
        '<a class="blog-pager-older-link" href="#">Older Post</a> <a href="/">Home</a></div>'
        if s["postnav"]
        else '<div class="blog-pager" id="blog-pager"><a href="#">Newer Post</a> '
        '<a href="#">Older Post</a> <a href="/">Home</a></div>'
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{_e(site)}: {_e(title)}</title></head>
<body><div class="outer-wrapper"><div id="header-wrapper"><div class="header section" id="header">
<div class="widget Header" id="Header1"><h1 class="title"><a href="/">{_e(site)}</a></h1>
<p class="description">Stories worth sharing</p></div></div></div>
<div id="content-wrapper"><div id="main-wrapper"><div class="main section" id="main">
<div class="widget Blog" id="Blog1"><div class="blog-posts hfeed">
<h2 class="date-header"><span>Sunday, March 3, 2024</span></h2>
<div class="post-outer"><div class="post hentry">
<h3 class="post-title entry-title">{_e(title)}</h3>
<div class="post-header"></div>
<div class="post-body entry-content" id="post-body-{n}">
{body}
<div style="clear: both;"></div></div>
<div class="post-footer"><div class="post-footer-line post-footer-line-1">
<span class="post-author vcard">Posted by <span class="fn">{_e(s["author"])}</span></span>
<span class="post-timestamp">at <a class="timestamp-link" href="#">10:42 AM</a></span>
<span class="post-comment-link"><a class="comment-link" href="#">2 comments</a></span></div>
{share}
<div class="post-footer-line post-footer-line-2"><span class="post-labels">Labels:
<a href="#">news</a>, <a href="#">world</a></span></div></div></div>
<div class="comments" id="comments"><h4>{reply}</h4><div id="comments-block">
<p class="comment-body">Great post, thanks for sharing!</p></div>
<p class="comment-footer">{notes}</p></div></div></div>
{pager}
</div></div></div>
<div id="sidebar-wrapper"><div class="sidebar section" id="sidebar">
<div class="widget Profile" id="Profile1"><h2>About Me</h2><div class="widget-content">
<a href="#"><img class="profile-img" src="/me.png" alt="My photo"></a>
<dl class="profile-datablock"><dt class="profile-data"><a class="profile-name-link" href="#">
{_e(s["author"])}</a></dt><dd class="profile-textblock">{_e(s["bio"])}</dd></dl>
<a class="profile-link" href="#">View my complete profile</a></div></div>
<div class="widget PopularPosts" id="PopularPosts1"><h2>{_e(s["rec_head"])}</h2>
<div class="widget-content popular-posts"><ul>{rec}</ul></div></div>
<div class="widget BlogArchive" id="BlogArchive1"><h2>Blog Archive</h2><ul>{recent}</ul></div>
</div></div></div>
<div id="footer-wrapper"><div class="footer section" id="footer"><div class="widget Attribution">
Powered by <a href="https://www.blogger.example">Blogger</a>. © 2024 {_e(site)}</div></div>
</div></div></body></html>
"""


def pages(theme: str) -> list[tuple[str, str, bool, list[str]]]:
    """(name, html, is_farm, expected flags) of every farm-set document in ``theme``."""
    labels = json.loads((FARM_SET / "labels.json").read_text())
    titles = [seed[0] for seed in read_seeds(FARM_SET / "seeds.txt")]
    out = []
    for name, expected in sorted(labels.items()):
        n = int(name.split("/")[1][:2])
        others = [t for k, t in enumerate(titles) if k != n]
        others = others[n:] + others[:n]
        farm = name.startswith("farm/")
        text = (FARM_SET / name).read_text(encoding="utf-8")
        out.append((name, render(text, theme, farm, others, n), farm, expected))
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: bench/farm_html.py OUT_DIR")
    out = Path(sys.argv[1])
    labels = {}
    for theme in THEMES:
        for name, page, _farm, expected in pages(theme):
            path = out / theme / name.replace(".txt", ".html")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            labels[f"{theme}/{name.replace('.txt', '.html')}"] = expected
    (out / "labels.json").write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(labels)} pages to {out}")


if __name__ == "__main__":
    main()
