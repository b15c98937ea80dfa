"""``newssift view OUT``: a local web viewer over a finished run, of any size.

:mod:`~newssift.view.index` keeps the small columns of every record in DuckDB and answers
the queries; :mod:`~newssift.view.pages` renders them as HTML (every value escaped, no
script); :mod:`~newssift.view.svg` draws the run page's plots on the server;
:mod:`~newssift.view.server` serves the pages on 127.0.0.1 with the standard library.
"""
