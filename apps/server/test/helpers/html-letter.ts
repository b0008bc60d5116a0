let sequence = 0;

/** A 1×1 red PNG, for inline (cid:) images. */
export const RED_DOT_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * An HTML letter as a mail client writes it: multipart/alternative (text + HTML) inside multipart/related
 * when it has inline images, each with its Content-ID. CRLF line endings, HTML as quoted-printable-free base64.
 */
export function htmlLetter(o: {
  html: string;
  text?: string;
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  inline?: readonly { cid: string; name: string; data: Buffer }[];
}): Buffer {
  const id = `${process.pid}-${++sequence}`;
  const base64 = (s: string | Buffer) => (Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')).toString('base64').replace(/.{76}/g, '$&\r\n');
  const alternative = [
    `Content-Type: multipart/alternative; boundary="alt-${id}"`,
    '',
    `--alt-${id}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64(o.text ?? 'See the HTML part.'),
    `--alt-${id}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64(o.html),
    `--alt-${id}--`,
  ];
  const body = !o.inline?.length
    ? alternative
    : [
        `Content-Type: multipart/related; boundary="rel-${id}"`,
        '',
        `--rel-${id}`,
        ...alternative,
        ...o.inline.flatMap((part) => [
          `--rel-${id}`,
          `Content-Type: image/png; name="${part.name}"`,
          'Content-Transfer-Encoding: base64',
          `Content-ID: <${part.cid}>`,
          `Content-Disposition: inline; filename="${part.name}"`,
          '',
          base64(part.data),
        ]),
        `--rel-${id}--`,
      ];
  return Buffer.from(
    [
      `From: ${o.from ?? 'Anna Customer <anna@customer.example>'}`,
      `To: ${o.to ?? 'Support <help@parley.example>'}`,
      ...(o.cc ? [`Cc: ${o.cc}`] : []),
      `Subject: ${o.subject ?? 'Printer on fire'}`,
      `Message-ID: <html-${id}@customer.example>`,
      'Date: Mon, 30 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      ...body,
      '',
    ].join('\r\n'),
  );
}
