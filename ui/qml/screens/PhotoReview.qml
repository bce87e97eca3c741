import QtQuick
import QtQuick.Layouts
import "../components"

// The photo that would be submitted, exactly: the card-geometry crop (7:9), shown whole and unmirrored as it will
// be printed, beside one line per photo rule, ✓ met or ⚠ not met (symbol, words and colour). 「この写真を使う」 is
// disabled by the flow while a rule is not met.
ScreenPage {
    id: page
    readonly property var rules: page.view.paramKeys.filter(function (k) { return k.indexOf("rule.") === 0 })
    contentMinimumHeight: Math.max(photo.implicitHeight, ruleList.implicitHeight)
    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap
        CameraView {
            id: photo
            objectName: "reviewedPhoto"
            Layout.alignment: Qt.AlignTop
            implicitWidth: Math.min(parent.width * 0.45, Theme.mm(110))
            implicitHeight: implicitWidth * 9 / 7     // the card photo's 35 x 45 mm
            Layout.preferredWidth: implicitWidth
            Layout.preferredHeight: implicitHeight
            guide: false
            whole: true
            source: "photo"
        }
        ColumnLayout {
            id: ruleList
            objectName: "photoRules"
            Layout.alignment: Qt.AlignTop
            Layout.fillWidth: true
            spacing: Theme.mm(2)
            Repeater {
                model: page.rules
                RowLayout {
                    readonly property bool met: page.view.params[modelData] === true
                    objectName: "rule_" + modelData.substring(5) + (met ? "_met" : "_failed")
                    Layout.fillWidth: true
                    spacing: Theme.mm(2)
                    KText {
                        text: parent.met ? "✓" : "⚠"
                        font.bold: true
                        color: parent.met ? Theme.success : Theme.warning
                        wrapMode: Text.NoWrap
                        Layout.alignment: Qt.AlignTop
                    }
                    KText {
                        Layout.fillWidth: true
                        text: Theme.tr("photo." + modelData)
                        font.pixelSize: Theme.smallSize
                        font.bold: !parent.met
                    }
                }
            }
        }
    }
}
