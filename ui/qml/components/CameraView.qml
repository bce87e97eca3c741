import QtQuick
import QtQuick.Layouts
import MynaKiosk

// The live camera preview (frames pushed from Python into the "camera" image provider) with an oval face guide
// and a prompt over it. The image reloads whenever ViewModel.frameSerial moves on.
Rectangle {
    id: cam
    objectName: "cameraView"
    property string prompt: ""
    property int countdown: -1
    property bool guide: true
    property string source: "live"
    color: "#202020"
    radius: Theme.mm(3)
    clip: true

    Image {
        id: preview
        anchors.fill: parent
        fillMode: Image.PreserveAspectCrop
        cache: false
        asynchronous: false
        mirror: cam.source === "live"     // a mirror image is what people expect when they look at themselves
        source: "image://camera/" + cam.source + "/" + ViewModel.frameSerial
    }
    KText {
        anchors.centerIn: parent
        visible: preview.status !== Image.Ready
        text: Theme.tr("ui.camera.off")
        color: "#ffffff"
    }
    // The face guide: an oval outline with a dashed look, plus the words (the outline alone is not enough).
    Rectangle {
        visible: cam.guide
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.verticalCenter: parent.verticalCenter
        anchors.verticalCenterOffset: -parent.height * 0.04
        width: parent.width * 0.6
        height: width * 1.3
        radius: width / 2
        color: "transparent"
        border.width: Theme.mm(1.5)
        border.color: "#ffffff"
        opacity: 0.9
    }
    Rectangle {
        anchors.left: parent.left; anchors.right: parent.right; anchors.top: parent.top
        implicitHeight: promptText.implicitHeight + Theme.mm(6)
        height: implicitHeight
        visible: cam.prompt !== ""
        color: "#cc000000"
        KText {
            id: promptText
            objectName: "cameraPrompt"
            anchors.fill: parent
            anchors.margins: Theme.mm(3)
            text: cam.prompt
            color: "#ffffff"
            font.pixelSize: Theme.titleSize
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
    }
    Rectangle {
        anchors.left: parent.left; anchors.right: parent.right; anchors.bottom: parent.bottom
        height: Math.max(guideText.implicitHeight, countdownText.implicitHeight) + Theme.mm(4)
        visible: cam.guide
        color: "#99000000"
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.mm(3)
            anchors.rightMargin: Theme.mm(3)
            KText {
                id: guideText
                Layout.fillWidth: true
                text: Theme.tr("ui.camera.guide")
                color: "#ffffff"
                font.pixelSize: Theme.smallSize
            }
            KText {
                id: countdownText
                objectName: "countdown"
                visible: cam.countdown >= 0
                text: Theme.tr("ui.countdown", { "seconds": cam.countdown })
                color: "#ffffff"
                font.pixelSize: Theme.bodySize
                font.bold: true
                wrapMode: Text.NoWrap
            }
        }
    }
}
