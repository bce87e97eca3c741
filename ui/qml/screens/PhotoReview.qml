import QtQuick
import QtQuick.Layouts
import "../components"

// The photo just taken, without the guide: retake or accept.
ScreenPage {
    id: page
    CameraView {
        anchors.horizontalCenter: parent.horizontalCenter
        height: parent.height
        width: Math.min(parent.width, height * 0.8)
        guide: false
        source: "photo"
    }
}
