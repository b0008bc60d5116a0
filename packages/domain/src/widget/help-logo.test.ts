import { describe, expect, it } from 'vitest';
import { helpLogoTypeOf, isHelpLogoType } from './help-logo.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
/** ASCII text as bytes (the domain package has no DOM or Node types, so no TextEncoder). */
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('help logo', () => {
  it('recognises PNG, JPEG, GIF and WebP by their first bytes', () => {
    expect(helpLogoTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0))).toBe('image/png');
    expect(helpLogoTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(helpLogoTypeOf(ascii('GIF89a....'))).toBe('image/gif');
    expect(helpLogoTypeOf(ascii('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses SVG, HTML and truncated signatures', () => {
    expect(helpLogoTypeOf(ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(helpLogoTypeOf(ascii('<html>'))).toBeNull();
    expect(helpLogoTypeOf(bytes(0x89, 0x50, 0x4e))).toBeNull();
    expect(helpLogoTypeOf(ascii('RIFF\0\0\0\0WAVE'))).toBeNull();
  });

  it('allows only raster types', () => {
    expect(isHelpLogoType('image/png')).toBe(true);
    expect(isHelpLogoType('image/svg+xml')).toBe(false);
  });
});
