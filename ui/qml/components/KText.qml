import QtQuick

// Text as the kiosk writes it: the CJK font, wrapped, never elided (a test walks every KText and checks it fits).
Text {
    font.family: Theme.fontFamily
    font.pixelSize: Theme.bodySize
    color: Theme.text
    wrapMode: Text.Wrap
    elide: Text.ElideNone
    textFormat: Text.PlainText
    lineHeight: 1.15
}
