import QtQuick
import QtQuick.Layouts
import "../components"

// PIN-B parts printed on the card front: choose scan or type, type one field, or confirm what was read.
ScreenPage {
    id: page
    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        DataTable {
            visible: page.view.dataKeys.length > 0
            Layout.fillWidth: true
            rows: page.view.dataKeys.map(function (k) { return { "label": "field." + k, "value": page.view.data[k] } })
        }
        Item { Layout.fillHeight: true }
        EntryPanel { Layout.fillWidth: true }
    }
}
