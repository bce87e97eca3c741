import QtQuick

// A round symbol that says what kind of screen this is: ✓ done, ! problem, i information, … waiting.
Rectangle {
    id: icon
    property string kind: "info"   // success, error, warning, info, wait
    width: Theme.mm(34); height: width; radius: width / 2
    color: "transparent"
    border.width: Theme.mm(2)
    border.color: kind === "success" ? Theme.success : kind === "error" ? Theme.danger
                : kind === "warning" ? Theme.warning : Theme.info
    KText {
        anchors.centerIn: parent
        text: icon.kind === "success" ? "✓" : icon.kind === "error" ? "!" : icon.kind === "warning" ? "!" : icon.kind === "wait" ? "…" : "i"
        font.pixelSize: Math.round(icon.width * 0.6)
        font.bold: true
        color: icon.border.color
        wrapMode: Text.NoWrap
    }
}
