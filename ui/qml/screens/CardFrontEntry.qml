import QtQuick
import QtQuick.Layouts
import "../components"

// PIN-B parts printed on the card front: choose scan or type, type one field, or confirm what was read.
ScreenPage {
    id: page
    function shown(key, value) {
        return key === "birth_date" && value.length === 8 ? value.substring(0, 4) + "-" + value.substring(4, 6) + "-" + value.substring(6) : value
    }
    contentMinimumHeight: column.implicitHeight
    ColumnLayout {
        id: column
        anchors.fill: parent
        spacing: Theme.gap
        // The numbers to confirm before they are sent (a wrong PIN-B costs a try). The security code is not shown.
        DataTable {
            visible: page.view.entryKind === "" && rows.length > 0
            Layout.fillWidth: true
            rows: ["birth_date", "expiry_year"].filter(function (k) { return page.view.data[k] !== undefined })
                .map(function (k) { return { "label": "field." + k, "value": page.shown(k, String(page.view.data[k])) } })
        }
        Item { Layout.fillHeight: true }
    }
    // The keys stay put above the actions; the words above them scroll when large text needs the room.
    fixedHeight: entry.kind !== "" ? entry.implicitHeight : 0
    fixedContent: EntryPanel {
        id: entry
        anchors.fill: parent
    }
}
