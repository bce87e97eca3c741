"""The text AP (券面事項入力補助AP): the basic four items as text, signed by the issuer.

The kiosk reads EF 0002 (basic four) and EF 0003 (signatures) only; the My Number file is never read.
"""

from __future__ import annotations

from kiosk.card import data
from kiosk.card.profile import Aid, KenhojoFiles
from kiosk.card.session import CardSession


class Kenhojo:
    def __init__(self, session: CardSession) -> None:
        self._s = session

    def basic_four_raw(self) -> bytes:
        """EF 0002; needs the text-AP PIN or its PIN-B verified."""
        return self._s.read_ef(Aid.KENHOJO, KenhojoFiles.BASIC4)

    def basic_four(self) -> data.BasicFour:
        return data.parse_basic_four(self.basic_four_raw())

    def signature(self) -> data.TextSignature:
        """EF 0003, its issuer signature checked at once under this AP's certificate (EF 0004).

        EF 0003 also holds SHA-256 over the My Number, which must not outlive this call (see TextSignature).
        """
        signer = self.certificate()
        return data.parse_text_signature(self._s.read_ef(Aid.KENHOJO, KenhojoFiles.SIGNATURE), signer)

    def certificate(self) -> data.CardVerifiableCertificate:
        return data.parse_cvc(self._s.read_ef(Aid.KENHOJO, KenhojoFiles.CVC, personal=False))

    def ap_info(self) -> data.ApInfo:
        return data.parse_ap_info(self._s.read_ef(Aid.KENHOJO, KenhojoFiles.AP_INFO, personal=False))

    def card_auth_key(self) -> data.SignedKey:
        return data.parse_card_auth_key(self._s.read_ef(Aid.KENHOJO, KenhojoFiles.CARD_AUTH_KEY, personal=False))
