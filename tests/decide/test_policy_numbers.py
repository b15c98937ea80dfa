"""Policy thresholds that quietly meant something else, or raised out of the build, and a
file saved with a byte order mark (review r40, 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.decide.policy import PolicyError, load_policy, policy_from_dict

HEAD = "version = 1\n[[rule]]\nname = 'short/v1'\nreason = 'r'\n"


@pytest.mark.parametrize("cond, message", [
    ("score = 'n_words'\nop = '<'\n", "p.toml:6: rule 'short/v1': op '<' needs a 'threshold'"),
    ("field = 'text_length'\nop = '>='\n", "op '>=' needs a 'threshold'"),
    ("score = 'n_words'\nop = '<'\nthreshold = nan\n", "p.toml:7: rule 'short/v1': 'threshold' "
     "must be a number, not nan"),
    ("score = 'n_words'\nop = '<'\nthreshold = -nan\n", "not nan"),
    ("score = 'n_words'\nop = '<'\nthreshold = 1" + "0" * 400 + "\n",
     "p.toml:7: rule 'short/v1': 'threshold' is too large"),
])
def test_bad_thresholds_are_one_line_errors(tmp_path: Path, cond: str, message: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(HEAD + cond, encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_all_conditions_and_dicts_are_checked_the_same() -> None:
    rule = {"name": "a/v1", "reason": "r", "all": [{"score": "n_words", "op": "<"}]}
    with pytest.raises(PolicyError, match="needs a 'threshold'"):
        policy_from_dict({"version": 1, "rule": [rule]})
    rule["all"] = [{"score": "n_words", "op": "<", "threshold": float("nan")}]
    with pytest.raises(PolicyError, match="not nan"):
        policy_from_dict({"version": 1, "rule": [rule]})


def test_non_numeric_ops_need_no_threshold_and_infinity_is_a_number(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(HEAD + "field = 'text'\nop = 'empty'\n[[rule]]\nname = 'b/v1'\nreason = 'r'"
                    "\nscore = 'n_words'\nop = '<'\nthreshold = inf\n", encoding="utf-8")
    assert [r.name for r in load_policy(path).rules] == ["short/v1", "b/v1"]


def test_a_file_with_a_byte_order_mark_reads_as_without(tmp_path: Path) -> None:
    text = HEAD + "score = 'n_words'\nop = '<'\nthreshold = 20\n"
    plain, bom = tmp_path / "plain.toml", tmp_path / "bom.toml"
    plain.write_bytes(text.encode())
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_policy(bom).rules == load_policy(plain).rules
    broken = tmp_path / "broken.toml"  # line numbers are still the file's own
    broken.write_bytes(b"\xef\xbb\xbf" + (text + "[[rule]\n").encode())
    with pytest.raises(PolicyError, match=r"broken.toml:8: broken TOML"):
        load_policy(broken)


def test_the_overflow_is_a_cli_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text(HEAD + "score = 'n_words'\nop = '<'\nthreshold = 1" + "0" * 400 + "\n")
    out = tmp_path / "out"
    out.mkdir()
    res = CliRunner().invoke(main, ["decide", str(out), "--policy", str(path)])
    assert res.exit_code == 2 and "too large" in res.output and "Traceback" not in res.output
