import QtQuick
import QtQuick.Controls

// A big touch button. ``role`` (primary, secondary, cancel, danger) sets colour AND a leading symbol, so the
// meaning never rests on colour alone. Height grows with the text (two lines in large-text mode).
AbstractButton {
    id: button
    property string role: "secondary"
    property string label: ""
    property int fontSize: Theme.buttonSize
    property bool showSymbol: true
    readonly property string symbol: !showSymbol ? ""
        : role === "primary" ? "▶" : role === "cancel" ? "×" : role === "danger" ? "!" : ""
    property int padding_: Theme.mm(4)   // keys use less: their single character needs no air above and below

    implicitWidth: Math.max(Theme.touchMin, (mark.visible ? mark.implicitWidth + row.spacing : 0) + caption.implicitWidth + 2 * padding_)
    property int minHeight: Theme.buttonHeight
    implicitHeight: Math.max(minHeight, caption.implicitHeight + 2 * padding_)
    opacity: enabled ? 1.0 : 0.7
    focusPolicy: Qt.StrongFocus
    Accessible.name: label

    background: Rectangle {
        radius: Theme.mm(3)
        color: button.role === "primary" ? Theme.primary
             : button.role === "danger" ? Theme.danger
             : Theme.secondary
        border.width: Theme.contrast || button.role !== "primary" ? 3 : 0
        border.color: Theme.contrast ? Theme.text : Theme.border
        Rectangle {
            anchors.fill: parent
            radius: parent.radius
            color: "#000000"
            opacity: button.down ? 0.18 : 0
        }
    }
    contentItem: Item {
        Row {
            id: row
            anchors.centerIn: parent
            spacing: Theme.mm(3)
            KText {
                id: mark
                visible: button.symbol !== ""
                text: button.symbol
                font.pixelSize: button.fontSize
                font.bold: true
                wrapMode: Text.NoWrap
                color: caption.color
                anchors.verticalCenter: parent.verticalCenter
            }
            KText {
                id: caption
                objectName: "buttonText"
                text: button.label
                font.pixelSize: button.fontSize
                font.bold: button.role === "primary" || button.role === "danger"
                horizontalAlignment: Text.AlignHCenter
                width: Math.min(implicitWidth, button.width - 2 * button.padding_ - (mark.visible ? mark.width + row.spacing : 0))
                color: button.role === "primary" ? Theme.textOnPrimary
                     : button.role === "danger" ? Theme.textOnDanger
                     : Theme.textOnSecondary
                anchors.verticalCenter: parent.verticalCenter
            }
        }
    }
}
