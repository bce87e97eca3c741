import QtQuick
import QtQuick.Layouts

// Tries left for this PIN, always on screen while it is typed; with a warning symbol when it is the last one.
Rectangle {
    id: badge
    objectName: "triesLeft"
    property int tries: -1
    visible: tries >= 0
    implicitHeight: label.implicitHeight + Theme.mm(4)
    implicitWidth: label.implicitWidth + mark.implicitWidth + Theme.mm(12)
    radius: height / 2
    color: tries <= 1 ? Theme.warningBg : Theme.surface
    border.width: 3
    border.color: tries <= 1 ? Theme.warning : Theme.border
    RowLayout {
        anchors.centerIn: parent
        spacing: Theme.mm(2)
        KText { id: mark; text: badge.tries <= 1 ? "⚠" : "●"; wrapMode: Text.NoWrap; font.pixelSize: Theme.smallSize
                color: badge.tries <= 1 ? Theme.warning : Theme.muted }
        KText {
            id: label
            text: Theme.tr("ui.tries_left", { "tries_left": badge.tries })
            font.pixelSize: Theme.bodySize
            font.bold: true
            wrapMode: Text.NoWrap
        }
    }
}
