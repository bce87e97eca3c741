import QtQuick
import QtQuick.Layouts

// One key. ``secret`` keys give no visual feedback when pressed (shoulder-surfing); the dots show progress.
BigButton {
    property bool secret: false
    fontSize: Theme.keySize
    Layout.fillWidth: true
    Layout.preferredWidth: 1
    Layout.minimumHeight: Theme.mm(26)
    Layout.preferredHeight: Math.max(Theme.mm(26), implicitHeight)
    showSymbol: false
    down: secret ? false : pressed
}
