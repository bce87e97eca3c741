import QtQuick
import QtQuick.Layouts

// An error the flow reports on the current screen: one box, ⚠ and the title in bold, then what to do next.
Rectangle {
    id: banner
    objectName: "inlineError"
    property string kind: ""
    property var params: ({})
    implicitHeight: col.implicitHeight + Theme.mm(4)
    radius: Theme.mm(2)
    color: Theme.warningBg
    border.width: 3
    border.color: Theme.warning
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: Theme.mm(2)
        spacing: Theme.mm(3)
        KText {
            text: "⚠"
            font.bold: true
            color: Theme.warning
            wrapMode: Text.NoWrap
            Layout.alignment: Qt.AlignTop
        }
        ColumnLayout {
            id: col
            Layout.fillWidth: true
            spacing: 0
            KText {
                objectName: "errorTitle"
                Layout.fillWidth: true
                text: banner.kind !== "" ? Theme.tr("error." + banner.kind + ".title", banner.params) : ""
                font.bold: true
            }
            KText {
                objectName: "errorBody"
                Layout.fillWidth: true
                text: banner.kind !== "" ? Theme.tr("error." + banner.kind + ".body", banner.params) : ""
            }
        }
    }
}
