"""File system objects: a dedicated file (one application) holding elementary files of four kinds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sim.os.access import NEVER, AccessRule
from sim.profile import KeyId, PinId


@dataclass(frozen=True)
class TransparentEf:
    """A binary file read with READ BINARY. ``data`` is empty for the undocumented files we only list."""

    fid: int
    data: bytes
    read: AccessRule


@dataclass(frozen=True)
class RecordEf:
    """A linear file read with READ RECORD; ``records[0]`` is record 1."""

    fid: int
    records: tuple[bytes, ...]
    read: AccessRule


@dataclass(frozen=True)
class PinEf:
    """The file that a VERIFY / CHANGE REFERENCE DATA addresses; the PIN itself lives in the security module."""

    fid: int
    pin: PinId


@dataclass(frozen=True)
class KeyEf:
    """A private key: never readable, usable for a signature once ``use`` allows it."""

    fid: int
    key: KeyId
    use: AccessRule


ElementaryFile = TransparentEf | RecordEf | PinEf | KeyEf


def readable_never(fid: int) -> TransparentEf:
    """An EF that exists (SELECT succeeds) but is never readable: the undocumented FIDs."""
    return TransparentEf(fid, b"", NEVER)


@dataclass(frozen=True)
class DedicatedFile:
    """One application: its DF name, its EFs by FID, and the PINs that may authorise INTERNAL AUTHENTICATE.

    An empty ``internal_auth`` set means the application does not implement INTERNAL AUTHENTICATE.
    """

    aid: bytes
    efs: Mapping[int, ElementaryFile]
    internal_auth: frozenset[PinId] = field(default_factory=frozenset)

    @classmethod
    def of(cls, aid: bytes, efs: Iterable[ElementaryFile], internal_auth: Iterable[PinId] = ()) -> DedicatedFile:
        """Build a DF; raise ``ValueError`` if two EFs share a FID."""
        table: dict[int, ElementaryFile] = {}
        for ef in efs:
            if ef.fid in table:
                raise ValueError(f"duplicate FID {ef.fid:04X} in DF {aid.hex()}")
            table[ef.fid] = ef
        return cls(aid, MappingProxyType(table), frozenset(internal_auth))

    def by_sfi(self, sfi: int) -> ElementaryFile | None:
        """The EF whose FID is ``00 0n`` for SFI n (every EF on this card has FID ≤ 001F)."""
        return self.efs.get(sfi) if 1 <= sfi <= 30 else None

    def pin_efs(self) -> dict[PinId, PinEf]:
        """The PIN files of this DF, by PIN."""
        return {ef.pin: ef for ef in self.efs.values() if isinstance(ef, PinEf)}
