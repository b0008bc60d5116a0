import { createRequire } from 'node:module';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);

/**
 * A readable page for /api/openapi.json: Swagger UI, served from its npm package (no CDN), with a strict
 * content security policy (no inline script).
 */
export function mountApiDocs(router: Router): void {
  const assets = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
  const csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";
  router.get('/docs', (_req, res) => {
    res.set('Content-Security-Policy', csp).type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.set('Content-Security-Policy', csp).type('application/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(assets, { index: false, maxAge: '1d' }));
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true });`;
