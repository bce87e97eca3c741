import QtQuick
import QtQuick.Layouts
import MynaKiosk
import "../components"

// The last look before a renewal application is sent: the new photo, the details, how the card is collected.
// The My Number is not among them (the kiosk never reads it).
ScreenPage {
    id: page
    function shown(key, value) {
        if (key === "sex" && ["1", "2", "9"].indexOf(value) >= 0)
            return Theme.tr("ui.sex." + value)
        return value
    }
    function collection() {
        if (page.view.params.by_mail)
            return Theme.tr("delivery.mail")
        return Theme.tr("ui.submit.pickup", { "when": ViewModel.pickupText(page.view.params.pickup || "") })
    }
    contentMinimumHeight: summary.implicitHeight
    ColumnLayout {
        id: summary
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: Theme.mm(3)
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.mm(4)
            Image {
                objectName: "submitPhoto"
                Layout.preferredWidth: Theme.mm(36)
                Layout.preferredHeight: Theme.mm(48)
                fillMode: Image.PreserveAspectFit
                cache: false
                source: "image://camera/photo/" + ViewModel.frameSerial
            }
            KText {
                Layout.fillWidth: true
                text: Theme.tr("ui.submit.photo")
                font.bold: true
            }
        }
        // Full width: a long address must not be squeezed into a column beside the photo.
        DataTable {
            Layout.fillWidth: true
            rows: page.view.dataKeys.map(function (k) {
                return { "label": k === "birth_date" ? "ui.field.birth_date" : "field." + k, "value": page.shown(k, page.view.data[k]) }
            }).concat([{ "label": "ui.submit.collection", "value": page.collection() }])
        }
    }
}
