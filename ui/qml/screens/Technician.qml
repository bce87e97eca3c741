import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Technician mode: PIN first, then (simulator mode) the bench: persona, card in/out/tap, faults, camera, trace;
// and the doctor, which on a kiosk in service also checks its site configuration.
Item {
    id: techPage
    objectName: "technician"
    property string typed: ""

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap

        KText {
            text: Theme.tr("ui.tech.title")
            font.pixelSize: Theme.titleSize
            font.bold: true
            Layout.fillWidth: true
        }
        KText {
            visible: tech.message !== ""
            objectName: "techMessage"
            Layout.fillWidth: true
            text: tech.message.indexOf("ui.") === 0 ? Theme.tr(tech.message) : Theme.tr("ui.tech.error", { "message": tech.message })
            color: Theme.danger
        }

        // --- PIN ---
        ColumnLayout {
            visible: tech.askingPin
            Layout.fillWidth: true
            spacing: Theme.gap
            KText { text: Theme.tr("ui.tech.pin"); Layout.fillWidth: true }
            KText {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: techPage.typed.length ? "●".repeat(techPage.typed.length) : " "
                font.pixelSize: Theme.keySize
            }
            GridLayout {
                columns: 3
                Layout.fillWidth: true
                rowSpacing: Theme.mm(3); columnSpacing: Theme.mm(3)
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "←", "0", "OK"]
                    KeyButton {
                        objectName: "tech_key_" + modelData
                        label: modelData
                        role: modelData === "OK" ? "primary" : "secondary"
                        onClicked: {
                            if (modelData === "OK") { tech.unlock(techPage.typed); techPage.typed = "" }
                            else if (modelData === "←") techPage.typed = techPage.typed.slice(0, -1)
                            else techPage.typed += modelData
                        }
                    }
                }
            }
        }

        // --- bench (simulator mode only: a kiosk in service has no virtual card to move) ---
        ColumnLayout {
            visible: !tech.askingPin && tech.simulator
            Layout.fillWidth: true
            spacing: Theme.gap
            KText { text: Theme.tr("ui.tech.persona"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                Repeater {
                    model: tech.personas
                    BigButton {
                        objectName: "persona_" + modelData
                        showSymbol: false
                        label: (tech.persona === modelData ? "✓ " : "") + modelData
                        role: tech.persona === modelData ? "primary" : "secondary"
                        fontSize: Theme.smallSize
                        implicitHeight: Theme.mm(18)
                        onClicked: tech.choosePersona(modelData)
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                KText {
                    objectName: "cardState"
                    text: (tech.cardPresent ? "● " : "○ ") + Theme.tr(tech.cardPresent ? "ui.tech.card_in" : "ui.tech.card_out")
                    font.pixelSize: Theme.smallSize
                    Layout.fillWidth: true
                }
                BigButton { objectName: "tech_insert"; label: Theme.tr("ui.tech.insert"); fontSize: Theme.smallSize; onClicked: tech.insertCard() }
                BigButton { objectName: "tech_remove"; label: Theme.tr("ui.tech.remove"); fontSize: Theme.smallSize; onClicked: tech.removeCard() }
                BigButton { objectName: "tech_tap"; label: Theme.tr("ui.tech.tap"); fontSize: Theme.smallSize; onClicked: tech.tapCard() }
            }
            KText { text: Theme.tr("ui.tech.faults"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    id: faults
                    objectName: "faultsField"
                    Layout.fillWidth: true
                    text: tech.faults
                    font.pixelSize: Theme.smallSize
                    font.family: Theme.fontFamily
                    inputMethodHints: Qt.ImhNoPredictiveText
                }
                BigButton { objectName: "tech_apply"; label: Theme.tr("ui.tech.apply"); fontSize: Theme.smallSize; onClicked: tech.applyFaults(faults.text) }
            }
            KText { text: Theme.tr("ui.tech.camera"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                Repeater {
                    model: tech.cameras
                    BigButton {
                        showSymbol: false
                        label: (tech.camera === modelData ? "✓ " : "") + modelData
                        role: tech.camera === modelData ? "primary" : "secondary"
                        fontSize: Theme.smallSize
                        implicitHeight: Theme.mm(18)
                        onClicked: tech.chooseCamera(modelData)
                    }
                }
            }
            KText { text: Theme.tr("ui.tech.trace"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
        }
        Rectangle {
            visible: !tech.askingPin && tech.simulator
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: "#101010"
            radius: Theme.mm(2)
            ListView {
                id: traceView
                objectName: "traceView"
                anchors.fill: parent
                anchors.margins: Theme.mm(2)
                clip: true
                model: tech.trace
                onCountChanged: positionViewAtEnd()
                delegate: Text {
                    width: traceView.width
                    text: modelData
                    color: "#b8f5b8"
                    font.family: "DejaVu Sans Mono"
                    font.pixelSize: 22
                    wrapMode: Text.WrapAnywhere
                }
            }
        }
        RowLayout {
            visible: !tech.askingPin
            Layout.fillWidth: true
            BigButton {
                objectName: "tech_doctor"
                label: Theme.tr(tech.doctorRunning ? "ui.tech.doctor_running" : "ui.tech.doctor")
                enabled: !tech.doctorRunning
                fontSize: Theme.smallSize
                onClicked: tech.runDoctor()
            }
        }
        ScrollView {
            visible: !tech.askingPin && tech.doctorOutput !== ""
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.mm(60)
            Layout.fillHeight: !tech.simulator  // in service the doctor is all there is: give it the page
            TextArea {
                objectName: "doctorOutput"
                readOnly: true
                text: tech.doctorOutput
                wrapMode: TextEdit.Wrap
                font.pixelSize: 22
                font.family: "DejaVu Sans Mono"
            }
        }
        Item { Layout.fillHeight: tech.askingPin || (!tech.simulator && tech.doctorOutput === "") }
        BigButton {
            objectName: "tech_close"
            Layout.fillWidth: true
            role: "cancel"
            label: Theme.tr("ui.tech.close")
            onClicked: tech.close()
        }
    }
}
