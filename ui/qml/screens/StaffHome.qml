import QtQuick
import QtQuick.Layouts
import "../components"

// The pop-up session's home: online or offline (symbol and words), the queue, and the staff actions.
ScreenPage {
    id: page
    icon: page.view.params.online ? "success" : "warning"
    hintKind: "info"
}
