"""newssift's benchmark scripts, one module a benchmark.

Run them from the repository root as modules (``python -m bench.extraction --data
../shared/benchmarks``); they import each other (``from bench import splits``) and the
training scripts (``from train import train_mt``) as packages, with no ``sys.path`` edits.
Each writes its table to ``docs/bench/<name>.md`` with the command that made it;
``python -m bench.assemble_docs`` joins them into ``docs/benchmarks.md``.
"""
