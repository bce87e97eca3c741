import QtQuick
import QtQuick.Layouts
import "../components"

// Before the last try: what happens if it is wrong, and the choice to stop (first, and the safe default).
ScreenPage {
    id: page
    icon: "warning"
    TriesLeft {
        anchors.centerIn: parent
        tries: page.view.params.tries_left !== undefined ? page.view.params.tries_left : 1
    }
}
