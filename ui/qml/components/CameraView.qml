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
    property string arrow: ""         // left or right: the way a liveness challenge asks the head to turn
    property bool whole: false        // show the whole picture (a photo under review), never cut to the box
    // The card photo's frame over the live preview (renewal photo): its aspect, and the head's height and top
    // margin as fractions of its height, from the View (kiosk.face.geometry). 0: the oval face guide instead.
    property real frameAspect: 0
    property real frameHead: 0
    property real frameTop: 0
    color: "#202020"
    radius: Theme.mm(3)
    clip: true

    Image {
        id: preview
        anchors.fill: parent
        fillMode: cam.whole ? Image.PreserveAspectFit : Image.PreserveAspectCrop
        cache: false
        asynchronous: false
        mirror: cam.source === "live"     // a mirror image is what people expect when they look at themselves
        source: "image://camera/" + cam.source + "/" + ViewModel.frameSerial
    }
    KText {
        anchors.centerIn: parent
        objectName: "cameraStarting"
        visible: preview.status !== Image.Ready || (cam.source === "live" && !ViewModel.cameraPicture)
        text: Theme.tr("ui.camera.off")
        z: 1
        color: "#ffffff"
    }
    // The card photo's frame: what is inside it is what the photo will show when the head fills the oval, so the
    // preview and the reviewed crop agree. The picture outside the frame is dimmed.
    Item {
        id: cardFrame
        objectName: "cardPhotoFrame"
        visible: cam.guide && cam.frameAspect > 0
        height: Math.min(parent.height * 0.78, parent.width * 0.8 / Math.max(cam.frameAspect, 0.1))
        width: height * cam.frameAspect
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.verticalCenter: parent.verticalCenter
        anchors.verticalCenterOffset: -parent.height * 0.03
        Rectangle {
            anchors.fill: parent
            color: "transparent"
            border.width: Theme.mm(1.5)
            border.color: "#ffffff"
        }
        Rectangle {   // the head, crown to chin, where the card's specification wants it
            width: parent.width * 0.72
            height: parent.height * cam.frameHead
            y: parent.height * cam.frameTop
            anchors.horizontalCenter: parent.horizontalCenter
            radius: width / 2
            color: "transparent"
            border.width: Theme.mm(1)
            border.color: "#ffffff"
            opacity: 0.9
        }
    }
    // Dim what the photo will not show: above, below, left and right of the frame.
    Rectangle { visible: cardFrame.visible; color: "#80000000"; x: 0; y: 0; width: cam.width; height: cardFrame.y }
    Rectangle {
        visible: cardFrame.visible; color: "#80000000"; x: 0; y: cardFrame.y + cardFrame.height
        width: cam.width; height: cam.height - y
    }
    Rectangle {
        visible: cardFrame.visible; color: "#80000000"; x: 0; y: cardFrame.y
        width: cardFrame.x; height: cardFrame.height
    }
    Rectangle {
        visible: cardFrame.visible; color: "#80000000"; x: cardFrame.x + cardFrame.width; y: cardFrame.y
        width: cam.width - x; height: cardFrame.height
    }
    // Which way to turn: a big arrow on that side of the (mirrored, so "your right is my right") picture.
    Rectangle {
        objectName: "turnArrow"
        visible: cam.arrow === "left" || cam.arrow === "right"
        width: Theme.mm(36); height: width; radius: width / 2
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: cam.arrow === "left" ? parent.left : undefined
        anchors.right: cam.arrow === "right" ? parent.right : undefined
        anchors.margins: Theme.mm(4)
        color: "#cc000000"
        border.width: Theme.mm(1); border.color: "#ffffff"
        KText {
            anchors.centerIn: parent
            text: cam.arrow === "left" ? "←" : "→"
            color: "#ffffff"
            font.pixelSize: Theme.mm(24)
            font.bold: true
            wrapMode: Text.NoWrap
        }
    }
    // The face guide: an oval outline with a dashed look, plus the words (the outline alone is not enough).
    Rectangle {
        visible: cam.guide && cam.frameAspect <= 0
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
                text: Theme.tr(cam.frameAspect > 0 ? "ui.camera.photo_guide" : "ui.camera.guide")
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
