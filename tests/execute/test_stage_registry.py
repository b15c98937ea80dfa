"""One list of stages: the CLI default, the config default and the builder all read it."""

from importlib import import_module

from newssift import cli
from newssift.execute.config import RunConfig
from newssift.execute.pipeline import build_stages
from newssift.execute.stages import ALL_STAGES, STAGES
from newssift.stage import Stage


def test_every_registered_stage_builds_for_a_run():
    config = RunConfig(clean_mode="web", policy="fineweb")
    stages = build_stages(config)
    assert [type(s).__name__ for s in stages] == [w.split(":")[1] for w in STAGES.values()]
    for name, where in STAGES.items():
        module, cls = where.split(":")
        assert issubclass(getattr(import_module(module), cls), Stage), name
    assert stages[1].mode == "web"  # the clean stage read its option from the config


def test_cli_and_config_default_to_the_registry():
    run = cli.main.commands["run"]
    default = next(p.default for p in run.params if p.name == "stages")
    assert tuple(default.split(",")) == ALL_STAGES == RunConfig().stages
