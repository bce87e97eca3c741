"""What the service does with J-LIS: export the approved applications as a signed batch, and import J-LIS's
signed feeds (docs/jlis.md).

Every application move is a state transition of ``backend.renewal_rules`` made by J-LIS (``jlis:<feed id>``), with
its event and an audit entry in the import's transaction; every update is remembered by its id, so importing the
same feed twice moves nothing. A card-status update sets the card registry's status, audited the same way.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import audit, counts, renewal_rules
from backend.clock import Clock
from backend.domain import CancelReason, CardStatus, JlisState, RenewalStatus
from backend.errors import Conflict, Forbidden, NotConfigured, NotFound
from backend.jlis import batch as batch_format
from backend.jlis.feed import ApplicationUpdate, CardUpdate, Feed, parse
from backend.jlis.gateway import JlisGateway
from backend.models import Card, JlisApplication, JlisBatch, JlisUpdate, Renewal, RenewalEvent
from backend.office.holders import holder_of
from backend.photo_vault import PhotoVaultError, application_owner, open_photo
from backend.settings import JlisKeys, KeyMaterial

SENT = 0
"""``JlisApplication.state`` of an application sent in a batch that J-LIS has not answered for yet."""
_FEED_STATES = frozenset(
    {
        JlisState.ACCEPTED,
        JlisState.INCOMPLETE,
        JlisState.IN_PRODUCTION,
        JlisState.PRODUCED,
        JlisState.SHIPPED,
        JlisState.CANCELLED,
    }
)
"""The states J-LIS sets; ⑥–⑨ are the municipality's own steps (custody: ``backend.custody``)."""
_CARD_STATUS = {"suspended": CardStatus.SUSPENDED, "invalidated": CardStatus.REVOKED, "valid": CardStatus.VALID}


def require_jlis(keys: KeyMaterial | None) -> JlisKeys:
    if keys is None or keys.jlis is None:
        raise NotConfigured("no J-LIS keys: put jlis-signing-key.pem and jlis-public.pem in the key directory")
    return keys.jlis


@dataclass(frozen=True)
class Exported:
    batch_id: str
    municipality_code: str
    applications: int
    data: bytes = field(repr=False)

    @property
    def file_name(self) -> str:
        return f"{self.batch_id}.zip"


def _items(session: Session, keys: KeyMaterial, renewal: Renewal) -> batch_format.BatchApplication:
    holder = holder_of(session, keys, renewal.card_serial)
    try:
        photo = open_photo(keys, renewal.photo, application_owner(renewal.application_number))
    except PhotoVaultError as exc:
        raise NotConfigured(
            f"the photo of application {renewal.application_number} does not open with this service's key"
        ) from exc
    items: dict[str, str | None] = {
        "card_serial": renewal.card_serial,
        "name": holder.name if holder else None,
        "address": holder.address if holder else None,
        "birth_date": holder.birth_date.isoformat() if holder else None,
        "sex": holder.sex if holder else None,
        "former_surname": renewal.former_surname or (holder.former_surname if holder else None),
        "channel": renewal.channel.value,
        "collection_method": renewal.collection_method.value,
        "received_at": renewal.created_at.isoformat(),
    }
    return batch_format.BatchApplication(renewal.application_number, items, photo)


def export(
    session: Session,
    clock: Clock,
    keys: KeyMaterial | None,
    municipality_code: str,
    actor: str,
    gateway: JlisGateway | None = None,
) -> Exported | None:
    """Put every approved application of the municipality not yet sent into a new batch (``None`` when there is
    none), record it, and hand it to ``gateway`` if one is given."""
    jlis = require_jlis(keys)
    assert keys is not None
    sent = exists().where(JlisApplication.application_number == Renewal.application_number)
    renewals = (
        session.execute(
            select(Renewal)
            .where(Renewal.status == RenewalStatus.APPROVED, Renewal.municipality_code == municipality_code, ~sent)
            .order_by(Renewal.created_at)
            .with_for_update()
        )
        .scalars()
        .all()
    )
    if not renewals:
        return None
    now = clock.now()
    batch_id = f"B{municipality_code}-{now.astimezone(counts.JST):%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    session.add(
        JlisBatch(
            batch_id=batch_id,
            municipality_code=municipality_code,
            created_at=now,
            created_by=actor,
            applications=len(renewals),
        )
    )
    session.flush()
    for renewal in renewals:
        session.add(
            JlisApplication(
                application_number=renewal.application_number,
                batch_id=batch_id,
                state=SENT,
                delivery_id=None,
                updated_at=now,
            )
        )
        audit.append(
            session,
            clock,
            actor=actor,
            action="jlis.sent",
            subject=renewal.application_number,
            details={"batch": batch_id},
        )
    try:
        session.flush()
    except IntegrityError:
        # Another export took these applications at the same moment (its rows commit first): this one made nothing.
        raise Conflict("another export sent these applications at the same moment; look at the batches") from None
    data = batch_format.build(
        batch_id, municipality_code, now, [_items(session, keys, r) for r in renewals], jlis.municipality_key
    )
    audit.append(
        session,
        clock,
        actor=actor,
        action="jlis.exported",
        subject=batch_id,
        details={"applications": len(renewals), "municipality": municipality_code},
    )
    exported = Exported(batch_id, municipality_code, len(renewals), data)
    if gateway is not None:
        gateway.send(exported.file_name, data)
    return exported


def batch_file(
    session: Session, clock: Clock, keys: KeyMaterial | None, batch_id: str, municipality_code: str, actor: str
) -> Exported:
    """A batch made earlier, rebuilt byte for byte from the applications it holds; the read is audited (the file
    holds personal data)."""
    jlis = require_jlis(keys)
    assert keys is not None
    row = session.get(JlisBatch, batch_id)
    if row is None or row.municipality_code != municipality_code:
        raise NotFound("no batch with this id in your municipality")
    renewals = session.execute(
        select(Renewal).join(JlisApplication).where(JlisApplication.batch_id == batch_id)
    ).scalars()
    data = batch_format.build(
        batch_id,
        municipality_code,
        row.created_at,
        [_items(session, keys, r) for r in renewals],
        jlis.municipality_key,
    )
    audit.append(session, clock, actor=actor, action="jlis.batch_read", subject=batch_id)
    return Exported(batch_id, municipality_code, row.applications, data)


@dataclass(frozen=True)
class Refused:
    update_id: str
    subject: str
    """An application number or a card serial."""
    code: str
    """``not_sent``, ``municipality_step``, ``not_allowed``, ``unknown_reason`` or ``unknown_card``."""


@dataclass(frozen=True)
class Imported:
    feed_id: str
    municipality_code: str
    applied: int
    repeated: int
    """Updates already imported (or older than the state recorded): nothing changed for them."""
    refused: tuple[Refused, ...]


def import_feed(
    session: Session,
    clock: Clock,
    keys: KeyMaterial | None,
    raw: bytes,
    actor: str,
    municipality_code: str | None = None,
) -> Imported:
    """Check and apply one feed. ``municipality_code`` (the office's) refuses a feed for another municipality."""
    feed = parse(raw, require_jlis(keys).jlis_public)
    if municipality_code is not None and feed.municipality_code != municipality_code:
        raise Forbidden("this feed is for another municipality")
    applied = repeated = 0
    refused: list[Refused] = []
    updates: list[ApplicationUpdate | CardUpdate] = [*feed.applications, *feed.cards]
    ids = [u.update_id for u in updates]
    known: set[str] = set()
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start : start + 500]
        known |= set(session.execute(select(JlisUpdate.update_id).where(JlisUpdate.update_id.in_(chunk))).scalars())
    now = clock.now()
    for update in updates:
        if update.update_id in known:
            repeated += 1
            continue
        if isinstance(update, ApplicationUpdate):
            code = _apply(session, clock, feed, update)
        else:
            code = _card(session, clock, feed, update)
        if code == "repeated":
            repeated += 1
        elif code is None:
            applied += 1
        else:
            refused.append(Refused(update.update_id, _subject(update), code))
        outcome = "refused" if code not in (None, "repeated") else "applied"
        session.add(JlisUpdate(update_id=update.update_id, feed_id=feed.feed_id, outcome=outcome, applied_at=now))
    audit.append(
        session,
        clock,
        actor=actor,
        action="jlis.imported",
        subject=feed.feed_id,
        details={
            "applied": applied,
            "repeated": repeated,
            "refused": len(refused),
            "municipality": feed.municipality_code,
        },
    )
    return Imported(feed.feed_id, feed.municipality_code, applied, repeated, tuple(refused))


def exchange(
    session: Session, clock: Clock, keys: KeyMaterial | None, gateway: JlisGateway, municipality_code: str, actor: str
) -> tuple[Exported | None, list[Imported]]:
    """One round with a connected J-LIS: send the municipality's new batch (if any) through ``gateway``, then import
    every feed the gateway has collected for it, oldest first (in the same transaction)."""
    sent = export(session, clock, keys, municipality_code, actor, gateway)
    imported = [import_feed(session, clock, keys, raw, actor, municipality_code) for raw in gateway.collect()]
    return sent, imported


def _subject(update: ApplicationUpdate | CardUpdate) -> str:
    return update.application_number if isinstance(update, ApplicationUpdate) else update.serial


def _apply(session: Session, clock: Clock, feed: Feed, update: ApplicationUpdate) -> str | None:
    """Apply one application update; returns ``None`` when applied, else why not (or ``repeated``)."""
    row = session.get(JlisApplication, update.application_number, with_for_update=True)
    renewal = session.get(Renewal, update.application_number, with_for_update=True)
    if row is None or renewal is None or renewal.municipality_code != feed.municipality_code:
        return "not_sent"
    if update.state not in _FEED_STATES:
        return "municipality_step"
    if row.state == JlisState.CANCELLED:
        return "not_allowed"
    back_from_incomplete = row.state == JlisState.INCOMPLETE and update.state < JlisState.INCOMPLETE
    if update.state <= row.state and not back_from_incomplete:
        return "repeated"
    target: RenewalStatus | None = None
    reason = f"jlis:{update.state.value}"
    if update.state is JlisState.CANCELLED:
        if update.reason not in {c.value for c in CancelReason}:
            return "unknown_reason"
        target, reason = RenewalStatus.CANCELLED, str(update.reason)
    elif update.state >= JlisState.PRODUCED and renewal.status is RenewalStatus.APPROVED:
        target = RenewalStatus.CARD_PRODUCED
    if target is not None:
        if target not in renewal_rules.TRANSITIONS[renewal.status]:
            return "not_allowed"
        _move(session, clock, renewal, target, reason, f"jlis:{feed.feed_id}")
    row.state = update.state.value
    row.delivery_id = update.delivery_id or row.delivery_id
    row.updated_at = clock.now()
    audit.append(
        session,
        clock,
        actor=f"jlis:{feed.feed_id}",
        action="jlis.state",
        subject=renewal.application_number,
        details={"state": update.state.value, "update": update.update_id},
    )
    return None


def _move(session: Session, clock: Clock, renewal: Renewal, target: RenewalStatus, reason: str, actor: str) -> None:
    """J-LIS moves an application (no staff member: the event has none, the audit names the feed)."""
    now = clock.now()
    session.add(
        RenewalEvent(
            application_number=renewal.application_number,
            from_status=renewal.status,
            to_status=target,
            staff_id=None,
            reason=reason,
            at=now,
        )
    )
    renewal.status, renewal.updated_at = target, now
    counts.bump(session, now, renewal.site_id, renewal.channel.value, f"renewal:{target.value}")
    audit.append(
        session,
        clock,
        actor=actor,
        action=f"renewal.{target.value}",
        subject=renewal.application_number,
        details={"via": "jlis", "reason": reason},
    )


def _card(session: Session, clock: Clock, feed: Feed, update: CardUpdate) -> str | None:
    card = session.get(Card, update.serial, with_for_update=True)
    if card is None or card.municipality_code != feed.municipality_code:
        return "unknown_card"
    status = _CARD_STATUS[update.status]
    if card.status is status:
        return "repeated"
    card.status = status
    audit.append(
        session,
        clock,
        actor=f"jlis:{feed.feed_id}",
        action=f"card.{status.value}",
        subject=card.serial,
        details={"via": "jlis", "update": update.update_id},
    )
    return None


def sent_states(session: Session, municipality_code: str, limit: int = 200) -> list[tuple[str, str, int, dt.datetime]]:
    """(application number, batch, J-LIS state, when) of the applications sent, the latest first."""
    rows = session.execute(
        select(
            JlisApplication.application_number,
            JlisApplication.batch_id,
            JlisApplication.state,
            JlisApplication.updated_at,
        )
        .join(Renewal)
        .where(Renewal.municipality_code == municipality_code)
        .order_by(JlisApplication.updated_at.desc())
        .limit(limit)
    ).all()
    return [(n, b, s, at) for n, b, s, at in rows]


def batches(session: Session, municipality_code: str, limit: int = 50) -> list[JlisBatch]:
    return list(
        session.execute(
            select(JlisBatch)
            .where(JlisBatch.municipality_code == municipality_code)
            .order_by(JlisBatch.created_at.desc())
            .limit(limit)
        ).scalars()
    )
