import QtQuick
import QtQuick.Layouts
import "../components"

// Live preview with the face guide; the liveness challenge (body key) is the prompt over the picture.
ScreenPage {
    id: page
    showBody: false
    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        CameraView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            prompt: Theme.tr(page.view.body, page.view.params)
            countdown: page.view.countdown
            arrow: page.view.params.direction !== undefined ? page.view.params.direction : ""
        }
        ProgressBlock {
            Layout.fillWidth: true
            visible: page.view.progress >= 0
            progress: page.view.progress
        }
    }
}
