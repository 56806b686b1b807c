// ZStack writes dates in Java's default text form, in the SERVER's local time and without a zone:
// "Nov 14, 2017 10:20:57 PM" (JDK 8), "Nov 14, 2017, 10:20:57 PM" (JDK 9+ CLDR data, sometimes with a
// narrow no-break space before PM). The zone must come from the caller; by default the server is
// assumed to share this runtime's time zone.
import { ConfigurationError } from '../../core/errors.js';

export interface ZStackDateOptions {
  /** IANA zone of the ZStack server, e.g. "Asia/Shanghai" (daylight saving handled). */
  timeZone?: string;
  /** Fixed offset of the server's clock from UTC: "+08:00", "-0530", "Z", or minutes east of UTC (480). */
  offset?: string | number;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const DATE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),?[\s\u202f]+(\d{1,2}):(\d{2}):(\d{2})[\s\u202f]*([AP]M)$/;

function offsetMinutes(offset: string | number): number {
  if (typeof offset === 'number' && Number.isInteger(offset) && Math.abs(offset) <= 18 * 60) return offset;
  const match = typeof offset === 'string' ? /^(?:Z|([+-])(\d{2}):?(\d{2}))$/.exec(offset) : null;
  if (!match) {
    throw new ConfigurationError(
      `offset must be "Z", "+HH:MM"/"-HH:MM" or whole minutes east of UTC, got ${JSON.stringify(offset)}.`,
    );
  }
  return match[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

// Building an Intl.DateTimeFormat costs ~0.1 ms, formatting with one a few µs: keep one per zone (a page of
// tasks has hundreds of dates in one zone).
const formats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC that `timeZone` observes at the instant `utc` (Intl's "GMT+08:00" form). */
function zoneOffset(utc: number, timeZone: string): number {
  let name: string | undefined;
  try {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
      if (formats.size < 64) formats.set(timeZone, format);
    }
    name = format.formatToParts(utc).find((part) => part.type === 'timeZoneName')?.value;
  } catch {}
  if (!name?.startsWith('GMT')) {
    throw new ConfigurationError(
      `timeZone ${JSON.stringify(timeZone)} is not an IANA time zone (e.g. "Asia/Shanghai").`,
    );
  }
  return offsetMinutes(name.slice(3).replace(/^$/, 'Z'));
}

/**
 * Parses a ZStack date string (`createDate`, `lastOpDate`), e.g. "Nov 14, 2017 10:20:57 PM".
 * Without options the wall-clock time is read in this runtime's local zone; pass the server's
 * `timeZone` or `offset` when they differ. Throws a RangeError for text that is not such a date.
 */
export function parseZStackDate(text: string, options: ZStackDateOptions = {}): Date {
  const match = typeof text === 'string' ? DATE.exec(text.trim()) : null;
  const month = match ? MONTHS.indexOf(match[1] as string) / 3 : -1;
  const [day, year, hour12, minute, second] = (match ?? []).slice(2, 7).map(Number) as number[];
  const hour = ((hour12 as number) % 12) + (match?.[7] === 'PM' ? 12 : 0);
  const wall = Date.UTC(year as number, month, day, hour, minute, second);
  // Also refuses impossible days (Feb 30), which Date.UTC would roll over into the next month.
  if (
    !(month >= 0) ||
    !hour12 ||
    hour12 > 12 ||
    (minute as number) > 59 ||
    (second as number) > 59 ||
    new Date(wall).getUTCDate() !== day
  ) {
    throw new RangeError(`Not a ZStack date: ${JSON.stringify(text)} (expected e.g. "Nov 14, 2017 10:20:57 PM").`);
  }
  if (options.offset !== undefined && options.timeZone !== undefined) {
    throw new ConfigurationError('Pass either timeZone or offset to parseZStackDate, not both.');
  }
  if (options.offset !== undefined) return new Date(wall - offsetMinutes(options.offset) * 60_000);
  if (options.timeZone !== undefined) {
    // The offset depends on the instant; two passes settle it except inside a DST gap or overlap.
    const first = wall - zoneOffset(wall, options.timeZone) * 60_000;
    return new Date(wall - zoneOffset(first, options.timeZone) * 60_000);
  }
  return new Date(year as number, month, day, hour, minute, second);
}
