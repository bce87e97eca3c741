import QtQuick
import QtQuick.Layouts
import "../components"

// One PIN on the shuffled keypad (4 digits) or the keyboard (signature PIN). Tries left stay visible.
ScreenPage {
    id: page
    contentMinimumHeight: entry.implicitHeight
    EntryPanel {
        id: entry
        anchors.left: parent.left; anchors.right: parent.right; anchors.bottom: parent.bottom
    }
}
