import QtQuick
import QtQuick.Layouts
import "../components"

// What the kiosk cannot do, and where to go instead. A service this kiosk does not offer is named (the View carries
// its flow), so the resident knows which one to ask for at the counter.
ScreenPage {
    id: page
    icon: "info"
    hintKind: "info"
    KText {
        objectName: "serviceName"
        visible: page.view.body === "info.service_unavailable" && page.view.flow !== ""
        anchors.left: parent.left
        anchors.right: parent.right
        text: Theme.tr("ui.service_named", { "service": Theme.tr("service." + page.view.flow) })
        font.bold: true
    }
}
