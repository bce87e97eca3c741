import QtQuick

// How the card goes in: laid flat on a contactless reader (photo side up), or pushed chip-first into a slot.
// Drawn in QML so it scales and follows the high-contrast colours.
Item {
    id: art
    property string reader: "nfc"   // nfc or contact
    property bool reading: false
    property bool taking: false     // the card coming off the pad / out of the slot: take it
    implicitWidth: Theme.mm(120); implicitHeight: Theme.mm(80)

    Rectangle {   // the reader
        id: base
        width: art.width * 0.8; height: art.reader === "nfc" ? art.height * 0.35 : art.height * 0.22
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        radius: Theme.mm(3)
        color: Theme.secondary
        border.width: 4; border.color: Theme.text
        Rectangle {   // the slot, for contact readers
            visible: art.reader === "contact"
            width: parent.width * 0.7; height: Theme.mm(2); color: Theme.text
            anchors.centerIn: parent
        }
        KText {
            visible: art.reader === "nfc"
            anchors.centerIn: parent
            text: ")))"
            font.pixelSize: Theme.titleSize; font.bold: true
            color: Theme.text
            wrapMode: Text.NoWrap
        }
    }
    Rectangle {   // the card (upright for a slot, chip end first; flat over a contactless pad)
        id: card
        width: art.reader === "contact" ? art.width * 0.32 : art.width * 0.55
        height: art.reader === "contact" ? width / 0.63 * 0.75 : width * 0.63
        radius: Theme.mm(2)
        anchors.horizontalCenter: parent.horizontalCenter
        y: art.reader === "nfc" ? base.y - height * 0.9 + bob.value : base.y - height + Theme.mm(4) + bob.value
        color: Theme.contrast ? "#000000" : "#e8f1fb"
        border.width: 4; border.color: Theme.primary
        Rectangle {   // photo
            visible: art.reader !== "contact"
            x: parent.width * 0.66; y: parent.height * 0.15
            width: parent.width * 0.26; height: parent.height * 0.55
            color: "transparent"; border.width: 3; border.color: Theme.primary
        }
        Rectangle {   // chip
            x: art.reader === "contact" ? parent.width * 0.4 : parent.width * 0.08
            y: art.reader === "contact" ? parent.height * 0.78 : parent.height * 0.38
            width: art.reader === "contact" ? parent.width * 0.2 : parent.width * 0.16
            height: art.reader === "contact" ? parent.height * 0.12 : parent.height * 0.2
            radius: 4
            color: Theme.warning
        }
    }
    KText {   // which way the card goes: down onto the pad, or down into the slot chip first (up and out: taking)
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: card.top
        anchors.bottomMargin: Theme.mm(2)
        visible: !art.reading
        text: art.taking ? "▲" : "▼"
        font.pixelSize: Theme.titleSize
        color: Theme.primary
        wrapMode: Text.NoWrap
    }
    NumberAnimation {
        id: bob
        property real value: 0
        target: bob; property: "value"; from: art.taking ? 0 : -Theme.mm(8); to: art.taking ? -Theme.mm(8) : 0
        duration: 1200
        loops: Animation.Infinite; running: !art.reading && art.visible
        easing.type: Easing.InOutSine
    }
}
