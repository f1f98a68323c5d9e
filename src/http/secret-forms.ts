/**
 * Every spelling a secret can take on its way back from a target that reflects what it was sent: as sent,
 * URL-encoded, JSON-escaped (PHP's json_encode also escapes "/"), HTML-escaped, and base64 (the Basic
 * credential is base64("TOKEN:"); a debug page may base64 the token alone, or a whole header or JSON blob
 * that contains it), in the standard and the URL-safe alphabet, with and without padding.
 *
 * Base64 of a string inside a longer string depends on where it starts modulo 3: for each of the 3
 * alignments the characters that encode whole groups of 3 secret bytes are the same whatever surrounds
 * them (the "core"). Masking the cores leaves at most the 2 bytes at either end half-encoded in the
 * neighbouring characters.
 */

/** Laravel Sanctum tokens are "id|secret": the part after "|" alone is just as secret (when long enough). */
const SANCTUM_SECRET_MIN = 8;

/**
 * The secrets a given secret implies: itself; for a Sanctum-shaped token the part after "id|"; and the Basic
 * credentials base64("TOKEN:") and base64("TOKEN"), secrets in their own right (a target may encode them again).
 */
export function derivedSecrets(secret: string): string[] {
  const bases = [secret];
  const bar = secret.lastIndexOf('|');
  if (bar >= 0 && secret.length - bar - 1 >= SANCTUM_SECRET_MIN) bases.push(secret.slice(bar + 1));
  return bases.flatMap((s) => [s, base64(`${s}:`), base64(s)]);
}

function base64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

/** Every spelling of `secret` (itself included), deduplicated, in no particular order. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  const addTextForms = (s: string) => {
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(phpJson(s));
    forms.add(escapeHtml(s));
  };
  addTextForms(secret);
  const bytes = Buffer.from(secret, 'utf8');
  // Whole encodings, with and without the Basic credential's trailing ":" (each with its own last group).
  for (const plain of [bytes, Buffer.concat([bytes, Buffer.from(':')])]) {
    const std = plain.toString('base64');
    for (const b64 of [std, std.replace(/=+$/, '')]) {
      addTextForms(b64);
      forms.add(toUrlSafe(b64));
    }
  }
  // The cores of the 3 alignments: skip 0, 1 or 2 leading bytes, keep only whole groups of 3.
  for (let skip = 0; skip < 3; skip++) {
    const rest = bytes.subarray(skip);
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    if (whole.length === 0) continue;
    const core = whole.toString('base64');
    addTextForms(core);
    forms.add(toUrlSafe(core));
  }
  forms.delete('');
  return [...forms];
}

/** The same characters in the URL-safe alphabet (padding as given). */
function toUrlSafe(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_');
}

/** PHP json_encode's default: JSON escaping plus "\/" for every "/". */
function phpJson(s: string): string {
  return JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
