import QtQuick
import QtQuick.Layouts

// Live hints (face quality, weak-PIN reasons): each with a symbol as well as colour.
ColumnLayout {
    id: list
    property var hints: []
    property var params: ({})
    property string kind: "warning"
    spacing: Theme.mm(2)
    visible: hints.length > 0
    Repeater {
        model: list.hints
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: hintText.implicitHeight + Theme.mm(6)
            radius: Theme.mm(2)
            color: list.kind === "warning" ? Theme.warningBg : Theme.surface
            border.width: 3
            border.color: list.kind === "warning" ? Theme.warning : Theme.border
            RowLayout {
                anchors.fill: parent
                anchors.margins: Theme.mm(3)
                spacing: Theme.mm(3)
                KText {
                    text: list.kind === "warning" ? "⚠" : "i"
                    font.bold: true
                    color: list.kind === "warning" ? Theme.warning : Theme.info
                    wrapMode: Text.NoWrap
                    Layout.alignment: Qt.AlignTop
                }
                KText {
                    id: hintText
                    objectName: "hint"
                    Layout.fillWidth: true
                    text: Theme.tr(modelData, list.params)
                }
            }
        }
    }
}
