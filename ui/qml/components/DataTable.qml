import QtQuick
import QtQuick.Layouts

// Label / value rows (personal data to confirm, report counts). Labels are message keys; values are shown as is.
Rectangle {
    id: table
    property var rows: []     // [{ "label": message key (or text: a key without a message shows as is), "value": text }]
    implicitHeight: grid.implicitHeight + 2 * Theme.mm(4)
    radius: Theme.mm(2)
    color: Theme.surface
    border.width: 3
    border.color: Theme.border
    ColumnLayout {
        id: grid
        anchors.fill: parent
        anchors.margins: Theme.mm(4)
        spacing: Theme.mm(3)
        Repeater {
            model: table.rows
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                KText {
                    Layout.fillWidth: true
                    text: Theme.tr(modelData.label)
                    font.pixelSize: Theme.smallSize
                    color: Theme.muted
                }
                KText {
                    objectName: "value_" + modelData.label
                    Layout.fillWidth: true
                    text: modelData.value
                    font.bold: true
                }
            }
        }
    }
}
