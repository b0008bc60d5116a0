/**
 * The help center's logo: a raster picture an administrator uploads. SVG is refused (it can carry scripts),
 * and so is a file whose bytes are not the picture type it claims: browsers are told the type we checked.
 */
export const HELP_LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type HelpLogoType = (typeof HELP_LOGO_TYPES)[number];
export const HELP_LOGO_MAX_BYTES = 512 * 1024;
/** How many leading bytes `helpLogoTypeOf` needs to see. */
export const HELP_LOGO_SIGNATURE_BYTES = 12;

export function isHelpLogoType(type: string): type is HelpLogoType {
  return (HELP_LOGO_TYPES as readonly string[]).includes(type);
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);

/** The picture type the file's first bytes show (its magic number), or null when they are none of ours. */
export function helpLogoTypeOf(bytes: Uint8Array): HelpLogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}
