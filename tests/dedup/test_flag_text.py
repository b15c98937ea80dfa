"""The ``copy_of`` flag's JSON spelled out (evidence._flag_text) is the encoder's text."""

from __future__ import annotations

import json
import random

from newssift.dedup import evidence

_CHARS = 'ab "\\\n\t\x00\x1f\x7fé€\u2028\U0001F600ﬁ…'


def _line(rng: random.Random) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(rng.choice((0, 1, 5, 199, 200, 260))))


def _reference(cid, curl, method, sim, limit, diff) -> dict:
    added, dropped = diff["added"], diff["dropped"]
    body = {"canonical_id": cid, "canonical_url": curl or "", "method": method,
            "lines_added": len(added), "lines_dropped": len(dropped),
            "word_change_rate": diff["word_change_rate"],
            "added": [x[:evidence.MAX_LINE_CHARS] for x in added[:evidence.MAX_LINES]],
            "dropped": [x[:evidence.MAX_LINE_CHARS] for x in dropped[:evidence.MAX_LINES]],
            "truncated": (len(added) > evidence.MAX_LINES
                          or len(dropped) > evidence.MAX_LINES)}
    return {"name": "copy_of", "rule": evidence.COPY_RULE, "value": float(sim),
            "threshold": float(limit), "line": -1, "start": -1, "end": -1,
            "text": json.dumps(body, ensure_ascii=False, sort_keys=True)}


def test_flag_text_is_the_encoders() -> None:
    rng = random.Random(7)
    shared = [_line(rng) for _ in range(30)]  # a canonical's lines, dropped again and again
    rates = [0.0, 1.0, 0.1234, 1e-05, 0.5, 2.5e-10, 0.3333, -0.0, 1, 0, float("nan"),
             float("inf")]
    for k in range(600):
        added = [_line(rng) for _ in range(rng.choice((0, 1, 3, 20, 21, 40)))]
        dropped = rng.sample(shared, rng.choice((0, 1, 3, 20))) + \
            ([_line(rng) for _ in range(rng.choice((0, 2)))] if k % 3 else shared)
        diff = {"added": added, "dropped": dropped, "word_change_rate": rng.choice(rates)}
        args = (_line(rng) or "x", rng.choice((None, "", _line(rng))),
                rng.choice(("text", "contained", "exact")), 0.5, 0.4)
        assert evidence.copy_flag(*args, diff) == _reference(*args, diff)
    assert evidence.copy_flag("a", None, "url", 1.0, 1.0, None)["text"] == json.dumps(
        {"canonical_id": "a", "canonical_url": "", "method": "url",
         "diff": "canonical text not in this run"}, ensure_ascii=False, sort_keys=True)
    evidence.clear_profiles()
    assert not evidence._ENCODED
