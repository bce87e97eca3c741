import QtQuick
import QtQuick.Layouts
import "../components"

// Something went wrong: what happened and what to do next (title and body come from the error kind), and the
// error's stable code for the helpline (docs/error-codes.md).
ScreenPage {
    id: page
    icon: "error"
    contentMinimumHeight: codeBox.implicitHeight
    Rectangle {
        id: codeBox
        objectName: "errorCode"
        visible: page.view.params.code !== undefined
        anchors.left: parent.left
        anchors.right: parent.right
        implicitHeight: codeText.implicitHeight + Theme.mm(6)
        radius: Theme.mm(2)
        color: Theme.surface
        border.width: 3
        border.color: Theme.border
        KText {
            id: codeText
            anchors.fill: parent
            anchors.margins: Theme.mm(3)
            text: Theme.tr("ui.error_code", { "code": page.view.params.code || "" })
            font.pixelSize: Theme.smallSize
        }
    }
}
