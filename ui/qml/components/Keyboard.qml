import QtQuick
import QtQuick.Layouts
import MynaKiosk

// Letters and digits for the signature PIN (capital letters A-Z and 0-9, in alphabetical order: easier to find
// for people who rarely type) and for staff text. ``lower`` switches to small letters for staff passwords.
ColumnLayout {
    id: kb
    objectName: "keyboard"
    property bool allowLower: false
    property bool lower: false
    property bool secret: true
    readonly property string letters: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    enabled: !ViewModel.entryLocked  // from a submit until the next screen: one entry answers one screen
    spacing: Theme.mm(2)

    GridLayout {
        Layout.fillWidth: true
        columns: 6
        rowSpacing: Theme.mm(2)
        columnSpacing: Theme.mm(2)
        Repeater {
            model: kb.letters.length
            KeyButton {
                readonly property string ch: kb.lower ? kb.letters[index].toLowerCase() : kb.letters[index]
                objectName: "key_" + ch
                label: ch
                secret: kb.secret
                fontSize: Theme.letterKeySize
                Layout.minimumHeight: Theme.letterKeyHeight
                Layout.preferredHeight: Math.max(Theme.letterKeyHeight, implicitHeight)
                onClicked: ViewModel.press(ch)
            }
        }
    }
    // Staff IDs and passwords may hold a few symbols; residents' PINs never do (letters and digits only).
    RowLayout {
        visible: kb.allowLower
        Layout.fillWidth: true
        spacing: Theme.mm(2)
        Repeater {
            model: ["-", "_", ".", "@"]
            KeyButton {
                objectName: "key_" + modelData
                label: modelData
                secret: kb.secret
                fontSize: Theme.letterKeySize
                Layout.minimumHeight: Theme.letterKeyHeight
                Layout.preferredHeight: Math.max(Theme.letterKeyHeight, implicitHeight)
                onClicked: ViewModel.press(modelData)
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.mm(2)
        BigButton {
            visible: kb.allowLower
            objectName: "key_shift"
            label: kb.lower ? "ABC" : "abc"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            onClicked: kb.lower = !kb.lower
        }
        BigButton {
            objectName: "key_delete"
            label: Theme.tr("ui.entry.delete")
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            onClicked: ViewModel.backspace()
        }
        BigButton {
            objectName: "key_clear"
            label: Theme.tr("ui.entry.clear")
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            onClicked: ViewModel.clearEntry()
        }
        BigButton {
            objectName: "key_ok"
            role: "primary"
            label: Theme.tr("ui.entry.ok")
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            enabled: ViewModel.canSubmit
            onClicked: ViewModel.submitEntry()
        }
    }
}
