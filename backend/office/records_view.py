"""What the detail page shows of the official's records (``backend.identity_records``), and its texts.

Kept apart from the routes (``backend.office.records``) so that the detail page's router can use it without
importing the module that builds on the router's helpers.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from backend import identity_records
from backend.context import AppContext
from backend.domain import Role
from backend.identity_records import RecordRefused, Records
from backend.models import Renewal
from backend.office.auth import OfficeStaff
from backend.office.i18n import TEXTS

TEXTS.update(
    {
        "records": ("本人確認の記録", "Identity records"),
        "attestation": ("出張申請受付の本人確認", "Pop-up identity check"),
        "attestation_needed": (
            "J-LISへの送付承認の前に、出張先で確認した本人確認書類と顔の照合を記録してください。",
            "Before approval for J-LIS, record which document was checked at the pop-up and that the face was "
            "compared.",
        ),
        "attestation_support": (
            "出張申請サポートの申請です。本人確認は交付時に窓口で行います（記録は不要です）。",
            "A pop-up support application: identity is checked at the counter at hand-over (nothing to record).",
        ),
        "attested": ("確認済", "Checked"),
        "document_checked": ("確認した書類", "Document checked"),
        "face_compared": ("顔写真と本人の顔を照合した", "The face was compared with the document's photo"),
        "face_compared_yes": ("照合済", "Compared"),
        "recorded_by": ("記録", "Recorded by"),
        "do_attest": ("本人確認を記録", "Record the identity check"),
        "representative": ("法定代理人", "Legal representative"),
        "minor_needs_representative": (
            "申請日に未成年の申請です。J-LISへの送付承認の前に、法定代理人を記録してください。",
            "The applicant was a minor on the application date. Record the legal representative before approval "
            "for J-LIS.",
        ),
        "representative_name": ("法定代理人の氏名", "Representative's name"),
        "relationship": ("続柄", "Relationship"),
        "do_represent": ("法定代理人を記録", "Record the representative"),
        "name_purged": ("保存期間が過ぎたため削除されました。", "Deleted at the end of its retention period."),
        "doc_my_number_card": ("マイナンバーカード", "My Number Card"),
        "doc_driving_licence": ("運転免許証", "Driving licence"),
        "doc_passport": ("旅券", "Passport"),
        "doc_residence_card": ("在留カード", "Residence card"),
        "doc_other_photo_id": ("その他の顔写真付き証明書", "Other photo ID"),
        "rel_parent": ("親権者", "Parent (parental authority)"),
        "rel_guardian": ("未成年後見人", "Guardian of a minor"),
        "needs_attestation": (
            "出張申請受付の本人確認が記録されていないため、承認できません。",
            "The pop-up identity check is not recorded yet, so the application cannot be approved.",
        ),
        "needs_representative": (
            "未成年の申請で法定代理人が記録されていないため、承認できません。",
            "A minor's application cannot be approved before its legal representative is recorded.",
        ),
        "record_state": (
            "現在の状態（{0}）では記録できません。記録は承認の前に行います。",
            "The application's current state ({0}) does not allow this record: records are made before approval.",
        ),
        "attest_not_popup": (
            "本人確認の記録は出張申請受付の申請だけが対象です。",
            "Only a staffed pop-up application is attested.",
        ),
        "attest_at_collection": (
            "この申請の本人確認は交付時に窓口で行います（出張申請サポート）。",
            "This application's identity is checked at hand-over (a pop-up support session).",
        ),
        "already_attested": (
            "この申請には別の書類で本人確認が記録済みです。",
            "The application is already attested with another document.",
        ),
        "representative_not_minor": (
            "申請日に成年の申請者（または生年月日の記録がない申請）には法定代理人を記録できません。",
            "The applicant was not a minor on the application date (or the register has no birth date).",
        ),
        "already_represented": (
            "この申請には別の法定代理人が記録済みです。",
            "Another legal representative is already recorded for this application.",
        ),
        "form_face_compared": (
            "顔写真と本人の顔を照合したことを確認してください。",
            "Confirm that the face was compared with the document's photo.",
        ),
        "form_name": (
            "法定代理人の氏名を{0}文字以内で入力してください。",
            "Enter the representative's name ({0} characters at most).",
        ),
        "form_document": ("確認した書類を選んでください。", "Choose the document that was checked."),
        "form_relationship": ("続柄を選んでください。", "Choose the relationship."),
    }
)


def for_page(session: Session, ctx: AppContext, staff: OfficeStaff, number: str) -> Records | None:
    """The records the detail page shows: officials only (a contractor sees no identity decision)."""
    renewal = session.get(Renewal, number)
    if staff.role is not Role.OFFICIAL or renewal is None:
        return None
    return identity_records.records_of(session, ctx, renewal)


def refusal_text(t: Callable[..., str], exc: RecordRefused) -> str:
    """The office text of a refused record (or of an approval waiting for one), in the reader's language."""
    return t(exc.text_key, *(t(f"status_{a}") for a in exc.text_args))
