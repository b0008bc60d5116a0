// widget.js: what a site embeds with
//   <script src="https://help.example.com/widget.js" data-department="2" async></script>
// It adds a chat launcher to the page, isolated from the page's styles in a shadow root; the chat itself
// (an iframe on the Parley server, src/frame) loads only when the visitor opens it.
import { readConfig } from './config';
import { loadLook } from './look';
import { applyLook, mountWidget } from './mount';

// document.currentScript is only set while this script first runs: read it before anything waits.
const config = readConfig(document.currentScript, document.baseURI);

const whenReady = (run: () => void): void => {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
};

if (config.widgetKey) {
  // A widget's colour and side come from its settings; a widget that is gone (deleted or switched off) shows nothing.
  void loadLook(config.serverUrl, config.widgetKey).then((look) => {
    if (look === null) return;
    whenReady(() => {
      const handle = mountWidget(document, config);
      if (handle && look) applyLook(handle.host, look);
    });
  });
} else {
  whenReady(() => mountWidget(document, config));
}
