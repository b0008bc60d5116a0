// widget.js: what a site embeds with
//   <script src="https://help.example.com/widget.js" data-parley-url="https://help.example.com" async></script>
// It adds a chat launcher to the page, isolated from the page's styles in a shadow root.
import { readConfig } from './config';
import { mountWidget } from './mount';

// document.currentScript is only set while this script first runs: read it before anything waits.
const config = readConfig(document.currentScript, document.baseURI);

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => mountWidget(document, config), { once: true });
} else {
  mountWidget(document, config);
}
