"""newssift: web news pages in, clean, attributed, deduplicated article records out.

The public API is re-exported here: ``run`` (the whole pipeline), ``read`` (documents from
any reader), ``extract``, ``clean``, ``parse_news``, ``assess``, ``trace`` (a record's
provenance). The stage subpackages are imported first and the functions bound after them,
because importing ``newssift.extract`` would otherwise rebind the name
``newssift.extract`` to the module. Inside the package, always import from the defining
module (``newssift.extract.article``), never ``import newssift.extract as x``.
"""

from __future__ import annotations

__version__ = "0.1.0"

import newssift.assess as _assess_pkg
import newssift.clean as _clean_pkg
import newssift.extract as _extract_pkg
import newssift.news as _news_pkg
from newssift.dedup.trace import trace
from newssift.execute.local import run
from newssift.io.readers import read
from newssift.record import Document

extract = _extract_pkg.extract
clean = _clean_pkg.clean
parse_news = _news_pkg.parse_news
assess = _assess_pkg.assess

__all__ = ["Document", "__version__", "assess", "clean", "extract", "parse_news", "read", "run",
           "trace"]
