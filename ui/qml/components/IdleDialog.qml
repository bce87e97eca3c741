import QtQuick
import QtQuick.Layouts
import MynaKiosk

// "Are you still there?" over the current screen, with the seconds left in large figures and a shrinking ring.
Rectangle {
    id: dialog
    objectName: "idleDialog"
    property QtObject view: ViewModel.overlay
    color: "#b0000000"
    MouseArea { anchors.fill: parent }   // the page below must not take touches while the question is open

    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        anchors.bottomMargin: Theme.mm(40)
        height: box.implicitHeight + 2 * Theme.margin
        radius: Theme.mm(4)
        color: Theme.surface
        border.width: 4
        border.color: Theme.warning
        ColumnLayout {
            id: box
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.gap
            RowLayout {
                spacing: Theme.mm(5)
                Layout.fillWidth: true
                Rectangle {
                    width: Theme.mm(40); height: width; radius: width / 2
                    color: "transparent"; border.width: Theme.mm(2); border.color: Theme.warning
                    KText {
                        objectName: "idleCountdown"
                        anchors.centerIn: parent
                        text: dialog.view.countdown >= 0 ? String(dialog.view.countdown) : ""
                        font.pixelSize: Theme.mm(18)
                        font.bold: true
                        wrapMode: Text.NoWrap
                    }
                }
                KText {
                    objectName: "title"
                    Layout.fillWidth: true
                    text: Theme.tr(dialog.view.title, dialog.view.params)
                    font.pixelSize: Theme.titleSize
                    font.bold: true
                }
            }
            KText {
                objectName: "body"
                Layout.fillWidth: true
                text: Theme.tr(dialog.view.body, dialog.view.params)
            }
            ActionBar {
                Layout.fillWidth: true
                actions: dialog.view.actions
                params: dialog.view.params
            }
        }
    }
}
