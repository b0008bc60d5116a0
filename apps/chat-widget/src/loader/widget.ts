// widget.js: what a site embeds with
//   <script src="https://help.example.com/widget.js" data-department="2" async></script>
// It adds a chat launcher to the page, isolated from the page's styles in a shadow root; the chat itself
// (an iframe on the Parley server, src/frame) loads only when the visitor opens it.
import { readConfig } from './config';
import { mountWidget } from './mount';

// document.currentScript is only set while this script first runs: read it before anything waits.
const config = readConfig(document.currentScript, document.baseURI);

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => mountWidget(document, config), { once: true });
} else {
  mountWidget(document, config);
}
