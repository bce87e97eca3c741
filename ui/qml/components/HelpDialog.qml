import QtQuick
import QtQuick.Layouts
import MynaKiosk

// The helpline panel over the page: the number to call (the site's own, or the national My Number toll-free line)
// and the site's own line; "ask a member of staff" only where the site is staffed, never at an unattended kiosk.
Rectangle {
    id: dialog
    objectName: "helpDialog"
    color: "#b0000000"
    MouseArea { anchors.fill: parent; onClicked: Help.close() }

    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        height: Math.min(parent.height - 2 * Theme.margin, box.implicitHeight + 2 * Theme.margin)
        radius: Theme.mm(4)
        color: Theme.surface
        border.width: 4
        border.color: Theme.info
        MouseArea { anchors.fill: parent }   // a touch on the panel itself does not close it
        ColumnLayout {
            id: box
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.gap
            KText {
                objectName: "title"
                Layout.fillWidth: true
                text: "? " + Theme.tr("ui.help.title")
                font.pixelSize: Theme.titleSize
                font.bold: true
            }
            KText {
                objectName: "helpStaff"
                Layout.fillWidth: true
                visible: Help.staffed
                text: Theme.tr("ui.help.staffed")
            }
            KText {
                Layout.fillWidth: true
                text: Theme.tr(Help.national ? "ui.help.national" : "ui.help.site")
            }
            KText {
                objectName: "helpNumber"
                Layout.fillWidth: true
                text: "☎ " + Help.number
                font.pixelSize: Theme.titleSize
                font.bold: true
                wrapMode: Text.NoWrap
                horizontalAlignment: Text.AlignHCenter
            }
            KText {
                objectName: "helpText"
                Layout.fillWidth: true
                visible: Help.text !== ""
                text: Help.text
            }
            KText {
                Layout.fillWidth: true
                text: Theme.tr("ui.help.code")
                font.pixelSize: Theme.smallSize
                color: Theme.muted
            }
            BigButton {
                objectName: "helpClose"
                Layout.fillWidth: true
                role: "primary"
                label: Theme.tr("ui.help.close")
                onClicked: Help.close()
            }
        }
    }
}
