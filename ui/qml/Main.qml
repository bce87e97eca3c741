import QtQuick
import QtQuick.Window
import QtQuick.Layouts
import MynaKiosk
import "components"

// The kiosk window: portrait 1080x1920. The page comes from ViewModel.page.screen (one QML file per screen in
// screens/), the idle question is drawn over it, and the language switch and display modes sit at the bottom of every
// screen. ViewModel, TechnicianModel, Guide and Display are this engine's Python objects (ui/qmlmodule.py).
Window {
    id: root
    width: 1080
    height: 1920
    visible: true
    color: Theme.bg
    title: "mynakiosk"

    Item {
        anchors.fill: parent
        // Any touch anywhere tells the flow the resident is still there (it passes through to the controls).
        TapHandler {
            gesturePolicy: TapHandler.DragThreshold
            onTapped: ViewModel.touch()
        }

        Loader {
            id: pageLoader
            objectName: "pageLoader"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: footer.top
            source: TechnicianModel.active
                    ? "screens/Technician.qml" : "screens/" + Theme.screenFile(ViewModel.page.screen)
        }

        Rectangle {
            id: footer
            objectName: "footer"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            // Two rows: the language switch, then the display modes and the voice guide (three toggles do not fit
            // beside the languages at the footer's text size).
            height: 2 * Theme.mm(20) + Theme.mm(2) + 2 * Theme.mm(3)
            color: Theme.contrast ? "#000000" : "#e6eaee"
            Rectangle { width: parent.width; height: 3; color: Theme.border }
            Column {
                anchors.fill: parent
                anchors.margins: Theme.mm(3)
                anchors.leftMargin: Theme.margin
                anchors.rightMargin: Theme.margin
                spacing: Theme.mm(2)
                RowLayout {   // the languages, the voice guide's volume and Help
                    width: parent.width
                    spacing: Theme.mm(2)
                    LanguageSwitch { Layout.fillWidth: true; Layout.preferredWidth: 2 }
                    VolumeControl { id: volumeControl }
                    HelpButton {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.preferredHeight: Theme.mm(20)
                    }
                }
                AccessBar { width: parent.width }
            }
        }

        // A short notice after an action the UI itself carried out (a receipt printed): symbol and words.
        Rectangle {
            id: notice
            objectName: "notice"
            visible: ViewModel.notice !== ""
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: footer.top
            anchors.margins: Theme.margin
            anchors.bottomMargin: Theme.mm(45)
            height: noticeText.implicitHeight + Theme.mm(8)
            radius: Theme.mm(3)
            color: Theme.surface
            border.width: 4
            border.color: Theme.info
            KText {
                id: noticeText
                anchors.fill: parent
                anchors.margins: Theme.mm(4)
                text: (ViewModel.notice === "ui.receipt.saved" ? "✓ " : "i ") + Theme.tr(ViewModel.notice)
                font.bold: true
            }
            Timer {
                running: notice.visible
                interval: 6000
                onTriggered: ViewModel.clearNotice()
            }
        }

        HelpDialog {
            // Over the page only, like the idle question: the footer (and its Help button) stays usable.
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: footer.top
            visible: Help.open
            z: 1
        }

        IdleDialog {
            // Over the page only: the language switch below stays usable while the question is open.
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.bottom: footer.top
            visible: ViewModel.overlayVisible
        }
    }
}
