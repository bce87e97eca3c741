import QtQuick
import QtQuick.Layouts
import MynaKiosk
import "../components"

// Welcome. A touch anywhere starts (the Start button is the obvious target); a hidden corner opens technician mode.
ScreenPage {
    id: page
    showActions: true
    Item {
        anchors.fill: parent
        MouseArea {
            anchors.fill: parent
            onClicked: ViewModel.act("start")
        }
        CardIllustration {
            anchors.centerIn: parent
            width: Theme.mm(170); height: Theme.mm(110)
        }
    }
    // Technician entry: a long press on the top-right corner (not a resident control, so no label).
    MouseArea {
        objectName: "technicianCorner"
        anchors.top: parent.top; anchors.right: parent.right
        width: Theme.mm(25); height: Theme.mm(25)
        pressAndHoldInterval: 2000
        onPressAndHold: TechnicianModel.requestAccess()
    }
}
