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
    padding_: Theme.mm(1)
    minHeight: Theme.touchMin   // the layout sets the real height (26 mm digits, 19-22 mm letters)
    down: secret ? false : pressed
}
