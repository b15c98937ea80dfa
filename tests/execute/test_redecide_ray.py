"""The re-decide job on the Ray executor gives the bytes of the local one."""

from __future__ import annotations

import pytest

from newssift.execute.local import run
from newssift.execute.outputs import output_files
from newssift.execute.redecide import redecide
from tests.conftest import write_jsonl

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'newssift[ray]')")


def test_redecide_on_ray_equals_local(tmp_path, ray_alone):
    from newssift.execute.ray_executor import RayExecutor

    src = write_jsonl(tmp_path / "c.jsonl", 30)
    for name in ("local", "ray"):
        run([str(src)], tmp_path / name, stages=("clean", "news", "assess", "decide"),
            workers=1, unit_bytes=4000, progress=False)
    redecide(tmp_path / "local", "fineweb", workers=1)
    ray.init(address="local", num_cpus=2, object_store_memory=200 * 1024 * 1024,
             include_dashboard=False, log_to_driver=False)
    try:
        executor = RayExecutor(None, 2)
        try:
            redecide(tmp_path / "ray", "fineweb", executor=executor)
        finally:
            executor.close()
    finally:
        ray.shutdown()
    assert output_files(tmp_path / "ray") == output_files(tmp_path / "local")
