import QtQuick
import QtQuick.Layouts
import "../components"

// The pop-up session's desk: the queue (symbol and words), a network problem if any, and the staff actions.
ScreenPage {
    id: page
    // A notice about the last send (offline, refused) is a warning for the official, in the desk's own words.
    icon: page.view.hints.length > 0 ? "warning" : page.view.params.pending > 0 ? "info" : "success"
    hintKind: page.view.hints.length > 0 ? "warning" : "info"
}
