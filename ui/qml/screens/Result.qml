import QtQuick
import QtQuick.Layouts
import "../components"

// Done: what happened and what happens next, the number to keep in a box of its own, the receipt. An application
// saved on the kiosk and not yet sent is shown as waiting, never with the ✓ of an accepted one.
ScreenPage {
    id: page
    hintKind: "info"
    icon: page.view.params.local_reference ? "wait"
          : page.view.title === "reset.unconfirmed.title" ? "warning" : "success"
    contentMinimumHeight: reference.visible ? reference.implicitHeight : 0
    ReferenceBox {
        id: reference
        anchors.left: parent.left
        anchors.right: parent.right
        params: page.view.params
    }
}
