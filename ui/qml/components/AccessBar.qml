import QtQuick
import QtQuick.Layouts

// Larger text, high contrast and the voice guide: toggles whose label starts with □ (off) or ✓ (on), not colour
// alone. The voice guide switches speech only (sound cues keep their own setting); switching it on speaks the
// current screen at once, so the resident hears that it worked.
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
    BigButton {
        objectName: "toggle_voice"
        role: guide.voice ? "primary" : "secondary"
        showSymbol: false
        label: (guide.voice ? "✓ " : "□ ") + Theme.tr("ui.voice_guide")
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: guide.setVoice(!guide.voice)
    }
}
