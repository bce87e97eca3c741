import QtQuick
import "../components"

// End-of-day counts (no personal data): one row per count the View carries.
ScreenPage {
    id: page
    DataTable {
        anchors.left: parent.left; anchors.right: parent.right
        rows: page.view.paramKeys.map(function (k) {
            return { "label": "ui.staff.report." + k, "value": String(page.view.params[k]) }
        })
    }
}
