import QtQuick
import QtQuick.Layouts
import "../components"

// Counter pickup slots (and restricted-delivery mail in staffed mode): the choices are the View's actions.
ScreenPage {
    id: page
    KText {
        anchors.left: parent.left; anchors.right: parent.right; anchors.bottom: parent.bottom
        text: "▼ " + Theme.tr("delivery.counter")
        font.bold: true
    }
}
