import QtQuick
import QtQuick.Layouts
import "../components"

// The opening menu: what to bring and how long (body), what each service offered here does (from the backend's
// policy: one row per service button), and the buttons themselves at the bottom.
ScreenPage {
    id: page
    property var services: page.view.actions.filter(function (a) { return a.id !== "cancel" })
    contentMinimumHeight: about.implicitHeight
    ColumnLayout {
        id: about
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: Theme.mm(3)
        Repeater {
            model: page.services
            Rectangle {
                objectName: "serviceAbout_" + modelData.id
                Layout.fillWidth: true
                implicitHeight: row.implicitHeight + Theme.mm(6)
                radius: Theme.mm(2)
                color: Theme.surface
                border.width: 3
                border.color: Theme.border
                ColumnLayout {
                    id: row
                    anchors.fill: parent
                    anchors.margins: Theme.mm(3)
                    spacing: Theme.mm(1)
                    KText {
                        Layout.fillWidth: true
                        text: "▶ " + Theme.tr(modelData.label)
                        font.bold: true
                    }
                    KText {
                        Layout.fillWidth: true
                        text: Theme.tr("service." + modelData.id + ".about")
                        font.pixelSize: Theme.smallSize
                    }
                }
            }
        }
    }
}
