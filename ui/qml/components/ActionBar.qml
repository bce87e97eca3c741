import QtQuick
import QtQuick.Layouts
import MynaKiosk

// The View's actions as big buttons in the lower part of the screen. Two actions share a row (cancel/back on
// the left, the way forward on the right); more are stacked, one per row, so long labels stay readable.
ColumnLayout {
    id: bar
    property var actions: []
    property var params: ({})
    property bool stacked: actions.length > 2
    spacing: Theme.gap
    objectName: "actionBar"

    GridLayout {
        Layout.fillWidth: true
        columns: bar.stacked ? 1 : Math.max(1, bar.actions.length)
        columnSpacing: Theme.gap
        rowSpacing: Theme.gap
        Repeater {
            model: bar.actions
            BigButton {
                objectName: "action_" + modelData.id
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                role: modelData.role
                label: Theme.tr(modelData.label, Theme.actionParams(bar.params, modelData))
                enabled: modelData.enabled
                onClicked: ViewModel.act(modelData.id)
            }
        }
    }
}
