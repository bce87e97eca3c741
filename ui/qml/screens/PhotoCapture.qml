import QtQuick
import QtQuick.Layouts
import "../components"

// The renewal photo: live preview with the guide and live quality hints (below, as a list).
ScreenPage {
    id: page
    CameraView {
        anchors.fill: parent
        countdown: page.view.countdown
        frameAspect: page.view.params.frame_aspect !== undefined ? page.view.params.frame_aspect : 0
        frameHead: page.view.params.frame_head !== undefined ? page.view.params.frame_head : 0
        frameTop: page.view.params.frame_top !== undefined ? page.view.params.frame_top : 0
    }
}
