import QtQuick
import QtQuick.Layouts
import "../components"

// One PIN on the shuffled keypad (4 digits) or the keyboard (signature PIN). Tries left stay visible.
ScreenPage {
    id: page
    // The keys stay put above the actions; the words above them scroll when large text needs the room.
    fixedHeight: entry.implicitHeight
    fixedContent: EntryPanel {
        id: entry
        anchors.fill: parent
    }
}
