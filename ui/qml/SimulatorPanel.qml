import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Window
import MynaKiosk
import "components"

// Simulator mode's own window beside the kiosk screen: the technician drives the virtual world here (which
// resident's card, issued when, in or out of the reader, what goes wrong, what the camera sees) and watches the card
// traffic (the APDU trace, redacted by construction). The kiosk window stays exactly what a resident sees.
Window {
    id: panel
    objectName: "simulatorPanel"
    width: 900
    height: 1400
    visible: true
    color: Theme.bg
    title: "mynakiosk simulator"
    Component.onCompleted: TechnicianModel.watch()

    ScrollView {
        id: scroller
        anchors.fill: parent
        anchors.margins: Theme.mm(4)
        contentWidth: availableWidth

        ColumnLayout {
            width: scroller.availableWidth
            spacing: Theme.mm(3)

            KText {
                text: Theme.tr("ui.sim.title")
                font.pixelSize: Theme.titleSize * 0.7
                font.bold: true
                Layout.fillWidth: true
            }
            KText {
                visible: TechnicianModel.message !== ""
                objectName: "simMessage"
                Layout.fillWidth: true
                text: TechnicianModel.message.indexOf("ui.") === 0 ? Theme.tr(TechnicianModel.message) : Theme.tr("ui.tech.error", { "message": TechnicianModel.message })
                color: Theme.danger
                font.pixelSize: Theme.smallSize
            }

            // --- the virtual card: whose, issued when, where ---
            KText { text: Theme.tr("ui.tech.persona"); font.pixelSize: Theme.smallSize; font.bold: true; Layout.fillWidth: true }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                Repeater {
                    model: TechnicianModel.personas
                    BigButton {
                        objectName: "sim_persona_" + modelData
                        showSymbol: false
                        label: (TechnicianModel.persona === modelData ? "✓ " : "") + modelData
                        role: TechnicianModel.persona === modelData ? "primary" : "secondary"
                        fontSize: Theme.smallSize
                        minHeight: Theme.mm(16)
                        onClicked: TechnicianModel.makeCard(modelData, issued.text)
                    }
                }
            }
            KText { text: Theme.tr("ui.sim.issued"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                TextField {
                    id: issued
                    objectName: "sim_issued"
                    Layout.fillWidth: true
                    placeholderText: "YYYY-MM-DD"
                    text: TechnicianModel.issued
                    font.pixelSize: Theme.smallSize
                    font.family: Theme.fontFamily
                    inputMethodHints: Qt.ImhDate
                }
                BigButton {
                    objectName: "sim_make_card"
                    label: Theme.tr("ui.sim.make_card")
                    fontSize: Theme.smallSize
                    minHeight: Theme.mm(16)
                    enabled: TechnicianModel.persona !== ""
                    onClicked: TechnicianModel.makeCard(TechnicianModel.persona, issued.text)
                }
            }
            KText {
                objectName: "sim_cardState"
                text: (TechnicianModel.cardPresent ? "● " : "○ ") + Theme.tr(TechnicianModel.cardPresent ? "ui.tech.card_in" : "ui.tech.card_out")
                font.pixelSize: Theme.smallSize
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                BigButton { objectName: "sim_insert"; label: Theme.tr("ui.tech.insert"); fontSize: Theme.smallSize; minHeight: Theme.mm(16); Layout.fillWidth: true; Layout.preferredWidth: 1; onClicked: TechnicianModel.insertCard() }
                BigButton { objectName: "sim_remove"; label: Theme.tr("ui.tech.remove"); fontSize: Theme.smallSize; minHeight: Theme.mm(16); Layout.fillWidth: true; Layout.preferredWidth: 1; onClicked: TechnicianModel.removeCard() }
                BigButton { objectName: "sim_tap"; label: Theme.tr("ui.tech.tap"); fontSize: Theme.smallSize; minHeight: Theme.mm(16); Layout.fillWidth: true; Layout.preferredWidth: 1; onClicked: TechnicianModel.tapCard() }
            }

            // --- faults ---
            KText { text: Theme.tr("ui.tech.faults"); font.pixelSize: Theme.smallSize; font.bold: true; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    id: faults
                    objectName: "sim_faults"
                    Layout.fillWidth: true
                    text: TechnicianModel.faults
                    font.pixelSize: Theme.smallSize
                    font.family: Theme.fontFamily
                    inputMethodHints: Qt.ImhNoPredictiveText
                }
                BigButton { objectName: "sim_apply"; label: Theme.tr("ui.tech.apply"); fontSize: Theme.smallSize; minHeight: Theme.mm(16); onClicked: TechnicianModel.applyFaults(faults.text) }
            }

            // --- camera ---
            KText { text: Theme.tr("ui.tech.camera"); font.pixelSize: Theme.smallSize; font.bold: true; Layout.fillWidth: true }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                Repeater {
                    model: TechnicianModel.cameras
                    BigButton {
                        objectName: "sim_camera_" + modelData
                        showSymbol: false
                        label: (TechnicianModel.camera === modelData ? "✓ " : "") + modelData
                        role: TechnicianModel.camera === modelData ? "primary" : "secondary"
                        fontSize: Theme.smallSize
                        minHeight: Theme.mm(16)
                        onClicked: TechnicianModel.chooseCamera(modelData)
                    }
                }
            }

            // --- the card traffic ---
            KText { text: Theme.tr("ui.tech.trace"); font.pixelSize: Theme.smallSize; font.bold: true; Layout.fillWidth: true }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.mm(120)
                color: "#101010"
                radius: Theme.mm(2)
                ListView {
                    id: traceView
                    objectName: "sim_trace"
                    anchors.fill: parent
                    anchors.margins: Theme.mm(2)
                    clip: true
                    model: TechnicianModel.trace
                    onCountChanged: positionViewAtEnd()
                    delegate: Text {
                        width: traceView.width
                        text: modelData
                        color: "#b8f5b8"
                        font.family: "DejaVu Sans Mono"
                        font.pixelSize: 18
                        wrapMode: Text.WrapAnywhere
                    }
                }
            }
        }
    }
}
