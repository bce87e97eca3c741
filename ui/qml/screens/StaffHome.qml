import QtQuick
import QtQuick.Layouts
import "../components"

// The pop-up session's desk: the queue (symbol and words), a network problem if any, and the staff actions.
ScreenPage {
    id: page
    icon: page.view.error !== "" ? "warning" : page.view.params.pending > 0 ? "info" : "success"
    hintKind: "info"
}
