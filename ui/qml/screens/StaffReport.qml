import QtQuick
import "../components"

// End-of-day counts (no personal data): one row per figure the View carries; unknown figures keep their name.
ScreenPage {
    id: page
    Flickable {
        anchors.fill: parent
        contentHeight: table.implicitHeight
        clip: true
        DataTable {
            id: table
            width: parent.width
            rows: page.view.paramKeys.map(function (k) {
                var value = page.view.params[k]
                return {
                    "label": Theme.label("ui.staff.report." + k, k.replace(/_/g, " ")),
                    "value": value === true ? "✓" : String(value)
                }
            })
        }
    }
}
