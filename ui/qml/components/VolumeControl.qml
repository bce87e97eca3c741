import QtQuick
import QtQuick.Layouts
import MynaKiosk

// The voice guide's volume: − and ＋ around the level in words and bars ("音量 3" ■■■□□), so it never rests on the
// bars alone. Each press plays a short tone at the new volume; the next resident starts at the site's volume again.
RowLayout {
    id: volume
    objectName: "volumeControl"
    spacing: Theme.mm(1)
    BigButton {
        objectName: "volume_down"
        showSymbol: false
        label: "−"
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.preferredWidth: Theme.mm(18)
        enabled: Guide.volume > 1
        Accessible.name: Theme.tr("ui.volume.down")
        onClicked: Guide.setVolume(Guide.volume - 1)
    }
    KText {
        objectName: "volumeLevel"
        Layout.alignment: Qt.AlignVCenter
        horizontalAlignment: Text.AlignHCenter
        text: Theme.tr("ui.volume", { "level": Guide.volume }) + "\n" + "■".repeat(Guide.volume) + "□".repeat(Guide.volumeSteps - Guide.volume)
        font.pixelSize: Theme.footerSize * 0.75
        lineHeight: 0.9
        wrapMode: Text.NoWrap
    }
    BigButton {
        objectName: "volume_up"
        showSymbol: false
        label: "＋"
        fontSize: Theme.footerSize
        implicitHeight: Theme.mm(20)
        Layout.preferredHeight: Theme.mm(20)
        Layout.preferredWidth: Theme.mm(18)
        enabled: Guide.volume < Guide.volumeSteps
        Accessible.name: Theme.tr("ui.volume.up")
        onClicked: Guide.setVolume(Guide.volume + 1)
    }
}
