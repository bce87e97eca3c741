"""Every message key a flow may put in a View, with its English source text.

The UI translates keys (Qt Linguist, ID-based: ``qsTrId``); ``assets/i18n/*.ts`` must hold a Japanese and an
English text for every key here (a test checks). ``{name}`` marks a value taken from ``View.params``.
Resident-facing text is plain, short and says what to do next.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final[tuple[str, ...]] = ("ja", "en")
"""The languages every message is translated into (``assets/i18n/mynakiosk_<lang>.ts``)."""
DEFAULT_LANGUAGE: Final = "ja"

MESSAGES: Final[dict[str, str]] = {
    # --- attract / services ---------------------------------------------------------------------------------------
    "attract.title": "My Number Card kiosk",
    "attract.body": "Reset a forgotten PIN or apply to renew your card. Touch the screen to start.",
    "action.start": "Start",
    "services.title": "What would you like to do?",
    "services.body": (
        "Choose one. Bring your My Number Card; nothing else is needed. Each takes about 5 to 15 minutes."
    ),
    "service.sign_pin_reset": "Reset the signature PIN (6-16 characters)",
    "service.pin_reset": "Reset the 4-digit PINs",
    "service.pin_reset.pending": "Not yet approved: ask at the counter",
    "service.renewal": "Apply to renew my card",
    "service.locked_out": "I do not remember any PIN",
    # --- opening: what each service does, what it needs, how long it takes --------------------------------------
    "service.sign_pin_reset.about": (
        "For a forgotten or locked signature PIN. You need your 4-digit PIN. About 5 minutes."
    ),
    "service.pin_reset.about": "For forgotten or locked 4-digit PINs. You need your signature PIN. About 5 minutes.",
    "service.renewal.about": (
        "When your card expires soon: apply for a new one. The photo is taken here. About 10 minutes."
    ),
    "service.locked_out.about": "See what can be done for you without any PIN. About 3 minutes.",
    # --- consent: before the card is read and the camera turns on -------------------------------------------------
    "consent.title": "Before we read your card",
    "consent.body": (
        "For this service the kiosk reads and uses what is listed below. Nothing is kept on this kiosk after you "
        "finish, and your My Number is never read."
    ),
    "consent.item.pin_status": "How many tries your PINs have left: so that no try is wasted.",
    "consent.item.card_front": (
        "What is printed on your card (name, address, birth date, sex) and the photo in its chip: to check that "
        "the card is genuine."
    ),
    "consent.item.basic_four": "Your name, address, birth date and sex from the chip: for the application.",
    "consent.item.certificate_auth": "Your user-authentication certificate: to prove that the card is yours.",
    "consent.item.certificate_sign": "Your signature certificate: to prove that the card is yours.",
    "consent.item.face": (
        "Your face, with the camera: compared with the photo in your card; one picture is sent, encrypted, to the "
        "card-management service to confirm it."
    ),
    "consent.item.new_photo": "A new photo, with the camera: for your new card.",
    "consent.item.sent": "The request to reset the PIN is sent to the card-management service.",
    "consent.item.application": (
        "The application (your details, the new photo, how you collect the card) goes to your city office."
    ),
    "consent.item.nothing_sent": "Nothing is sent anywhere: the kiosk only tells you what can be done.",
    "action.agree": "I agree: continue",
    "action.decline": "No, stop here",
    "consent.declined.title": "Nothing was read",
    "consent.declined.body": "You chose not to continue, so nothing was read from your card. Thank you for coming.",
    # --- taking the card back after the session -------------------------------------------------------------------
    "card_return.title": "Please take your card",
    "card_return.body": "Your session has ended. Take your My Number Card from the reader now.",
    "card_return.alert.title": "Your card is still in the reader",
    "card_return.alert.body": "Please take your My Number Card with you.",
    # --- the last look before a renewal application is sent -------------------------------------------------------
    "submit.title": "Send this application?",
    "submit.body": (
        "This is everything that will be sent to your city office. Your My Number is not sent. "
        "Press Submit to send it, or Back to change how you receive the card."
    ),
    "action.submit": "Submit",
    "action.start_again": "Start again",
    # --- card -----------------------------------------------------------------------------------------------------
    "card.place.title": "Place your card",
    "card.place.body": "Put your My Number Card on the reader, photo side up.",
    "card.place.body.contact": "Insert your My Number Card into the slot, chip first.",
    "card.reading.title": "Reading your card",
    "card.reading.body": "Please do not remove the card.",
    "card.keep.body": "Keep your card on the reader until the kiosk says you may take it.",
    "card.take.body": "You may now take your card.",
    # --- PINs -----------------------------------------------------------------------------------------------------
    "pin.auth.title": "Enter your 4-digit PIN",
    "pin.auth.body": "The PIN of the user-authentication certificate (利用者証明用).",
    "pin.sign.title": "Enter your signature PIN",
    "pin.sign.body": "6 to 16 letters and digits (署名用電子証明書).",
    "pin.wrong.body": "That PIN was wrong.",
    "pin.last_try.title": "Last try",
    "pin.last_try.body": "If this PIN is wrong again it will be locked, and only the city office can unlock it.",
    "action.try_anyway": "I am sure, try it",
    "action.i_forgot": "I do not remember it",
    "pin.new.title": "Choose a new PIN",
    "pin.new.sign.body": "6 to 16 characters: capital letters A-Z and digits 0-9, at least one of each.",
    "pin.new.digits.body": "4 digits. It becomes the PIN of all three 4-digit PINs on your card.",
    "pin.new.confirm.title": "Enter the new PIN again",
    "pin.new.mismatch": "The two entries were different. Please choose the new PIN again.",
    "pin.weak.too_short": "Too short.",
    "pin.weak.needs_letter_and_digit": "Use at least one letter and one digit.",
    "pin.weak.repeated": "Do not use one character repeated.",
    "pin.weak.sequence": "Do not use a simple sequence such as 1234.",
    "pin.weak.birth_date": "Do not use your birth date.",
    "pin.weak.security_code": "Do not use the security code printed on your card.",
    "pin.weak.same_as_old": "Choose a PIN different from the one you had.",
    # --- card front (PIN-B) ---------------------------------------------------------------------------------------
    "card_front.title": "Numbers printed on your card",
    "card_front.body": "Enter your birth date, the year your card expires and the 4-digit security code.",
    "card_front.scan": "Hold the front of the card up to the camera",
    "card_front.confirm": "Are these numbers correct?",
    "field.birth_date": "Birth date",
    "field.expiry_year": "Card valid until (year)",
    "field.security_code": "Security code",
    "action.scan": "Read with the camera",
    "action.type": "Type them",
    # --- card front: the birth date as the card prints it, one instruction per number -----------------------------
    "card_front.calendar.body": "How is the birth date printed on your card? It is marked in the picture.",
    "card_front.birth_date.era.body": (
        "Type the year, month and day as printed, two digits each. Example: year 50, May 3 is 500503."
    ),
    "card_front.birth_date.western.body": (
        "Type the year (4 digits), then the month and day (2 digits each). Example: 3 May 1975 is 19750503."
    ),
    "card_front.expiry_year.body": "Type the year your card is valid until (4 digits), as printed on the card.",
    "card_front.security_code.body": "Type the 4-digit security code printed on the front of your card.",
    "era.showa": "Shōwa (昭和)",
    "era.heisei": "Heisei (平成)",
    "era.reiwa": "Reiwa (令和)",
    "era.taisho": "Taishō (大正)",
    "era.western": "Western year, such as 1990",
    # --- face -----------------------------------------------------------------------------------------------------
    "face.title": "Look at the camera",
    "face.body": "We compare your face with the photo stored in your card.",
    "face.challenge.blink": "Blink twice",
    "face.challenge.turn_left": "Turn your head slowly to the left",
    "face.challenge.turn_right": "Turn your head slowly to the right",
    "face.matching": "Checking...",
    "face.hint.face_not_found": "We cannot see your face. Please face the camera.",
    "face.hint.one_person_only": "Only one person in front of the camera, please.",
    "face.hint.person_behind": "Someone is standing close behind you. Please ask them to step back.",
    "face.hint.move_closer": "Move a little closer.",
    "face.hint.move_back": "Move back a little.",
    "face.hint.center_face": "Move so your face is in the middle of the frame.",
    "face.hint.look_straight": "Look straight at the camera.",
    "face.hint.level_chin": "Keep your chin level.",
    "face.hint.straighten_head": "Hold your head straight, not tilted.",
    "face.hint.open_eyes": "Keep your eyes open.",
    "face.hint.close_mouth": "Close your mouth, with a neutral face.",
    "face.hint.hold_still": "Hold still.",
    "face.hint.more_light": "It is too dark. Face the light.",
    "face.hint.less_light": "It is too bright.",
    "face.hint.even_light": "There is a shadow on your face.",
    "face.hint.plain_background": "Stand in front of the plain panel.",
    "face.hint.remove_hat": "Please take off your hat.",
    # --- renewal --------------------------------------------------------------------------------------------------
    "photo.title": "Photo for your new card",
    "photo.body": "Face the camera, no hat, plain background.",
    "photo.review.title": "Is this photo all right?",
    "action.retake": "Take again",
    "action.accept": "Use this photo",
    # --- renewal photo: the review of the crop that would be submitted, one line per photo rule -------------------
    "action.take_photo": "Take the photo now",
    "photo.review.body": "This is the photo as it will be sent for your new card. Every rule is met.",
    "photo.review.failed": "This photo cannot be used: a rule marked ⚠ is not met. Please take it again.",
    "photo.rule.one_face": "Only you in the picture",
    "photo.rule.framing": "Face the right size, in the middle",
    "photo.rule.facing": "Facing the front, head straight",
    "photo.rule.eyes": "Eyes open",
    "photo.rule.mouth": "Mouth closed, natural expression",
    "photo.rule.sharp": "Sharp, not blurred",
    "photo.rule.light": "Even light, no shadow on the face",
    "photo.rule.background": "Plain background",
    "confirm.title": "Check your details",
    "confirm.body": "These come from your card. If something is wrong, please go to the city office.",
    "field.name": "Name",
    "field.address": "Address",
    "field.sex": "Sex",
    "field.card_expiry": "Card valid until",
    "field.former_surname": "Former surname (旧氏)",
    "delivery.title": "How will you receive your new card?",
    "delivery.counter": "Pick it up at the city office",
    "delivery.counter.body": "Choose a day. Bring this card and the notice we will send you.",
    "delivery.mail": "By restricted-delivery mail (本人限定受取郵便)",
    "delivery.mail.body": "Only because a city official checked your identity today.",
    "delivery.slot": "{date} {time}",
    "delivery.later": "Time arranged later",
    "delivery.later.body": (
        "No pick-up time can be booked here right now. The city office will contact you to book one."
    ),
    "renewal.done.title": "Your application was received",
    "renewal.done.body": (
        "A notice to collect your card arrives in about 1.5 months. "
        "Bring this card and the notice; you will set your PINs at the counter."
    ),
    "renewal.done.mail.body": "Your new card will be mailed to you by restricted-delivery mail.",
    "renewal.queued.title": "Saved on this kiosk: not sent yet",
    "renewal.queued.body": (
        "Your application has not reached the city office yet. The kiosk will send it by itself when the network "
        "is back. Keep the kiosk reference below; the city office can look it up."
    ),
    "renewal.done.contact.body": (
        "No pick-up time is booked yet (the time you chose may just have been taken): the city office will contact "
        "you to book one."
    ),
    # --- results --------------------------------------------------------------------------------------------------
    "reset.done.title": "Your PIN has been reset",
    "reset.done.body": "Use your new PIN from now on. Keep the reference number below in case you need to ask.",
    "reset.unconfirmed.title": "Your card may already have the new PIN",
    "reset.unconfirmed.body": (
        "The card received the new PIN, but the service could not confirm it yet; the kiosk will send the "
        "confirmation by itself. Use the NEW PIN first. If the card refuses it, your old PIN still works. "
        "A refused try is counted, so try each PIN only once; to check without risk, ask at the city office."
    ),
    "receipt.print": "Print a receipt",
    "action.finish": "Finish",
    "action.cancel": "Cancel",
    "action.back": "Back",
    "action.next": "Next",
    "action.ok": "OK",
    "action.retry": "Try again",
    "action.continue": "Continue",
    "action.still_here": "I am still here",
    "idle.title": "Are you still there?",
    "idle.body": "This session ends in {seconds} seconds to protect your data.",
    "working.title": "Please wait",
    "working.backend": "Contacting the service...",
    "working.card": "Writing to your card. Do not remove it.",
    # --- information (what the kiosk cannot do) ------------------------------------------------------------------
    "info.locked_out.title": "What we can do today",
    "info.locked_out.body": (
        "Your card is genuine and readable, but without a PIN this kiosk cannot reset PINs. "
        "Please go to your city office with this card: no other ID is needed."
    ),
    "info.auth_blocked.body": (
        "Your 4-digit PIN is locked. Only the city office can unlock it. Bring this card; no other ID is needed."
    ),
    "info.sign_blocked.body": "Your signature PIN is locked. You can reset it here with your 4-digit PIN.",
    "info.sign_blocked_for_reset.body": (
        "Your signature PIN is locked, and the 4-digit PINs can be reset here only with it. Please go to the city "
        "office with this card; no other ID is needed."
    ),
    "info.service_unavailable": "This service is not offered at this kiosk. Please ask at the city office.",
    "info.pin_b_last_try.body": (
        "Nothing was sent and no try was used. Check the numbers on your card, or bring it to the city office."
    ),
    "info.no_sign_certificate": "Your card has no signature certificate (issued before age 15).",
    "info.card_ap_not_offered": (
        "Your card is genuine, but your city does not take renewals at a kiosk without the 4-digit PIN. "
        "Please apply at the city office with this card."
    ),
    "info.offline_needs_service": (
        "The service cannot be reached. Without it, this kiosk can check your card only with a valid electronic "
        "certificate and its 4-digit PIN. Please try again later, or apply at the city office."
    ),
    # --- eligibility (from the card's own dates) ------------------------------------------------------------------
    "eligibility.not_yet.title": "It is too early to renew your card",
    "eligibility.not_yet.body": (
        "Your card is valid until {card_expiry}. You can apply to renew it from {window_opens}; "
        "a notice will be sent to you. Nothing was sent today."
    ),
    "eligibility.certificates_only.title": "Only your electronic certificates have expired",
    "eligibility.certificates_only.body": (
        "Your card is valid until {card_expiry}, so it does not need renewing yet (renewal opens on "
        "{window_opens}). The electronic certificates on it have expired: please renew them at the city office "
        "with this card. Nothing was sent today."
    ),
    "eligibility.residence.title": "Your card follows your period of stay",
    "eligibility.residence.body": (
        "Your card is valid until {card_expiry}, the end of your period of stay. After your stay is extended, "
        "the city office updates the card's validity: please go there with this card and your residence card."
    ),
    "certificate_expired.title": "Your electronic certificate has expired",
    "certificate_expired.signature.body": (
        "The signature certificate on your card expired on {expired_on}, so its PIN has nothing left to unlock. "
        "Please get a new certificate at the city office with this card; you will choose a new PIN there. "
        "Nothing was sent to your card."
    ),
    "certificate_expired.authentication.body": (
        "The user-authentication certificate on your card expired on {expired_on}, so the 4-digit PINs cannot "
        "be reset into use here. Please get new certificates at the city office with this card. "
        "Nothing was sent to your card."
    ),
    # --- staff ----------------------------------------------------------------------------------------------------
    "staff.login.title": "Staff login",
    "staff.login.user": "Staff ID",
    "staff.login.password": "Password",
    "staff.home.title": "Pop-up session",
    "staff.queue": "{pending} applications waiting to be sent",
    "staff.synced": "All applications have been sent",
    "staff.offline": "Offline: applications are kept safely and sent later",
    "staff.sync_refused": "The service refused an application: it stays in the queue; see the end-of-day report.",
    "staff.sync_failed": "Sending did not finish: applications stay in the queue and are sent later.",
    "staff.report.title": "End-of-day report",
    "action.start_resident": "Help a resident",
    "action.sync": "Send now",
    "action.report": "End-of-day report",
    "action.logout": "Log out",
}

# Error kinds a View may carry in ``error``, each with a title and a "what to do next" body.
ERRORS: Final[dict[str, tuple[str, str]]] = {
    "wrong_pin": ("The PIN was wrong", "Check the number and enter it again."),
    "pin_format": ("Check the PIN", "It has the wrong number or kind of characters. Nothing was sent to the card."),
    "pin_b_wrong": (
        "Those numbers did not match the card",
        "Check the numbers printed on the card.",
    ),
    "birth_date_invalid": (
        "There is no such date",
        "That day does not exist in the calendar you chose. Check the birth date printed on your card.",
    ),
    "cancelled": ("Cancelled", "Nothing was changed."),
    "pin_blocked": (
        "This PIN is locked",
        "Only the city office can unlock it. Bring this card; no other ID is needed.",
    ),
    "card_front_blocked": (
        "The numbers printed on your card are locked",
        "They were entered wrongly too many times (birth date, expiry year, security code). Only the city office "
        "can unlock them. Bring this card; no other ID is needed.",
    ),
    "card_removed": ("The card was removed", "Nothing was changed. Start again when you are ready."),
    "pin_not_sent": (
        "Your PIN was not sent",
        "The card changed after we showed its tries left. No try was used. Start again with your own card.",
    ),
    "card_unreadable": ("We cannot read this card", "Check that it is a My Number Card and place it again."),
    "card_timeout": (
        "The card did not answer in time",
        "Nothing was changed. Take the card out, place it again and hold it still.",
    ),
    "reader_down": (
        "The card reader is not working",
        "Nothing was changed. Please take your card and press Help for the helpline.",
    ),
    "not_genuine": (
        "This card could not be verified",
        "Please take the card to the city office. The kiosk cannot help with this card.",
    ),
    "card_invalid": ("This card is no longer valid", "Please ask at the city office."),
    "card_session_expired": (
        "The time for this service ran out",
        "Nothing was sent. Please start again from the beginning with your card.",
    ),
    "face_mismatch": (
        "Your face did not match the card photo",
        "Look straight at the camera with your whole face inside the oval, glasses and mask off, and try again.",
    ),
    "face_mismatch_final": ("We could not confirm it is you", "Please go to the city office with this card."),
    "liveness_failed": ("We could not confirm a live person", "Please try again and follow the instructions."),
    "liveness_timeout": (
        "The movement was not finished in time",
        "Keep your face inside the oval and make the movement shown, slowly, as soon as it appears. Try again.",
    ),
    "liveness_no_motion": (
        "We could not see the movement",
        "Make the movement shown on the screen (a blink, or a slow turn of the head) with your face inside the oval.",
    ),
    "camera_untrusted": (
        "The camera cannot be used now",
        "Nothing was sent. Please apply at the city office; the kiosk's technician has been told.",
    ),
    "camera_down": (
        "The camera is out of order",
        "Nothing was changed or sent. Please take your card; another kiosk or the city office can help you. "
        "The kiosk's technician has been told.",
    ),
    "photo_quality": ("The photo cannot be used", "Please follow the hints and take it again."),
    "photo_not_same_person": (
        "The photo does not show the person who was checked",
        "The new photo must be of the card holder, taken in this session. Nothing was sent. "
        "Please apply at the city office with this card.",
    ),
    "backend_down": ("The service cannot be reached", "Nothing was changed. Please try again later."),
    "backend_refused": ("The request was not accepted", "Please ask at the city office, with the error code below."),
    "timeout": ("Session ended", "It ended because nothing happened for a while. Your data has been erased."),
    "internal": ("Something went wrong", "Nothing was changed. Please press Help for the helpline."),
}

# A stable code for every error kind, shown on its screen for the helpline (docs/error-codes.md lists them). A code
# once given never changes meaning; a new kind gets a new code.
ERROR_CODES: Final[dict[str, str]] = {
    "cancelled": "E-000",
    "wrong_pin": "E-101",
    "pin_format": "E-102",
    "pin_b_wrong": "E-103",
    "pin_blocked": "E-104",
    "card_front_blocked": "E-105",
    "pin_not_sent": "E-106",
    "birth_date_invalid": "E-107",
    "card_removed": "E-201",
    "card_unreadable": "E-202",
    "card_timeout": "E-203",
    "reader_down": "E-204",
    "not_genuine": "E-205",
    "card_invalid": "E-206",
    "face_mismatch": "E-301",
    "face_mismatch_final": "E-302",
    "liveness_failed": "E-303",
    "liveness_timeout": "E-304",
    "liveness_no_motion": "E-305",
    "camera_untrusted": "E-306",
    "camera_down": "E-307",
    "photo_quality": "E-311",
    "photo_not_same_person": "E-312",
    "backend_down": "E-401",
    "backend_refused": "E-402",
    "card_session_expired": "E-403",
    "timeout": "E-501",
    "internal": "E-901",
}

for _kind, (_title, _body) in ERRORS.items():
    MESSAGES[f"error.{_kind}.title"] = _title
    MESSAGES[f"error.{_kind}.body"] = _body
