import QtQuick
import QtQuick.Layouts
import "../components"

// A new PIN, then the same again; reasons a PIN is refused come as hints under the keys.
ScreenPage {
    id: page
    contentMinimumHeight: entry.implicitHeight
    EntryPanel {
        id: entry
        anchors.left: parent.left; anchors.right: parent.right; anchors.bottom: parent.bottom
    }
}
