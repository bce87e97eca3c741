import QtQuick
import QtQuick.Layouts
import MynaKiosk

// The entry the View asks for: the display (dots or text) and the right keys for its kind.
ColumnLayout {
    id: panel
    objectName: "entryPanel"
    property QtObject view: ViewModel.page
    readonly property string kind: view.entryKind
    spacing: Theme.mm(4)
    visible: kind !== ""

    // The dots and the tries-left counter share a row while there are tries to spare; once the counter warns it
    // is a sentence and takes a row of its own under the dots.
    GridLayout {
        Layout.fillWidth: true
        columns: tries.wide || panel.kind === "date" ? 1 : 2   // a date in the card's form needs the whole row
        columnSpacing: Theme.mm(4)
        rowSpacing: Theme.mm(3)
        PinDots { Layout.fillWidth: true }
        TriesLeft {
            id: tries
            Layout.fillWidth: wide
            tries: panel.view.params.tries_left !== undefined ? panel.view.params.tries_left : -1
        }
    }
    Keypad {
        visible: panel.kind === "digits" || panel.kind === "date"
        secret: panel.view.entryMasked
        Layout.fillWidth: true
    }
    Keyboard {
        visible: panel.kind === "alnum" || panel.kind === "text"
        allowLower: panel.kind === "text"
        secret: panel.view.entryMasked
        Layout.fillWidth: true
    }
}
