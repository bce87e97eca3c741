"""Command dispatch: the card operating system that turns command APDU bytes into response bytes.

Every input gets a status word, never an exception (except ``CardStorageError`` being turned into
``65 81``). What each command answers is fixed by ``docs/card-profile.md``; the comments below point at
the rule being followed where the ISO default differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from sim.errors import CardStorageError
from sim.os.apdu import ApduRejected, Command, check_class, parse
from sim.os.files import DedicatedFile, ElementaryFile, KeyEf, PinEf, RecordEf, TransparentEf
from sim.os.management import ManagementModule
from sim.os.security import SecurityModule, VerifyOutcome
from sim.os.signing import sign_padded
from sim.profile import CLA_ISO, CLA_JPKI, CLA_SM, MAX_SIGN_INPUT, PINS, Ins, KeyId, Sw, tries_left_sw

_SELECT_BY_NAME = 0x04
_SELECT_EF = 0x02
_P2_NO_FCI = 0x0C
_P2_FCI = 0x00
_P2_SPECIFIC_REFERENCE = 0x80
_RSA_BLOCK = 256


@dataclass(frozen=True)
class Response:
    """Response data and status word."""

    data: bytes
    sw: bytes

    def to_bytes(self) -> bytes:
        """Data followed by SW1 SW2, as sent to the reader."""
        return self.data + self.sw


def _status(sw: Sw) -> Response:
    return Response(b"", sw.as_bytes)


def _ok(data: bytes = b"") -> Response:
    return Response(data, Sw.OK.as_bytes)


class CardOs:
    """One card's operating system state: the applications, the current DF/EF and the security module."""

    def __init__(
        self,
        applications: Sequence[DedicatedFile],
        security: SecurityModule,
        keys: Mapping[KeyId, RSAPrivateKey],
        *,
        management: ManagementModule,
        extended_length: bool,
    ) -> None:
        self._dfs = {df.aid: df for df in applications}
        self._security = security
        self._management = management
        self._keys = dict(keys)
        self._extended_length = extended_length
        self._df: DedicatedFile | None = None
        self._ef: ElementaryFile | None = None

    def reset(self) -> None:
        """Cold or warm reset: nothing selected, nothing verified."""
        self._df = None
        self._ef = None
        self._security.clear()

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU with response data + SW1 SW2."""
        return self._respond(apdu).to_bytes()

    def _respond(self, apdu: bytes) -> Response:
        management = apdu[:2] == bytes((CLA_SM, Ins.RESET_RETRY_COUNTER))
        refused = check_class(apdu[0]) if apdu and not management else None
        if refused is not None:
            return _status(refused)
        try:
            command = parse(apdu)
        except ApduRejected as rejected:
            return _status(rejected.sw)
        if command.extended and not self._extended_length:
            return _status(Sw.WRONG_LENGTH)
        try:
            return self._dispatch(command)
        except CardStorageError:
            return _status(Sw.MEMORY_FAILURE)

    def _dispatch(self, c: Command) -> Response:
        if c.cla == CLA_JPKI:
            return self._jpki_sign(c) if c.ins == Ins.JPKI_SIGN else _status(Sw.INS_NOT_SUPPORTED)
        if c.cla == CLA_SM:
            return self._management_reset(c)
        assert c.cla == CLA_ISO  # check_class let only 00 and 80 through
        handlers: dict[int, Callable[[Command], Response]] = {
            Ins.SELECT: self._select,
            Ins.READ_BINARY: self._read_binary,
            Ins.READ_RECORD: self._read_record,
            Ins.VERIFY: self._verify,
            Ins.CHANGE_REFERENCE_DATA: self._change_reference_data,
            Ins.INTERNAL_AUTHENTICATE: self._internal_authenticate,
        }
        handler = handlers.get(c.ins)
        if handler is None:  # includes 00 2A (PSO), GET RESPONSE, GET DATA, MSE, GET CHALLENGE
            return _status(Sw.INS_NOT_SUPPORTED)
        return handler(c)

    # --- SELECT ---------------------------------------------------------------------------------

    def _select(self, c: Command) -> Response:
        if c.p1 == _SELECT_BY_NAME:
            return self._select_df(c)
        if c.p1 == _SELECT_EF:
            return self._select_ef(c)
        return _status(Sw.WRONG_P1P2)

    def _select_df(self, c: Command) -> Response:
        if c.p2 not in (_P2_NO_FCI, _P2_FCI):
            return _status(Sw.WRONG_P1P2)
        if not c.data:
            return _status(Sw.WRONG_LENGTH)
        df = self._dfs.get(c.data)
        if df is None:
            return _status(Sw.FILE_NOT_FOUND)  # previous selection and session kept
        self._df = df
        self._ef = None
        self._security.clear()  # any SELECT DF, even of the same DF, logs out (OpenSC relies on it)
        if c.p2 == _P2_NO_FCI:
            return _ok()
        fci = bytes((0x6F, len(df.aid) + 2, 0x84, len(df.aid))) + df.aid
        return _ok(fci if c.ne is None else fci[: c.ne])

    def _select_ef(self, c: Command) -> Response:
        if c.p2 != _P2_NO_FCI:
            return _status(Sw.WRONG_P1P2)
        if len(c.data) != 2:
            return _status(Sw.WRONG_LENGTH)
        if self._df is None:
            return _status(Sw.COMMAND_NOT_ALLOWED)
        ef = self._df.efs.get(int.from_bytes(c.data, "big"))
        if ef is None:
            return _status(Sw.FILE_NOT_FOUND)
        self._ef = ef
        return _ok()

    # --- reads ----------------------------------------------------------------------------------

    def _read_binary(self, c: Command) -> Response:
        if c.data or c.ne is None:
            return _status(Sw.WRONG_LENGTH)
        if self._df is None:
            return _status(Sw.COMMAND_NOT_ALLOWED)
        if c.p1 & 0x80:
            if c.p1 & 0x60:
                return _status(Sw.WRONG_P1P2)
            ef = self._df.by_sfi(c.p1 & 0x1F)
            if ef is None:
                return _status(Sw.FILE_NOT_FOUND)
            self._ef = ef  # ISO: READ BINARY by SFI makes the EF current
            offset = c.p2
        else:
            if self._ef is None:
                return _status(Sw.COMMAND_NOT_ALLOWED)
            ef = self._ef
            offset = (c.p1 << 8) | c.p2
        if isinstance(ef, RecordEf):
            return _status(Sw.INCOMPATIBLE_FILE_STRUCTURE)
        if not isinstance(ef, TransparentEf) or not ef.read.allows(self._security.verified):
            return _status(Sw.SECURITY_STATUS_NOT_SATISFIED)  # PIN and key EFs are never readable
        if offset > len(ef.data):
            return _status(Sw.OFFSET_OUTSIDE_EF)
        # Le past the end: the bytes that exist and 90 00 (the cited readers check for exactly 90 00).
        return _ok(ef.data[offset : offset + c.ne])

    def _read_record(self, c: Command) -> Response:
        if c.data or c.ne is None:
            return _status(Sw.WRONG_LENGTH)
        if c.p2 & 0x07 != 0x04:  # only "read record P1"
            return _status(Sw.WRONG_P1P2)
        if self._df is None:
            return _status(Sw.COMMAND_NOT_ALLOWED)
        sfi = c.p2 >> 3
        if sfi:
            found = self._df.by_sfi(sfi)
            if found is None:
                return _status(Sw.FILE_NOT_FOUND)
            self._ef = found
        ef = self._ef
        if ef is None:
            return _status(Sw.COMMAND_NOT_ALLOWED)
        if isinstance(ef, TransparentEf):
            return _status(Sw.INCOMPATIBLE_FILE_STRUCTURE)
        if not isinstance(ef, RecordEf) or not ef.read.allows(self._security.verified):
            return _status(Sw.SECURITY_STATUS_NOT_SATISFIED)
        if not 1 <= c.p1 <= len(ef.records):
            return _status(Sw.RECORD_NOT_FOUND)
        return _ok(ef.records[c.p1 - 1][: c.ne])

    # --- PINs -----------------------------------------------------------------------------------

    def _pin_target(self, p2: int) -> PinEf | Sw:
        """The PIN EF addressed by P2 ``80`` (current EF) or ``80|SFI`` (by short identifier)."""
        if p2 & 0xE0 != _P2_SPECIFIC_REFERENCE:
            return Sw.WRONG_P1P2
        if self._df is None:
            return Sw.COMMAND_NOT_ALLOWED
        if p2 == _P2_SPECIFIC_REFERENCE:
            ef = self._ef
            if ef is None:
                return Sw.COMMAND_NOT_ALLOWED
        else:
            found = self._df.by_sfi(p2 & 0x1F)
            if found is None:
                return Sw.FILE_NOT_FOUND
            ef = found
        if not isinstance(ef, PinEf):
            return Sw.COMMAND_NOT_ALLOWED
        return ef

    def _verify(self, c: Command) -> Response:
        if c.p1 != 0x00:
            return _status(Sw.WRONG_P1P2)
        target = self._pin_target(c.p2)
        if isinstance(target, Sw):
            return _status(target)
        if c.ne is not None:
            return _status(Sw.WRONG_LENGTH)
        if not c.data:
            # Query form: tries left, even after a successful VERIFY (OpenSC expects 63 Cx).
            return Response(b"", tries_left_sw(self._security.tries_left(target.pin)))
        # A value of the wrong length or alphabet counts as a wrong PIN (docs/card-profile.md).
        outcome = self._security.verify(target.pin, c.data)
        if outcome is VerifyOutcome.BLOCKED:
            return _status(Sw.REFERENCE_DATA_INVALIDATED)
        if outcome is VerifyOutcome.WRONG:
            return Response(b"", tries_left_sw(self._security.tries_left(target.pin)))
        return _ok()

    def _change_reference_data(self, c: Command) -> Response:
        if c.p1 != 0x01:
            return _status(Sw.WRONG_P1P2)
        target = self._pin_target(c.p2)
        if isinstance(target, Sw):
            return _status(target)
        if not c.data or c.ne is not None:
            return _status(Sw.WRONG_LENGTH)
        spec = PINS[target.pin]
        if not spec.holder_changeable:
            return _status(Sw.CONDITIONS_NOT_SATISFIED)  # PIN-A/B and the birth-date PIN follow the data
        if target.pin not in self._security.verified:
            return _status(Sw.SECURITY_STATUS_NOT_SATISFIED)
        if not spec.format.accepts(c.data):
            return _status(Sw.WRONG_DATA)
        self._security.change(target.pin, c.data)
        return _ok()

    def _management_reset(self, c: Command) -> Response:
        """``0C 2C 02 80``: a server-authorised reset of the current PIN (docs/card-profile.md)."""
        if c.p1 != 0x02 or c.p2 != _P2_SPECIFIC_REFERENCE:
            return _status(Sw.WRONG_P1P2)
        target = self._ef
        if self._df is None or not isinstance(target, PinEf):
            return _status(Sw.COMMAND_NOT_ALLOWED)
        spec = PINS[target.pin]
        if not spec.holder_changeable:
            return _status(Sw.CONDITIONS_NOT_SATISFIED)  # PIN-A/B and the birth-date PIN follow the data
        result = self._management.unwrap(aid=self._df.aid, fid=target.fid, data=c.data)
        if isinstance(result, Sw):
            return _status(result)
        if result.new_pin is None or not spec.format.accepts(result.new_pin):
            return _status(Sw.WRONG_DATA)  # the counter stays spent
        self._security.change(target.pin, result.new_pin)  # new value, tries back to the maximum
        return _ok(result.answer)

    # --- signatures -----------------------------------------------------------------------------

    def _jpki_sign(self, c: Command) -> Response:
        if c.p1 != 0x00 or c.p2 != _P2_SPECIFIC_REFERENCE:
            return _status(Sw.WRONG_P1P2)
        ef = self._ef
        if self._df is None or not isinstance(ef, KeyEf):
            return _status(Sw.COMMAND_NOT_ALLOWED)
        if not ef.use.allows(self._security.verified):
            return _status(Sw.SECURITY_STATUS_NOT_SATISFIED)
        return self._sign(ef.key, c)

    def _internal_authenticate(self, c: Command) -> Response:
        if self._df is None:
            return _status(Sw.COMMAND_NOT_ALLOWED)
        if not self._df.internal_auth:
            return _status(Sw.INS_NOT_SUPPORTED)
        if c.p1 != 0x00 or c.p2 != _P2_SPECIFIC_REFERENCE:
            return _status(Sw.WRONG_P1P2)
        if self._df.internal_auth.isdisjoint(self._security.verified):
            return _status(Sw.SECURITY_STATUS_NOT_SATISFIED)
        return self._sign(KeyId.CARD, c)

    def _sign(self, key_id: KeyId, c: Command) -> Response:
        if not c.data or len(c.data) > MAX_SIGN_INPUT:
            return _status(Sw.WRONG_LENGTH)
        if c.ne is not None and c.ne < _RSA_BLOCK:
            return _status(Sw.WRONG_LE)  # 6C 00: send Le = 00 (256)
        key = self._keys.get(key_id)
        if key is None:
            return _status(Sw.COMMAND_NOT_ALLOWED)
        return _ok(sign_padded(key, c.data))
