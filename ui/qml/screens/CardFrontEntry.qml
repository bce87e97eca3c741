import QtQuick
import QtQuick.Layouts
import MynaKiosk
import "../components"

// PIN-B parts printed on the card front: which calendar the card prints the birth date in, one field to type, or
// the numbers to confirm. A drawing of the card front marks where the number asked for is printed.
ScreenPage {
    id: page
    readonly property bool choosingCalendar: page.view.actions.some(function (a) { return a.id.indexOf("era:") === 0 })
    readonly property bool confirming: page.view.entryKind === "" && page.view.dataKeys.length > 0
    readonly property var eraActions: page.view.actions.filter(function (a) { return a.id.indexOf("era:") === 0 && a.id !== "era:western" })
    readonly property var otherActions: page.view.actions.filter(function (a) { return a.id.indexOf("era:") !== 0 || a.id === "era:western" })
    showActions: !choosingCalendar
    contentMinimumHeight: column.implicitHeight
    ColumnLayout {
        id: column
        anchors.fill: parent
        spacing: Theme.gap
        // The one tries-left counter, on the screens without a keypad too (the keypad's panel carries it otherwise).
        TriesLeft {
            visible: page.view.entryKind === "" && !page.view.camera && page.view.params.tries_left !== undefined
            tries: page.view.params.tries_left !== undefined ? page.view.params.tries_left : -1
            Layout.alignment: Qt.AlignLeft
            Layout.fillWidth: wide
        }
        // Reading the card front with the camera: the live picture with a card-shaped frame to hold the card in.
        CameraView {
            objectName: "cardFrontCamera"
            visible: page.view.camera
            Layout.fillWidth: true
            Layout.preferredHeight: width * 0.75
            guide: false
            Rectangle {
                objectName: "cardOutline"
                anchors.centerIn: parent
                width: parent.width * 0.7
                height: width * 54 / 85.6
                radius: Theme.mm(3)
                color: "transparent"
                border.width: Theme.mm(1.5)
                border.color: "#ffffff"
            }
        }
        CardFrontDiagram {
            visible: !page.confirming && !page.view.camera
            Layout.fillWidth: true
            highlight: page.view.entryKind !== "" ? page.view.entryField
                     : page.view.params.highlight !== undefined ? page.view.params.highlight : ""
        }
        // The numbers to confirm before they are sent (a wrong PIN-B costs a try), the birth date the way the card
        // prints it. The security code is not shown.
        DataTable {
            visible: page.confirming && rows.length > 0
            Layout.fillWidth: true
            rows: ["birth_date", "expiry_year"].filter(function (k) { return page.view.data[k] !== undefined })
                .map(function (k) { return { "label": "field." + k, "value": String(page.view.data[k]) } })
        }
        Item { Layout.fillHeight: true }
    }
    // The keys (or the calendar choices) stay put above the actions; the words above them scroll when large text
    // needs the room.
    fixedHeight: entry.kind !== "" ? entry.implicitHeight : page.choosingCalendar ? calendars.implicitHeight : 0
    fixedContent: Item {
        anchors.fill: parent
        EntryPanel {
            id: entry
            anchors.fill: parent
        }
        // The eras two by two (short words), the western year and the other actions one per row.
        ColumnLayout {
            id: calendars
            objectName: "calendarChoice"
            visible: page.choosingCalendar
            anchors.fill: parent
            spacing: Theme.gap
            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.gap
                rowSpacing: Theme.gap
                Repeater {
                    model: page.choosingCalendar ? page.eraActions : []
                    BigButton {
                        objectName: "action_" + modelData.id
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        role: modelData.role
                        label: Theme.tr(modelData.label)
                        onClicked: ViewModel.act(modelData.id)
                    }
                }
            }
            Repeater {
                model: page.choosingCalendar ? page.otherActions : []
                BigButton {
                    objectName: "action_" + modelData.id
                    Layout.fillWidth: true
                    role: modelData.role
                    label: Theme.tr(modelData.label)
                    onClicked: ViewModel.act(modelData.id)
                }
            }
        }
    }
}
