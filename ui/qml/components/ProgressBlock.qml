import QtQuick
import QtQuick.Layouts

// Progress of a long operation: a bar with the percentage in words, or a moving bar when the length is unknown.
ColumnLayout {
    id: block
    property real progress: -1
    spacing: Theme.mm(2)
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: Theme.mm(8)
        radius: height / 2
        color: Theme.secondary
        border.width: 2
        border.color: Theme.border
        clip: true
        Rectangle {
            id: fill
            height: parent.height
            radius: height / 2
            color: Theme.primary
            width: block.progress >= 0 ? parent.width * Math.min(1, block.progress) : parent.width / 4
            x: block.progress >= 0 ? 0 : sweep.value * (parent.width - width)
        }
        NumberAnimation {
            id: sweep
            property real value: 0
            target: sweep; property: "value"; from: 0; to: 1; duration: 1400
            loops: Animation.Infinite; running: block.progress < 0 && block.visible
            easing.type: Easing.InOutQuad
        }
    }
    KText {
        visible: block.progress >= 0
        text: Theme.tr("ui.progress", { "percent": Math.round(block.progress * 100) })
        font.pixelSize: Theme.smallSize
        color: Theme.muted
        Layout.alignment: Qt.AlignHCenter
    }
}
