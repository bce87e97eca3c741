"""J-LIS behind a port (issue 23): the batch a municipality sends (``batch``), the status feed J-LIS answers with
(``feed``), the port between them (``gateway``), and what the service does with both (``exchange``). The format is
documented in docs/jlis.md; a simulated J-LIS lives in ``sim/jlis.py`` and meets this package only through files."""
