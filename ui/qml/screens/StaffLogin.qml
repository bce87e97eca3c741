import QtQuick
import "../components"

// Staff login: ID then password, on the keyboard (small letters available).
ScreenPage {
    id: page
    contentMinimumHeight: entry.implicitHeight
    EntryPanel {
        id: entry
        anchors.left: parent.left; anchors.right: parent.right; anchors.bottom: parent.bottom
    }
}
