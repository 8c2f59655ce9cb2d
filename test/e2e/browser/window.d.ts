/** The web app's test hook on `window.__truce`, declared once in the app (web/src/map/testHook.ts). */
import "../../../web/src/map/testHook.js";
