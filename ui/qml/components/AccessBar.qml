import QtQuick
import QtQuick.Layouts

// Larger text and high contrast: toggles whose label starts with □ (off) or ✓ (on), not colour alone.
RowLayout {
    objectName: "accessBar"
    spacing: Theme.mm(2)
    BigButton {
        objectName: "toggle_large_text"
        role: vm.largeText ? "primary" : "secondary"
        showSymbol: false
        label: (vm.largeText ? "✓ " : "□ ") + Theme.tr("ui.large_text")
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: vm.setLargeText(!vm.largeText)
    }
    BigButton {
        objectName: "toggle_high_contrast"
        role: vm.highContrast ? "primary" : "secondary"
        showSymbol: false
        label: (vm.highContrast ? "✓ " : "□ ") + Theme.tr("ui.high_contrast")
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: vm.setHighContrast(!vm.highContrast)
    }
}
