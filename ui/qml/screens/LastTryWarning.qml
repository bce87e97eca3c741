import QtQuick
import QtQuick.Layouts
import "../components"

// Before the last try: what happens if it is wrong, and the choice to stop (first, and the safe default).
ScreenPage {
    id: page
    icon: "warning"
    TriesLeft {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        tries: page.view.params.tries_left !== undefined ? page.view.params.tries_left : 1
    }
}
