import QtQuick
import "../components"

// Where the card goes, drawn for this kiosk's reader (contactless pad or contact slot).
ScreenPage {
    id: page
    CardIllustration {
        anchors.centerIn: parent
        width: Math.min(parent.width, Theme.mm(170)); height: Math.min(parent.height, Theme.mm(110))
        reader: page.view.body === "card.place.body.contact" ? "contact" : "nfc"
    }
}
