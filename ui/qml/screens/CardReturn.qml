import QtQuick
import QtQuick.Layouts
import "../components"

// The session is over and the card is still in the reader: the card drawn coming out, "take your card" (spoken,
// with a sound), then an alert that sounds again until the card is taken.
ScreenPage {
    id: page
    icon: "warning"
    property bool alert: page.view.title === "card_return.alert.title"
    Rectangle {
        anchors.fill: parent
        radius: Theme.mm(3)
        color: page.alert ? Theme.warningBg : "transparent"
        border.width: page.alert ? Theme.mm(2) : 0
        border.color: Theme.warning
        CardIllustration {
            anchors.centerIn: parent
            width: Math.min(parent.width, Theme.mm(170)); height: Math.min(parent.height, Theme.mm(110))
            taking: true
        }
    }
}
