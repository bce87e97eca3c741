import QtQuick
import QtQuick.Layouts
import MynaKiosk

// "? Help" at the bottom of every screen: opens the helpline panel (HelpDialog) over the page.
BigButton {
    objectName: "helpButton"
    role: Help.open ? "primary" : "secondary"
    showSymbol: false
    label: "? " + Theme.tr("ui.help")
    fontSize: Theme.footerSize
    implicitHeight: Theme.mm(20)
    Accessible.name: Theme.tr("ui.help")
    onClicked: Help.open ? Help.close() : Help.show()
}
