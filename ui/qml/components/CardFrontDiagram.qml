import QtQuick
import QtQuick.Layouts
import MynaKiosk

// Where the three numbers of PIN-B are printed on the front of the card: the birth date (1), the year of the
// expiry date (2), the 4-digit security code (3). The one being asked for is marked in the drawing and in the
// legend by a thick frame, a ▶ and bold words, not by colour alone. No real data is drawn: grey bars stand for the
// name and address, a silhouette for the photo.
RowLayout {
    id: diagram
    objectName: "cardFrontDiagram"
    property string highlight: ""     // birth_date, expiry_year or security_code; empty marks none
    readonly property var fields: ["birth_date", "expiry_year", "security_code"]
    spacing: Theme.mm(4)

    Rectangle {
        id: card
        objectName: "cardFront"
        Layout.alignment: Qt.AlignTop
        Layout.preferredWidth: Theme.mm(120)   // fixed: a size taken from the row itself would loop the layout
        Layout.preferredHeight: Layout.preferredWidth * 54 / 85.6   // ID-1 card proportions
        radius: Theme.mm(3)
        color: Theme.contrast ? "#000000" : "#f2f7fc"
        border.width: 4
        border.color: Theme.text
        Accessible.role: Accessible.Graphic
        Accessible.name: Theme.tr("ui.card.front")

        component Bar: Rectangle {
            height: card.height * 0.045
            radius: height / 2
            color: Theme.contrast ? "#808080" : "#c9d3dc"
        }
        // Name and address: stand-in bars.
        Bar { x: card.width * 0.06; y: card.height * 0.12; width: card.width * 0.40 }
        Bar { x: card.width * 0.06; y: card.height * 0.26; width: card.width * 0.52 }
        Bar { x: card.width * 0.06; y: card.height * 0.34; width: card.width * 0.46 }
        // The photo: a frame with a head-and-shoulders silhouette.
        Rectangle {
            id: photo
            x: card.width * 0.68; y: card.height * 0.10
            width: card.width * 0.26; height: width * 9 / 7
            color: "transparent"
            border.width: 3
            border.color: Theme.muted
            clip: true
            Rectangle {
                width: parent.width * 0.42; height: width * 1.2; radius: width / 2
                anchors.horizontalCenter: parent.horizontalCenter
                y: parent.height * 0.16
                color: Theme.contrast ? "#808080" : "#c9d3dc"
            }
            Rectangle {
                width: parent.width * 0.86; height: parent.height * 0.4; radius: width / 3
                anchors.horizontalCenter: parent.horizontalCenter
                y: parent.height * 0.72
                color: Theme.contrast ? "#808080" : "#c9d3dc"
            }
        }
        // The three numbers: where each is printed, numbered as in the legend below.
        Repeater {
            model: [
                { "field": "birth_date", "x": 0.06, "y": 0.46, "w": 0.52, "h": 0.13 },
                { "field": "expiry_year", "x": 0.06, "y": 0.74, "w": 0.44, "h": 0.13 },
                { "field": "security_code", "x": 0.68, "y": 0.80, "w": 0.26, "h": 0.13 }
            ]
            Rectangle {
                objectName: "cardRegion_" + modelData.field
                readonly property bool marked: modelData.field === diagram.highlight
                x: card.width * modelData.x; y: card.height * modelData.y
                width: card.width * modelData.w; height: card.height * modelData.h
                radius: Theme.mm(1.5)
                color: marked ? (Theme.contrast ? "#000000" : "#fff4d6") : "transparent"
                border.width: marked ? Theme.mm(1.5) : 3
                border.color: marked ? Theme.primary : Theme.muted
                Bar {   // the printed number itself
                    anchors.verticalCenter: parent.verticalCenter
                    x: number.width + Theme.mm(3); width: parent.width - x - Theme.mm(2)
                    color: parent.marked ? Theme.text : (Theme.contrast ? "#808080" : "#c9d3dc")
                }
                Rectangle {
                    id: number
                    width: parent.height * 1.1; height: width; radius: width / 2
                    anchors.verticalCenter: parent.verticalCenter
                    x: -width * 0.35
                    color: parent.marked ? Theme.primary : Theme.surface
                    border.width: 3
                    border.color: parent.marked ? Theme.primary : Theme.muted
                    KText {
                        anchors.centerIn: parent
                        text: String(index + 1)
                        font.pixelSize: Theme.smallSize
                        font.bold: true
                        color: parent.parent.marked ? Theme.textOnPrimary : Theme.text
                        wrapMode: Text.NoWrap
                    }
                }
            }
        }
    }

    // The legend: the same numbers in words; the one asked for now is framed, bold and pointed at.
    ColumnLayout {
        Layout.fillWidth: true
        Layout.alignment: Qt.AlignVCenter
        spacing: Theme.mm(2)
        Repeater {
            model: diagram.fields
            Rectangle {
                objectName: "cardLegend_" + modelData
                readonly property bool marked: modelData === diagram.highlight
                Layout.fillWidth: true
                implicitHeight: legendRow.implicitHeight + Theme.mm(3)
                radius: Theme.mm(1.5)
                color: "transparent"
                border.width: marked ? Theme.mm(1) : 0
                border.color: Theme.primary
                RowLayout {
                    id: legendRow
                    anchors.fill: parent
                    anchors.leftMargin: Theme.mm(2)
                    anchors.rightMargin: Theme.mm(2)
                    spacing: Theme.mm(2)
                    KText {
                        text: (legendRow.parent.marked ? "▶ " : "") + (index + 1)
                        font.pixelSize: Theme.smallSize
                        font.bold: legendRow.parent.marked
                        color: legendRow.parent.marked ? Theme.text : Theme.muted
                        wrapMode: Text.NoWrap
                        Layout.alignment: Qt.AlignTop
                    }
                    KText {
                        id: legendText
                        Layout.fillWidth: true
                        text: Theme.tr("ui.card." + modelData)
                        font.pixelSize: Theme.smallSize
                        font.bold: legendRow.parent.marked
                        color: legendRow.parent.marked ? Theme.text : Theme.muted
                    }
                }
            }
        }
    }
}
