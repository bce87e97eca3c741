import QtQuick
import QtQuick.Layouts
import MynaKiosk

// Larger text, high contrast and the voice guide: toggles whose label starts with □ (off) or ✓ (on), not colour
// alone. The voice guide switches speech only (sound cues keep their own setting); switching it on speaks the
// current screen at once, so the resident hears that it worked.
RowLayout {
    objectName: "accessBar"
    spacing: Theme.mm(2)
    BigButton {
        objectName: "toggle_large_text"
        role: ViewModel.largeText ? "primary" : "secondary"
        showSymbol: false
        label: (ViewModel.largeText ? "✓ " : "□ ") + Theme.tr("ui.large_text")
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: ViewModel.setLargeText(!ViewModel.largeText)
    }
    BigButton {
        objectName: "toggle_high_contrast"
        role: ViewModel.highContrast ? "primary" : "secondary"
        showSymbol: false
        label: (ViewModel.highContrast ? "✓ " : "□ ") + Theme.tr("ui.high_contrast")
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: ViewModel.setHighContrast(!ViewModel.highContrast)
    }
    BigButton {
        objectName: "toggle_voice"
        role: Guide.voice ? "primary" : "secondary"
        showSymbol: false
        label: (Guide.voice ? "✓ " : "□ ") + Theme.tr("ui.voice_guide")
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        onClicked: Guide.setVoice(!Guide.voice)
    }
}
