import QtQuick
import QtQuick.Layouts
import MynaKiosk

// 日本語 / English, always on screen. Each language is named in itself; the chosen one is filled AND marked ✓.
RowLayout {
    id: sw
    objectName: "languageSwitch"
    spacing: Theme.mm(2)
    Repeater {
        model: [{ "code": "ja", "name": "日本語" }, { "code": "en", "name": "English" }]
        BigButton {
            readonly property bool chosen: ViewModel.language === modelData.code
            objectName: "lang_" + modelData.code
            role: chosen ? "primary" : "secondary"
            showSymbol: false
            label: (chosen ? "✓ " : "") + modelData.name
            fontSize: Theme.footerSize
            implicitHeight: Theme.mm(20)
            Layout.minimumWidth: Theme.mm(42)
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.preferredHeight: Theme.mm(20)
            Accessible.name: modelData.name
            onClicked: ViewModel.setLanguage(modelData.code)
        }
    }
}
