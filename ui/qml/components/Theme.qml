pragma Singleton
import QtQuick
import MynaKiosk

// Sizes, colours and the translation helper every screen uses. Nothing here decides anything: it only says how
// things look. Colours always come with a text or a symbol, never alone.
QtObject {
    id: theme

    // Physical size: pixels per millimetre at the kiosk's panel (a 21.5" 1080x1920 panel has about 4 px/mm).
    readonly property real pxPerMm: Display.pxPerMm
    function mm(v) { return Math.round(v * pxPerMm) }

    readonly property bool contrast: ViewModel.highContrast
    readonly property real scale: ViewModel.largeText ? 1.3 : 1.0

    // Touch targets: at least 15 mm; we use 30 mm for the buttons a resident must hit.
    readonly property int touchMin: mm(15)
    readonly property int buttonHeight: mm(30)
    readonly property int margin: mm(12)
    readonly property int gap: ViewModel.largeText ? mm(3) : mm(5)   // large text needs the room

    readonly property int titleSize: Math.round(58 * (ViewModel.largeText ? 1.15 : 1.0))   // already big: grows less
    readonly property int bodySize: Math.round(40 * scale)
    readonly property int buttonSize: Math.round(42 * scale)
    readonly property int smallSize: Math.round(32 * scale)
    readonly property int keySize: Math.round(56 * scale)
    readonly property int footerSize: 32
    readonly property int letterKeySize: 44   // one big letter per key: already 11 mm tall, not scaled
    readonly property int letterKeyHeight: mm(22)   // never smaller in large-text mode: the words above scroll instead

    readonly property string fontFamily: Display.fontFamily

    readonly property color bg: contrast ? "#000000" : "#f4f6f8"
    readonly property color surface: contrast ? "#000000" : "#ffffff"
    readonly property color text: contrast ? "#ffffff" : "#1a1a1a"
    readonly property color muted: contrast ? "#ffffff" : "#4a4f55"
    readonly property color border: contrast ? "#ffffff" : "#b8c0c8"
    readonly property color primary: contrast ? "#ffff00" : "#0b5cab"
    readonly property color textOnPrimary: contrast ? "#000000" : "#ffffff"
    readonly property color secondary: contrast ? "#000000" : "#e3e9ef"
    readonly property color textOnSecondary: contrast ? "#ffffff" : "#1a1a1a"
    readonly property color danger: contrast ? "#ffffff" : "#b3261e"
    readonly property color textOnDanger: contrast ? "#000000" : "#ffffff"
    readonly property color warning: contrast ? "#ffff00" : "#8a5a00"
    readonly property color warningBg: contrast ? "#000000" : "#fff4d6"
    readonly property color success: contrast ? "#00ff00" : "#1e6b35"
    readonly property color info: contrast ? "#00ffff" : "#0b5cab"

    // Translate a message key (Qt Linguist, ID-based) and fill its {name} placeholders from params.
    // Reading ViewModel.language makes every binding that calls tr() re-evaluate when the language changes.
    function tr(key, params) {
        if (!key)
            return ""
        var lang = ViewModel.language
        var text = qsTrId(key)
        if (text === key && /^[a-z_]+(\.[A-Za-z0-9_:]+)+$/.test(key)) {
            // A key with no message (a flow built one we do not know): say nothing rather than show "face.x.y".
            console.warn("no translation for message key " + key)
            return ""
        }
        if (params) {
            text = text.replace(/\{([A-Za-z0-9_.:]+)\}/g, function (all, name) {
                return params[name] !== undefined ? String(params[name]) : all
            })
        }
        return text
    }

    // A label for a key that may have no message (figures named by the flow): the translation, or the name itself.
    function label(key, name) {
        var lang = ViewModel.language
        var text = qsTrId(key)
        return text === key ? name : text
    }

    // Parameters of one action: the View's own plus the action's (a pick-up slot's date and time).
    function actionParams(params, action) {
        var merged = {}
        for (var k in params)
            merged[k] = params[k]
        for (var a in action.params)
            merged[a] = action.params[a]
        return merged
    }

    function screenFile(screen) {
        return screen.split("_").map(function (p) { return p.charAt(0).toUpperCase() + p.substring(1) }).join("") + ".qml"
    }
}
