"""Back-office sign-in: browser sessions in a cookie, a CSRF token per session, lock-out after wrong passwords.

The cookie holds an opaque token; the database keeps only its SHA-256 (as for staff bearer tokens). It is
``HttpOnly``, ``Secure`` (unless ``Settings.office_insecure_cookies``, for http on loopback in tests) and
``SameSite=Strict``, scoped to ``/office``. Every form carries the session's CSRF token (before sign-in, a token
from a cookie of its own: double submit), compared in constant time. Wrong passwords are counted per account at
the office, with the kiosk logins' limits (``Limits.staff_max_failed_logins``, ``staff_lockout_s``), and every
attempt is audited.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend import audit
from backend.context import AppContext
from backend.domain import Role
from backend.models import OfficeLoginFailures, OfficeSession, StaffAccount
from backend.staff_auth import count_failure, is_locked, new_token, password_matches, token_digest

SESSION_COOKIE = "mynakiosk_office"
PRELOGIN_COOKIE = "mynakiosk_office_login"
COOKIE_PATH = "/office"
SESSION_TTL = dt.timedelta(hours=8)
"""One working day: an office session is not kept overnight."""


@dataclass(frozen=True)
class OfficeStaff:
    """A staff member signed in at the back office."""

    staff_id: int
    username: str
    role: Role
    municipality_code: str
    csrf_token: str = field(repr=False)
    token_sha256: bytes = field(repr=False)


class CsrfRefused(Exception):
    """A form arrived without the CSRF token of its session."""


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def check_csrf(expected: str | None, sent: str | None) -> None:
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfRefused("the form's security token is missing or does not match this session; reload the page")


def current(session: Session, ctx: AppContext, cookie: str | None) -> OfficeStaff | None:
    """The signed-in staff member of this cookie, or ``None`` (no cookie, unknown, expired, disabled account)."""
    if not cookie or len(cookie) > 100:
        return None
    row = session.get(OfficeSession, token_digest(cookie))
    if row is None or row.expires_at <= ctx.clock.now():
        return None
    account = session.get(StaffAccount, row.staff_id)
    if account is None or not account.active:
        return None
    return OfficeStaff(
        account.staff_id, account.username, account.role, account.municipality_code, row.csrf_token, row.token_sha256
    )


def login(session: Session, ctx: AppContext, username: str, password: str) -> str | None:
    """Check the password and open a session; returns the cookie's token, or ``None`` when refused (the caller
    commits either way: the failure count and the audit entry must stay)."""
    now = ctx.clock.now()
    limits = ctx.settings.limits
    account = session.execute(
        select(StaffAccount).where(StaffAccount.username == username[:64]).with_for_update()
    ).scalar_one_or_none()
    ok = password_matches(account.password_hash if account else None, password)  # always: same timing
    failures = session.get(OfficeLoginFailures, account.staff_id, with_for_update=True) if account else None
    locked = is_locked(failures, now)
    if account is None or not ok or not account.active or locked:
        if account is not None and not ok and not locked:
            if failures is None:
                failures = OfficeLoginFailures(staff_id=account.staff_id, failed_logins=0)
                session.add(failures)
            count_failure(
                failures, max_failures=limits.staff_max_failed_logins, lockout_s=limits.staff_lockout_s, now=now
            )
        audit.append(
            session,
            ctx.clock,
            actor="office",
            action="office.login_failed",
            subject=f"staff:{account.staff_id}" if account else "staff:unknown",
            details={"locked": locked},
        )
        return None
    if failures is not None:
        session.delete(failures)
    token, digest = new_token()
    session.add(
        OfficeSession(
            token_sha256=digest,
            staff_id=account.staff_id,
            csrf_token=new_csrf_token(),
            created_at=now,
            expires_at=now + SESSION_TTL,
        )
    )
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{account.staff_id}",
        action="office.login",
        subject="office",
        details={"role": account.role.value},
    )
    return token


def logout(session: Session, ctx: AppContext, staff: OfficeStaff) -> None:
    session.execute(delete(OfficeSession).where(OfficeSession.token_sha256 == staff.token_sha256))
    audit.append(session, ctx.clock, actor=f"staff:{staff.staff_id}", action="office.logout", subject="office")
