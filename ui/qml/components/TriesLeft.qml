import QtQuick
import QtQuick.Layouts

// The one tries-left counter, always on screen while a PIN is typed. It escalates in words, symbol AND colour:
// a quiet "tries left: 5" while there are plenty; from two left it says what happens next ("2 more wrong tries will
// lock this PIN", amber, ⚠); at the last try it is red ("last try", ⚠). Never colour alone.
Rectangle {
    id: badge
    objectName: "triesLeft"
    property int tries: -1
    readonly property string level: tries <= 1 ? "last" : tries <= 2 ? "warn" : "calm"
    readonly property bool wide: level !== "calm"   // a sentence: a row of its own (see EntryPanel)
    visible: tries >= 0
    implicitHeight: row.implicitHeight + Theme.mm(4)
    implicitWidth: label.implicitWidth + mark.implicitWidth + Theme.mm(12)
    radius: wide ? Theme.mm(3) : height / 2
    color: level === "last" ? Theme.danger : level === "warn" ? Theme.warningBg : Theme.surface
    border.width: level === "calm" ? 3 : 5
    border.color: level === "last" ? (Theme.contrast ? Theme.text : Theme.danger)
                : level === "warn" ? Theme.warning : Theme.border
    Accessible.role: Accessible.StaticText
    Accessible.name: label.text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.mm(4)
        anchors.rightMargin: Theme.mm(4)
        spacing: Theme.mm(2)
        KText {
            id: mark
            objectName: "triesLeftMark"
            text: badge.level === "calm" ? "●" : "⚠"
            wrapMode: Text.NoWrap
            font.pixelSize: badge.level === "calm" ? Theme.smallSize : Theme.bodySize
            font.bold: true
            color: badge.level === "last" ? Theme.textOnDanger : badge.level === "warn" ? Theme.warning : Theme.muted
        }
        KText {
            id: label
            objectName: "triesLeftText"
            Layout.fillWidth: badge.wide
            text: Theme.tr(badge.level === "last" ? "ui.tries_left.last"
                           : badge.level === "warn" ? "ui.tries_left.warn" : "ui.tries_left", { "tries_left": badge.tries })
            font.pixelSize: Theme.bodySize
            font.bold: true
            wrapMode: badge.wide ? Text.Wrap : Text.NoWrap
            color: badge.level === "last" ? Theme.textOnDanger : Theme.text
        }
    }
}
