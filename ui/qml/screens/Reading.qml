import QtQuick
import QtQuick.Layouts
import "../components"

// Reading the card: do not remove it; progress when the flow reports it.
ScreenPage {
    id: page
    icon: "wait"
    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.margin
        CardIllustration {
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: Theme.mm(150); Layout.preferredHeight: Theme.mm(100)
            reading: true
        }
        ProgressBlock { Layout.fillWidth: true; progress: page.view.progress }
        Item { Layout.fillHeight: true }
    }
}
