"""The systemd service-manager notification protocol (``sd_notify``): READY=1, WATCHDOG=1, STOPPING=1, STATUS=.

systemd passes a unix datagram socket in ``NOTIFY_SOCKET`` (a path, or ``@name`` in the abstract namespace) to a
unit with ``Type=notify``; each message is one datagram of ``KEY=value`` lines. With ``WatchdogSec=`` it also
passes ``WATCHDOG_USEC`` (and ``WATCHDOG_PID``): a service that does not send ``WATCHDOG=1`` within that time is
killed and, with ``Restart=``, started again. This is the whole protocol: a few lines of our own, typed and with
the abstract namespace handled, rather than the unmaintained ``sdnotify`` package or ``systemd-python`` (which
needs libsystemd headers and a compiler to install).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


class NotifyError(OSError):
    """The service manager's socket could not be reached; the message names the socket."""


class Notifier:
    """Sends notifications to the service manager's socket at ``address``."""

    def __init__(self, address: str) -> None:
        if not address or not (address.startswith(("/", "@"))):
            raise NotifyError(f"NOTIFY_SOCKET {address!r} is neither a path nor an abstract socket (@name)")
        self.address = address
        # The abstract namespace is spelled with a leading NUL byte on the wire.
        self._target = "\0" + address[1:] if address.startswith("@") else address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Notifier | None:
        """The notifier systemd asked for, or None when not started by a ``Type=notify`` unit."""
        address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
        return cls(address) if address else None

    def notify(self, **fields: str) -> None:
        """Send one message, e.g. ``notify(READY="1", STATUS="attract screen")``."""
        message = "\n".join(f"{key}={value}" for key, value in fields.items())
        try:
            self._socket.sendto(message.encode("utf-8"), self._target)
        except OSError as exc:
            raise NotifyError(f"cannot notify the service manager at {self.address}: {exc.strerror or exc}") from exc

    def ready(self, status: str = "") -> None:
        self.notify(READY="1", **({"STATUS": status} if status else {}))

    def watchdog(self) -> None:
        self.notify(WATCHDOG="1")

    def stopping(self) -> None:
        self.notify(STOPPING="1")

    def close(self) -> None:
        self._socket.close()


def watchdog_interval(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds within which systemd expects a WATCHDOG=1 from this process, or None when it expects none.

    ``WATCHDOG_PID`` names the unit's main process. The kiosk runs as the child of the ``cage`` compositor, which
    is the main process and speaks no sd_notify, so the kiosk also takes a watchdog addressed to its parent (the
    unit says ``NotifyAccess=all`` for that reason); one addressed to any other process is not ours.
    """
    env = os.environ if environ is None else environ
    usec, for_pid = env.get("WATCHDOG_USEC", ""), env.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if for_pid and for_pid not in (str(os.getpid()), str(os.getppid())):
        return None
    return int(usec) / 1_000_000
