import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import MynaKiosk

// The frame of every resident screen: step and "keep the card" banner at the top, the status symbol, the title
// and the body, the screen's own content in the middle, hints, and the View's actions at the bottom (within
// reach from a wheelchair). Screens put their content inside: ScreenPage { ... }.
// The action row is never pushed off the page: everything above it scrolls when it does not fit (large text), with
// a scroll bar always shown then, and stays put otherwise (a flick must not steal a key press).
Item {
    id: page
    property QtObject view: ViewModel.page
    property string icon: ""            // success, error, warning, info, wait; empty for none
    property bool showActions: true
    property bool showBody: true
    property string hintKind: "warning"
    property bool hintsOnTop: view.entryKind !== ""
    property real contentMinimumHeight: 0
    default property alias content: middle.data
    // Content that must never scroll away (the keys of an entry): between the scrolling part and the actions.
    property alias fixedContent: fixedArea.data
    property real fixedHeight: 0

    ColumnLayout {
        anchors.fill: parent
        anchors.topMargin: ViewModel.largeText ? Theme.mm(4) : Theme.mm(8)
        anchors.bottomMargin: Theme.gap
        spacing: Theme.gap

        Flickable {
            id: scroller
            objectName: "pageScroller"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: column.height
            interactive: contentHeight > height + 1
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {
                objectName: "pageScrollBar"
                policy: scroller.interactive ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                width: Theme.mm(4)
            }

            ColumnLayout {
                id: column
                x: Theme.margin
                width: scroller.width - 2 * Theme.margin
                height: Math.max(scroller.height, implicitHeight)
                spacing: Theme.gap

                RowLayout {
                    Layout.fillWidth: true
                    visible: page.view.totalSteps > 0 || page.view.keepCard
                    KeepCardBanner {
                        visible: page.view.keepCard
                        Layout.fillWidth: true
                    }
                    Item { Layout.fillWidth: true; visible: !page.view.keepCard }
                    KText {
                        objectName: "stepText"
                        visible: page.view.totalSteps > 0
                        text: Theme.tr("ui.step", { "step": page.view.step, "total": page.view.totalSteps })
                        color: Theme.muted
                        font.pixelSize: Theme.smallSize
                        wrapMode: Text.NoWrap
                    }
                }

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.mm(5)
                    StatusIcon {
                        visible: page.icon !== ""
                        kind: page.icon
                        Layout.alignment: Qt.AlignTop
                    }
                    KText {
                        id: title
                        objectName: "title"
                        Layout.fillWidth: true
                        text: Theme.tr(page.view.title, page.view.params)
                        font.pixelSize: Theme.titleSize
                        font.bold: true
                        Accessible.role: Accessible.Heading
                    }
                }

                KText {
                    objectName: "body"
                    Layout.fillWidth: true
                    visible: page.showBody && page.view.body !== "" && page.view.body !== page.view.title
                    text: Theme.tr(page.view.body, page.view.params)
                }

                // On entry screens the reasons (a refused PIN, a mismatch) sit right under the instructions, where the
                // eye is before typing again; elsewhere hints sit under the content (under the camera picture).
                HintList {
                    Layout.fillWidth: true
                    visible: page.hintsOnTop && hints.length > 0
                    hints: page.view.hints
                    params: page.view.params
                    kind: page.hintKind
                }

                // An error the flow reports on this screen (wrong format, wrong numbers, service unreachable).
                ErrorBanner {
                    Layout.fillWidth: true
                    visible: page.view.error !== "" && page.view.screen !== "error"
                    kind: page.view.error
                    params: page.view.params
                }

                Item {
                    id: middle
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    // Content anchored to the bottom (keypads) keeps its full height; the layout must not squeeze it
                    // under the hints above it.
                    Layout.minimumHeight: page.contentMinimumHeight
                }

                HintList {
                    Layout.fillWidth: true
                    visible: !page.hintsOnTop && hints.length > 0
                    hints: page.view.hints
                    params: page.view.params
                    kind: page.hintKind
                }
            }
        }

        Item {
            id: fixedArea
            objectName: "fixedContent"
            visible: fixedArea.children.length > 0   // not by height: hidden, it would never learn its height
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            Layout.preferredHeight: page.fixedHeight
            Layout.minimumHeight: page.fixedHeight
        }

        ActionBar {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            visible: page.showActions && page.view.actions.length > 0
            actions: page.view.actions
            params: page.view.params
        }
    }
}
