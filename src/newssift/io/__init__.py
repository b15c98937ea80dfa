"""Input and output: work-unit planning, the readers of each input kind, and the writers.

``readers`` (plan / read_unit / read) is the entry point; one module per input kind
(``warc_reader``, ``jsonl_reader``, ``parquet_reader``, ``file_reader``) keeps each
format's breakage handling readable on its own; ``run_folder`` owns the output layout.
(Small WARC files for tests and examples are written by ``bench/warc_build.py``, outside
the package.)
"""
