import QtQuick
import QtQuick.Layouts
import "../components"

// One PIN on the keypad (4 digits) or the keyboard (signature PIN). The tries-left counter stays visible.
ScreenPage {
    id: page
    // The keys stay put above the actions; the words above them scroll when large text needs the room.
    fixedHeight: entry.implicitHeight
    fixedContent: EntryPanel {
        id: entry
        anchors.fill: parent
    }
}
