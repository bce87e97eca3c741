import QtQuick
import QtQuick.Layouts
import "../components"

// The personal data the application will carry, as read from the card.
ScreenPage {
    id: page
    function shown(key, value) {
        if (key === "sex" && ["1", "2", "9"].indexOf(value) >= 0)
            return Theme.tr("ui.sex." + value)
        return value
    }
    Flickable {
        anchors.fill: parent
        contentHeight: table.implicitHeight
        clip: true
        DataTable {
            id: table
            width: parent.width
            rows: page.view.dataKeys.map(function (k) {
                return { "label": k === "birth_date" ? "ui.field.birth_date" : "field." + k, "value": page.shown(k, page.view.data[k]) }
            })
        }
    }
}
