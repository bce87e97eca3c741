"""The office's texts, Japanese first and English. Templates ask for a key; an unknown key is a bug (KeyError)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from backend.office.i18n_custody import TEXTS as CUSTODY_TEXTS


class Lang(StrEnum):
    JA = "ja"
    EN = "en"


TEXTS: dict[str, tuple[str, str]] = {
    "title": ("マイナンバーカード 交付事務", "My Number Card back office"),
    "skip": ("本文へ移動", "Skip to content"),
    "language": ("言語", "Language"),
    "login": ("ログイン", "Sign in"),
    "logout": ("ログアウト", "Sign out"),
    "username": ("ユーザー名", "Username"),
    "password": ("パスワード", "Password"),
    "login_failed": (
        "ユーザー名またはパスワードが違うか、アカウントが停止またはロックされています。",
        "The username or password is wrong, or the account is disabled or locked.",
    ),
    "csrf": (
        "フォームの確認コードが一致しません。ページを再読み込みしてやり直してください。",
        "The form's security token does not match this session. Reload the page and try again.",
    ),
    "forbidden": ("この操作・画面はあなたの役割では利用できません。", "Your role may not use this page or action."),
    "technician_counts_only": (
        "技術者は件数のみ表示できます（個人情報は表示されません）。",
        "Technicians see counts only (no personal data).",
    ),
    "worklist": ("申請一覧", "Applications"),
    "filters": ("絞り込み", "Filters"),
    "status": ("状態", "Status"),
    "site": ("受付場所", "Site"),
    "channel": ("申請経路", "Channel"),
    "date_from": ("受付日（から）", "Received from"),
    "date_to": ("受付日（まで）", "Received until"),
    "apply": ("表示", "Show"),
    "all": ("すべて", "All"),
    "counts": ("状態別件数", "Counts by status"),
    "count": ("件数", "Count"),
    "total": ("合計", "Total"),
    "number": ("申請番号", "Application number"),
    "received_at": ("受付日時", "Received"),
    "collection": ("交付方法", "Delivery"),
    "no_rows": ("該当する申請はありません。", "No applications match."),
    "detail": ("申請詳細", "Application"),
    "back": ("一覧へ戻る", "Back to the list"),
    "basic_four": ("基本4情報", "Basic four items"),
    "name": ("氏名", "Name"),
    "former_surname": ("旧氏", "Former surname"),
    "address": ("住所", "Address"),
    "birth_date": ("生年月日", "Date of birth"),
    "sex": ("性別", "Sex"),
    "sex_1": ("男", "Male"),
    "sex_2": ("女", "Female"),
    "sex_9": ("適用不能", "Not applicable"),
    "no_holder": ("住民記録がありません。", "No resident record for this card."),
    "photo": ("申請写真", "New photo"),
    "photo_alt": ("申請者の新しい顔写真", "The applicant's new face photo"),
    "photo_purged": (
        "保存期間が過ぎたため、写真は削除されました。",
        "The photo was deleted at the end of its retention period.",
    ),
    "photo_quality": ("写真の品質", "Photo quality"),
    "photo_passed": ("受付時の品質確認に合格", "Passed the quality checks at submission"),
    "face_evidence": ("顔照合", "Face evidence"),
    "face_none": (
        "この申請には顔照合の記録がありません（交付時に窓口で本人確認）。",
        "No face evidence is recorded for this application (identity is checked at the counter at hand-over).",
    ),
    "face_none_verified": (
        "この申請には顔照合の記録がありません（申請時に職員が本人確認）。",
        "No face evidence is recorded for this application (an official checked identity at application).",
    ),
    "identity_check": ("本人確認", "Identity check"),
    "identity_at_collection": ("交付時に窓口で確認", "At the counter, at hand-over"),
    "identity_verified_by": ("申請時に職員が確認（職員番号 {0}）", "Verified at application by staff no. {0}"),
    "slot": ("受取予約", "Pick-up slot"),
    "contact": ("連絡先", "Contact"),
    "timeline": ("経過", "Timeline"),
    "when": ("日時", "When"),
    "who": ("担当", "By"),
    "from_to": ("変更", "Change"),
    "reason": ("理由", "Reason"),
    "note": ("メモ", "Note"),
    "actions": ("処理", "Actions"),
    "no_actions": ("この状態であなたが行える処理はありません。", "There is nothing your role can do in this state."),
    "do_incomplete": ("不備にする", "Mark incomplete"),
    "do_resume": ("再開する", "Resume"),
    "do_approve": ("J-LISへの送付を承認", "Approve for J-LIS"),
    "do_cancel": ("交付取止め", "Cancel issue"),
    "reason_codes": ("不備の理由（1つ以上）", "Reasons (one or more)"),
    "cancel_reason": ("取止めの理由", "Reason for cancelling"),
    "done": ("処理しました。", "Done."),
    "replayed": ("この処理は既に行われています（二重送信）。", "This action was already done (sent twice)."),
    "refused": ("処理できませんでした", "The action was refused"),
    "refused_state": (
        "現在の状態（{0}）ではこの処理はできません。",
        "The application's current state ({0}) does not allow this action.",
    ),
    "refused_role": ("この処理は市区町村職員のみが行えます。", "Only a municipal official may do this."),
    "refused_input": ("入力を確認してください。", "Check the form."),
    "form_need_reason": ("理由を1つ以上選んでください。", "Choose at least one reason."),
    "form_one_reason": ("取止めの理由を1つ選んでください。", "Choose one reason for cancelling."),
    "form_unknown_reason": ("選べない理由が送られました。", "A reason that cannot be chosen was sent."),
    "form_note_too_long": ("メモは{0}文字以内で入力してください。", "Keep the note to {0} characters."),
    "truncated": (
        "新しい順に{0}件まで表示しています。絞り込んでください。",
        "Showing the newest {0}; narrow the filters.",
    ),
    "refused_resume": (
        "再開できるのは不備の申請だけです（現在：{0}）。",
        "Only an incomplete application can be resumed (now: {0}).",
    ),
    "not_found": ("該当する申請がありません。", "No such application."),
    "status_received": ("受付", "Received"),
    "status_under_review": ("審査中", "Under review"),
    "status_incomplete": ("不備", "Incomplete"),
    "status_approved": ("J-LIS送付承認済", "Approved for J-LIS"),
    "status_card_produced": ("カード作成済", "Card produced"),
    "status_pre_issuance_setup": ("交付前設定", "Pre-issuance set-up"),
    "status_shipped": ("発送済", "Shipped"),
    "status_ready_for_pickup": ("交付準備完了", "Ready for pick-up"),
    "status_handed_over": ("交付済", "Handed over"),
    "status_rejected": ("却下", "Rejected"),
    "status_withdrawn": ("取下げ", "Withdrawn"),
    "status_cancelled": ("交付取止め", "Issue cancelled"),
    "channel_kiosk": ("キオスク", "Kiosk"),
    "channel_staffed_popup": ("出張申請", "Staffed pop-up"),
    "channel_counter": ("窓口", "Counter"),
    "collection_counter_pickup": ("窓口受取（交付時来庁）", "Counter pick-up"),
    "collection_restricted_post": ("本人限定受取郵便", "Restricted-delivery post"),
    "code_photo_unsuitable": ("写真が不適合", "Photo unsuitable"),
    "code_information_mismatch": ("記載事項の不一致", "Information does not match"),
    "code_contact_unreachable": ("連絡がとれない", "Contact unreachable"),
    "code_document_missing": ("必要書類の不足", "Document missing"),
    "code_other": ("その他", "Other"),
    "code_moved_out": ("転出", "Moved out"),
    "code_deceased": ("死亡", "Deceased"),
    "code_withdrawn": ("申請の取下げ", "Application withdrawn"),
    "code_expired_in_storage": ("保管期限切れ", "Expired in storage"),
    "signed_in_as": ("{0}（{1}）でログイン中", "Signed in as {0} ({1})"),
    "role_official": ("職員", "official"),
    "role_contractor": ("委託事業者", "contractor"),
    "role_technician": ("技術者", "technician"),
}


def translator(lang: Lang) -> Callable[..., str]:
    index = 0 if lang is Lang.JA else 1

    def t(key: str, *args: object) -> str:
        text = TEXTS[key][index]
        return text.format(*args) if args else text

    return t


if TEXTS.keys() & CUSTODY_TEXTS.keys():  # a key defined twice would silently change one page's text
    raise RuntimeError(f"office text keys defined twice: {sorted(TEXTS.keys() & CUSTODY_TEXTS.keys())}")
TEXTS.update(CUSTODY_TEXTS)  # the J-LIS and custody pages (backend/office/i18n_custody.py)
