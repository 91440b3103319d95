/**
 * Time-zone abbreviations people type after a schedule ("mon 09:00 EST"). Each is refused: an abbreviation names
 * a fixed offset or several zones at once (CST: US Central, China, Cuba; IST: India, Ireland, Israel), and a
 * schedule set with one would drift an hour when summer time starts or ends. The reply names the zones the
 * abbreviation usually means, so the next step is a copy and paste. No day or month name is in this table.
 */
const US_EASTERN = ['America/New_York (US Eastern)'];
const US_CENTRAL = ['America/Chicago (US Central)', 'Asia/Shanghai (China)', 'America/Havana (Cuba)'];
const US_MOUNTAIN = ['America/Denver (US Mountain)', 'America/Phoenix (Arizona, no summer time)'];
const US_PACIFIC = ['America/Los_Angeles (US Pacific)'];
const UK = ['Europe/London (UK time)', 'UTC (a clock that never changes)'];
const CENTRAL_EUROPE = ['Europe/Berlin', 'Europe/Paris', 'Europe/Madrid'];
const EASTERN_EUROPE = ['Europe/Athens', 'Europe/Helsinki', 'Europe/Bucharest'];
const AUSTRALIA_EAST = ['Australia/Sydney', 'Australia/Brisbane (no summer time)'];

export const ZONE_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['est', US_EASTERN],
  ['edt', US_EASTERN],
  ['et', US_EASTERN],
  ['cst', US_CENTRAL],
  ['cdt', US_CENTRAL],
  ['ct', US_CENTRAL],
  ['mst', US_MOUNTAIN],
  ['mdt', US_MOUNTAIN],
  ['mt', US_MOUNTAIN],
  ['pst', US_PACIFIC],
  ['pdt', US_PACIFIC],
  ['pt', US_PACIFIC],
  ['akst', ['America/Anchorage']],
  ['akdt', ['America/Anchorage']],
  ['hst', ['Pacific/Honolulu']],
  ['gmt', UK],
  ['bst', [...UK, 'Asia/Dhaka (Bangladesh)']],
  ['ist', ['Asia/Kolkata (India)', 'Europe/Dublin (Ireland)', 'Asia/Jerusalem (Israel)']],
  ['wet', ['Europe/Lisbon']],
  ['west', ['Europe/Lisbon']],
  ['cet', CENTRAL_EUROPE],
  ['cest', CENTRAL_EUROPE],
  ['met', CENTRAL_EUROPE],
  ['mest', CENTRAL_EUROPE],
  ['eet', EASTERN_EUROPE],
  ['eest', EASTERN_EUROPE],
  ['msk', ['Europe/Moscow']],
  ['jst', ['Asia/Tokyo']],
  ['kst', ['Asia/Seoul']],
  ['hkt', ['Asia/Hong_Kong']],
  ['sgt', ['Asia/Singapore']],
  ['aest', AUSTRALIA_EAST],
  ['aedt', AUSTRALIA_EAST],
  ['acst', ['Australia/Adelaide', 'Australia/Darwin (no summer time)']],
  ['acdt', ['Australia/Adelaide']],
  ['awst', ['Australia/Perth']],
  ['nzst', ['Pacific/Auckland']],
  ['nzdt', ['Pacific/Auckland']],
  ['sast', ['Africa/Johannesburg']],
  ['brt', ['America/Sao_Paulo']],
  ['art', ['America/Argentina/Buenos_Aires']],
]);

/** The zones an abbreviation usually stands for, or undefined when `token` is not one. */
export function abbreviationZones(token: string): readonly string[] | undefined {
  return ZONE_ABBREVIATIONS.get(token.toLowerCase());
}
