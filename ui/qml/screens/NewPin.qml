import QtQuick
import QtQuick.Layouts
import "../components"

// A new PIN, then the same again; reasons a PIN is refused come as hints under the keys.
ScreenPage {
    id: page
    // The keys stay put above the actions; the words above them scroll when large text needs the room.
    fixedHeight: entry.implicitHeight
    fixedContent: EntryPanel {
        id: entry
        anchors.fill: parent
    }
}
