"""The APDU channel: one place where commands are encoded, sent, answered and traced.

It sits between a reader driver's :class:`~kiosk.card.transport.CardConnection` and the application modules:
chooses short or extended encoding, follows ``61 xx`` (GET RESPONSE) and ``6C xx`` (wrong Le) answers, counts
APDUs and bytes for benchmarks, and hands every exchange to a redacting tracer. It never retries a command on its
own: a transport error reaches the caller as it is (a VERIFY must never be sent twice by accident).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.card.apdu import EXTENDED_MAX_LE, SHORT_MAX_LE, Command, Ins, Response
from kiosk.card.errors import MalformedResponse
from kiosk.card.trace import TraceEntry, entry_for
from kiosk.card.transport import CardConnection

MAX_GET_RESPONSE_ROUNDS = 64
MAX_RESPONSE_BYTES = 0x10000 + 2


@dataclass
class ChannelStats:
    apdus: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


class ApduChannel:
    """Sends :class:`Command` objects over a connection and returns :class:`Response` objects."""

    def __init__(
        self,
        connection: CardConnection,
        *,
        tracer: Callable[[TraceEntry], None] | None = None,
        extended: bool | None = None,
    ) -> None:
        self._connection = connection
        self._tracer = tracer
        self.extended = connection.supports_extended if extended is None else extended
        self.stats = ChannelStats()

    @property
    def max_le(self) -> int:
        return EXTENDED_MAX_LE if self.extended else SHORT_MAX_LE

    def close(self, *, reset: bool = True) -> None:
        self._connection.close(reset=reset)

    def _exchange(self, command: Command) -> Response:
        raw_command = command.encode(extended=command.needs_extended() and self.extended)
        raw = self._connection.transmit(raw_command)
        self.stats.apdus += 1
        self.stats.bytes_sent += len(raw_command)
        self.stats.bytes_received += len(raw)
        if len(raw) > MAX_RESPONSE_BYTES:
            raise MalformedResponse(f"response of {len(raw)} bytes exceeds any legal APDU response")
        response = Response.parse(raw)
        if self._tracer is not None:
            self._tracer(entry_for(command, raw_command, response))
        return response

    def transmit(self, command: Command) -> Response:
        """Send ``command``; follow ``6C xx`` once and ``61 xx`` chains; return the final answer."""
        if command.needs_extended() and not self.extended:
            raise ValueError("this connection carries short APDUs only")
        response = self._exchange(command)
        if response.sw1 == 0x6C and command.le is not None:
            corrected = response.sw2 or SHORT_MAX_LE
            response = self._exchange(
                Command(
                    command.cla,
                    command.ins,
                    command.p1,
                    command.p2,
                    command.data,
                    corrected,
                    command.redact,
                    command.personal_response,
                )
            )
        data = bytearray(response.data)
        rounds = 0
        while response.sw1 == 0x61:
            rounds += 1
            if rounds > MAX_GET_RESPONSE_ROUNDS or len(data) > MAX_RESPONSE_BYTES:
                raise MalformedResponse("card keeps announcing more response data")
            response = self._exchange(
                Command(
                    0x00,
                    Ins.GET_RESPONSE,
                    0,
                    0,
                    le=response.sw2 or SHORT_MAX_LE,
                    personal_response=command.personal_response,
                )
            )
            data += response.data
        return Response(bytes(data), response.sw)
