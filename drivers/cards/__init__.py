"""Card reader drivers: in-process virtual card, PC/SC (pyscard) and nfcpy. Open one with ``uri.open_reader``."""
