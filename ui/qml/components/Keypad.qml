import QtQuick
import QtQuick.Layouts
import MynaKiosk

// The numeric keypad. The digit order comes from the view-model (shuffled for every new PIN entry, so someone
// watching the hand cannot learn the PIN); the keys never light up under the finger for the same reason.
GridLayout {
    id: pad
    objectName: "keypad"
    property var layout: ViewModel.keypadLayout
    property bool secret: true
    columns: 3
    enabled: !ViewModel.entryLocked  // from a submit until the next screen: one entry answers one screen
    rowSpacing: Theme.mm(3)
    columnSpacing: Theme.mm(3)

    Repeater {
        model: 9
        KeyButton {
            objectName: "key_" + pad.layout[index]
            label: pad.layout[index]
            secret: pad.secret
            onClicked: ViewModel.press(pad.layout[index])
        }
    }
    KeyButton {
        objectName: "key_delete"
        label: Theme.tr("ui.entry.delete")
        fontSize: Theme.buttonSize
        onClicked: ViewModel.backspace()
    }
    KeyButton {
        objectName: "key_" + pad.layout[9]
        label: pad.layout[9]
        secret: pad.secret
        onClicked: ViewModel.press(pad.layout[9])
    }
    KeyButton {
        objectName: "key_ok"
        label: Theme.tr("ui.entry.ok")
        role: "primary"
        fontSize: Theme.buttonSize
        enabled: ViewModel.canSubmit
        onClicked: ViewModel.submitEntry()
    }
}
