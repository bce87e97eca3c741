import QtQuick
import QtQuick.Layouts
import "../components"

// Talking to the service or writing to the card: wait, keep the card in place.
ScreenPage {
    id: page
    icon: "wait"
    ProgressBlock {
        anchors.left: parent.left; anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        progress: page.view.progress
    }
}
