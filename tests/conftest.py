"""Session-wide test set-up.

The PC/SC harness is imported first of all: libpcsclite reads ``PCSCLITE_CSOCK_NAME`` once per process, so the
variable must point at our private pcscd before any test touches PC/SC.
"""

from __future__ import annotations

from tests import pcsc_harness  # noqa: F401 - imported for its side effect (see above)
