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

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.mm(4)
        PinDots { Layout.fillWidth: true }
        TriesLeft {
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
