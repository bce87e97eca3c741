import QtQuick
import QtQuick.Layouts

// The number a resident keeps (reference, application number, or the kiosk's own reference of an application not
// yet sent), alone in a large box so it never wraps mid-number or hides in a sentence.
Rectangle {
    id: box
    property var params: ({})
    readonly property string key: params.application_number ? "application_number"
                                 : params.local_reference ? "local_reference"
                                 : params.reference ? "reference" : ""
    visible: key !== ""
    objectName: "referenceBox"
    implicitHeight: column.implicitHeight + Theme.mm(10)
    radius: Theme.mm(3)
    color: Theme.surface
    border.width: Theme.mm(1.5)
    border.color: Theme.primary
    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.mm(5)
        spacing: Theme.mm(2)
        KText {
            Layout.fillWidth: true
            text: box.key ? Theme.tr("ui.receipt." + box.key) : ""
            font.pixelSize: Theme.smallSize
            color: Theme.muted
            horizontalAlignment: Text.AlignHCenter
        }
        KText {
            objectName: "referenceNumber"
            Layout.fillWidth: true
            text: box.key ? String(box.params[box.key]) : ""
            font.pixelSize: Theme.titleSize
            font.bold: true
            font.letterSpacing: Theme.mm(0.5)
            wrapMode: Text.NoWrap
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.bodySize
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
