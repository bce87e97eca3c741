import QtQuick
import QtQuick.Layouts
import "../components"

// The renewal photo: live preview with the guide and live quality hints (below, as a list).
ScreenPage {
    id: page
    CameraView {
        anchors.fill: parent
        countdown: page.view.countdown
    }
}
