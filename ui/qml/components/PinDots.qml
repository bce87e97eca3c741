import QtQuick
import QtQuick.Layouts
import MynaKiosk

// What has been typed: dots for a PIN (never the characters), the text itself for non-secret entries.
// Fixed-length entries show every place; longer ones show the dots typed so far and the count in words.
Rectangle {
    id: box
    objectName: "entryDisplay"
    property int length: ViewModel.entryLength
    property int maxLength: ViewModel.page.entryMax
    property int minLength: ViewModel.page.entryMin
    property bool masked: ViewModel.page.entryMasked
    readonly property bool fixed: minLength === maxLength && maxLength <= 8
    // A date is shown the way the card prints it as it is typed: 昭和 56年 03月 14日, places still to type as ○.
    function dateText(typed) {
        var calendar = ViewModel.page.params.calendar
        var western = calendar === "western"
        var places = typed + "○○○○○○○○".substring(0, Math.max(0, box.maxLength - typed.length))
        var y = western ? 4 : 2
        var parts = { "year": places.substring(0, y), "month": places.substring(y, y + 2), "day": places.substring(y + 2, y + 4) }
        if (western)
            return Theme.tr("ui.entry.date.western", parts)
        parts["era"] = Theme.tr("era." + calendar)
        return Theme.tr("ui.entry.date.era", parts)
    }
    implicitHeight: col.implicitHeight + Theme.mm(6)
    radius: Theme.mm(2)
    color: Theme.surface
    border.width: 3
    border.color: Theme.border

    ColumnLayout {
        id: col
        anchors.fill: parent
        anchors.margins: Theme.mm(3)
        spacing: Theme.mm(1)
        Row {
            visible: box.masked
            Layout.alignment: Qt.AlignHCenter
            spacing: box.fixed ? Theme.mm(6) : Theme.mm(2)
            Repeater {
                model: box.fixed ? box.maxLength : Math.min(Math.max(box.length, 1), 20)  // the count says the rest
                Rectangle {
                    readonly property int d: box.fixed ? Theme.mm(10) : Theme.mm(6)
                    width: d; height: d; radius: d / 2
                    color: index < box.length ? Theme.text : "transparent"
                    border.width: 3
                    border.color: box.fixed || index < box.length ? Theme.text : "transparent"
                }
            }
        }
        KText {
            visible: !box.masked
            objectName: "entryText"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: ViewModel.page.entryKind === "date" && ViewModel.page.params.calendar !== undefined
                  ? box.dateText(ViewModel.entryText)
                  : ViewModel.entryText === "" ? " " : ViewModel.entryText
            // a date in the card's form is a phrase, not a code: smaller, so it stays on one or two lines
            font.pixelSize: ViewModel.page.entryKind === "date" ? Math.round(Theme.bodySize * 1.2) : Theme.keySize
            font.letterSpacing: ViewModel.page.entryKind === "date" ? 1 : 4
        }
        KText {
            visible: box.masked
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: box.fixed ? Theme.tr("ui.entry.hidden") : Theme.tr("ui.entry.count", { "count": box.length })
            font.pixelSize: Theme.smallSize
            color: Theme.muted
        }
    }
}
