import QtQuick
import QtQuick.Layouts

// Larger text and high contrast: toggles with a check box drawn in the label (☐/☑), not colour alone.
RowLayout {
    objectName: "accessBar"
    spacing: Theme.mm(2)
    BigButton {
        objectName: "toggle_large_text"
        label: (vm.largeText ? "☑ " : "☐ ") + Theme.tr("ui.large_text")
        fontSize: Theme.smallSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: vm.setLargeText(!vm.largeText)
    }
    BigButton {
        objectName: "toggle_high_contrast"
        label: (vm.highContrast ? "☑ " : "☐ ") + Theme.tr("ui.high_contrast")
        fontSize: Theme.smallSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: vm.setHighContrast(!vm.highContrast)
    }
}
