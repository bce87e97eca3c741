import QtQuick
import "../components"

// Staff login: ID then password, on the keyboard (small letters available).
ScreenPage {
    id: page
    // The keys stay put above the actions; the words above them scroll when large text needs the room.
    fixedHeight: entry.implicitHeight
    fixedContent: EntryPanel {
        id: entry
        anchors.fill: parent
    }
}
