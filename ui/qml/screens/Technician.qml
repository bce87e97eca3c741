import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import MynaKiosk
import "../components"

// Technician mode: PIN first, then (simulator mode) the bench: persona, card in/out/tap, faults, camera, trace;
// and the doctor as a maintenance list by area. On a kiosk in service there is no bench: the doctor runs when the
// mode opens and checks the site too (reader, camera, printer, network, outbox backlog, disk, clock).
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
            visible: TechnicianModel.message !== ""
            objectName: "techMessage"
            Layout.fillWidth: true
            text: TechnicianModel.message.indexOf("ui.") === 0 ? Theme.tr(TechnicianModel.message) : Theme.tr("ui.tech.error", { "message": TechnicianModel.message })
            color: Theme.danger
        }

        // --- PIN ---
        ColumnLayout {
            visible: TechnicianModel.askingPin
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
                            if (modelData === "OK") { TechnicianModel.unlock(techPage.typed); techPage.typed = "" }
                            else if (modelData === "←") techPage.typed = techPage.typed.slice(0, -1)
                            else techPage.typed += modelData
                        }
                    }
                }
            }
        }

        // --- bench (simulator mode only: a kiosk in service has no virtual card to move) ---
        ColumnLayout {
            visible: !TechnicianModel.askingPin && TechnicianModel.simulator && TechnicianModel.checks.length === 0
            Layout.fillWidth: true
            spacing: Theme.gap
            KText { text: Theme.tr("ui.tech.persona"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                Repeater {
                    model: TechnicianModel.personas
                    BigButton {
                        objectName: "persona_" + modelData
                        showSymbol: false
                        label: (TechnicianModel.persona === modelData ? "✓ " : "") + modelData
                        role: TechnicianModel.persona === modelData ? "primary" : "secondary"
                        fontSize: Theme.smallSize
                        implicitHeight: Theme.mm(18)
                        onClicked: TechnicianModel.choosePersona(modelData)
                    }
                }
            }
            // The card's state on a line of its own: beside three buttons it was squeezed to one character a line.
            KText {
                objectName: "cardState"
                text: (TechnicianModel.cardPresent ? "● " : "○ ") + Theme.tr(TechnicianModel.cardPresent ? "ui.tech.card_in" : "ui.tech.card_out")
                font.pixelSize: Theme.smallSize
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                BigButton { objectName: "tech_insert"; label: Theme.tr("ui.tech.insert"); fontSize: Theme.smallSize; Layout.fillWidth: true; Layout.preferredWidth: 1; onClicked: TechnicianModel.insertCard() }
                BigButton { objectName: "tech_remove"; label: Theme.tr("ui.tech.remove"); fontSize: Theme.smallSize; Layout.fillWidth: true; Layout.preferredWidth: 1; onClicked: TechnicianModel.removeCard() }
                BigButton { objectName: "tech_tap"; label: Theme.tr("ui.tech.tap"); fontSize: Theme.smallSize; Layout.fillWidth: true; Layout.preferredWidth: 1; onClicked: TechnicianModel.tapCard() }
            }
            KText { text: Theme.tr("ui.tech.faults"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    id: faults
                    objectName: "faultsField"
                    Layout.fillWidth: true
                    text: TechnicianModel.faults
                    font.pixelSize: Theme.smallSize
                    font.family: Theme.fontFamily
                    inputMethodHints: Qt.ImhNoPredictiveText
                }
                BigButton { objectName: "tech_apply"; label: Theme.tr("ui.tech.apply"); fontSize: Theme.smallSize; onClicked: TechnicianModel.applyFaults(faults.text) }
            }
            KText { text: Theme.tr("ui.tech.camera"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.mm(2)
                Repeater {
                    model: TechnicianModel.cameras
                    BigButton {
                        showSymbol: false
                        label: (TechnicianModel.camera === modelData ? "✓ " : "") + modelData
                        role: TechnicianModel.camera === modelData ? "primary" : "secondary"
                        fontSize: Theme.smallSize
                        implicitHeight: Theme.mm(18)
                        onClicked: TechnicianModel.chooseCamera(modelData)
                    }
                }
            }
            KText { text: Theme.tr("ui.tech.trace"); font.pixelSize: Theme.smallSize; Layout.fillWidth: true }
        }
        Rectangle {
            visible: !TechnicianModel.askingPin && TechnicianModel.simulator && TechnicianModel.checks.length === 0
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
                model: TechnicianModel.trace
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
            visible: !TechnicianModel.askingPin
            Layout.fillWidth: true
            BigButton {
                objectName: "tech_bench"
                visible: TechnicianModel.simulator && TechnicianModel.checks.length > 0
                label: Theme.tr("ui.tech.back_to_bench")
                fontSize: Theme.smallSize
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                onClicked: TechnicianModel.clearChecks()
            }
            BigButton {
                objectName: "tech_doctor"
                label: Theme.tr(TechnicianModel.doctorRunning ? "ui.tech.doctor_running" : "ui.tech.doctor")
                enabled: !TechnicianModel.doctorRunning
                fontSize: Theme.smallSize
                Layout.fillWidth: TechnicianModel.checks.length > 0
                Layout.preferredWidth: Layout.fillWidth ? 1 : -1   // -1: its own width when it stands alone
                onClicked: TechnicianModel.runDoctor()
            }
        }
        // The maintenance list: every doctor check by area (reader, camera, printer, network, outbox, disk, clock,
        // system), each with ✓ / ⚠ / × and words, and what to do when it is not OK.
        ScrollView {
            id: maintenance
            objectName: "maintenance"
            visible: !TechnicianModel.askingPin && TechnicianModel.checks.length > 0
            Layout.fillWidth: true
            Layout.fillHeight: true  // the maintenance list has the page (the bench steps aside while it is shown)
            contentWidth: availableWidth
            clip: true
            ColumnLayout {
                width: maintenance.availableWidth
                spacing: Theme.mm(2)
                Repeater {
                    model: TechnicianModel.checks
                    ColumnLayout {
                        readonly property var row: modelData
                        readonly property bool first: index === 0 || TechnicianModel.checks[index - 1].area !== row.area
                        objectName: "check_" + row.area + "_" + row.status
                        Layout.fillWidth: true
                        spacing: Theme.mm(1)
                        KText {
                            visible: parent.first
                            Layout.fillWidth: true
                            Layout.topMargin: index === 0 ? 0 : Theme.mm(3)
                            text: Theme.tr("ui.tech.area." + parent.row.area)
                            font.pixelSize: Theme.smallSize
                            font.bold: true
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.mm(2)
                            KText {
                                Layout.alignment: Qt.AlignTop
                                text: row.status === "ok" ? "✓" : row.status === "warn" ? "⚠" : "×"
                                color: row.status === "ok" ? Theme.success : row.status === "warn" ? Theme.warning : Theme.danger
                                font.bold: true
                                wrapMode: Text.NoWrap
                            }
                            KText {
                                Layout.fillWidth: true
                                text: row.name + ": " + row.detail + (row.fix !== "" ? "\n→ " + row.fix : "")
                                font.pixelSize: 24
                                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            }
                        }
                    }
                }
            }
        }
        ScrollView {
            visible: !TechnicianModel.askingPin && TechnicianModel.doctorOutput !== "" && TechnicianModel.checks.length === 0
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.mm(60)
            Layout.fillHeight: !TechnicianModel.simulator
            TextArea {
                objectName: "doctorOutput"
                readOnly: true
                text: TechnicianModel.doctorOutput
                wrapMode: TextEdit.Wrap
                font.pixelSize: 22
                font.family: "DejaVu Sans Mono"
            }
        }
        Item { Layout.fillHeight: TechnicianModel.askingPin || (!TechnicianModel.simulator && TechnicianModel.doctorOutput === "" && TechnicianModel.checks.length === 0) }
        BigButton {
            objectName: "tech_close"
            Layout.fillWidth: true
            role: "cancel"
            label: Theme.tr("ui.tech.close")
            onClicked: TechnicianModel.close()
        }
    }
}
