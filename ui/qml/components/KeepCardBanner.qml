import QtQuick
import QtQuick.Layouts

// "Do not remove the card", with a card symbol: shown whenever the View says the card must stay.
Rectangle {
    objectName: "keepCard"
    implicitHeight: label.implicitHeight + Theme.mm(4)
    implicitWidth: label.implicitWidth + Theme.mm(20)
    radius: Theme.mm(2)
    color: Theme.warningBg
    border.width: 3
    border.color: Theme.warning
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.mm(3)
        anchors.rightMargin: Theme.mm(3)
        spacing: Theme.mm(3)
        Rectangle {
            width: Theme.mm(12); height: Theme.mm(8); radius: 4
            color: "transparent"; border.width: 3; border.color: Theme.warning
            Rectangle { x: 6; y: parent.height / 3; width: parent.width / 3; height: parent.height / 3; color: Theme.warning }
        }
        KText {
            id: label
            Layout.fillWidth: true
            text: Theme.tr("ui.keep_card")
            font.pixelSize: Theme.smallSize
            font.bold: true
            color: Theme.contrast ? Theme.text : Theme.warning
        }
    }
}
