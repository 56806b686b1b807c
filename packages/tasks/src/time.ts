// Vendor time formats to Date. A time that cannot be read becomes undefined (the raw object keeps the
// text): one odd field must not drop a task from a listing.
import { parseZStackDate, type ZStackDateOptions } from '@backup-specs/client/zstack/date';

// Huawei Cloud writes ISO 8601 with or without a zone: "2019-05-23T14:35:23.584+00:00",
// "2019-05-23T14:31:36.039365" (CBR, microseconds, no zone), "2016-12-02T09:06:46.706" (VBS). Zone-less
// times are UTC (the vendor's pages say so for VBS; CBR's zone-less replies match its `Z` request times).
const HUAWEI_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function parseHuaweiTime(text: unknown): Date | undefined {
  const match = typeof text === 'string' ? HUAWEI_TIME.exec(text.trim()) : null;
  if (!match) return undefined;
  const [, day, clock, fraction, zone] = match;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  let offset = zone ? zone.toUpperCase() : 'Z';
  if (/^[+-]\d{2}$/.test(offset)) offset += ':00';
  else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const date = new Date(`${day}T${clock}${millis}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A ZStack date ("Nov 14, 2017 10:20:57 PM", server-local time) in the server's zone, or undefined. */
export function parseZStackTime(text: unknown, zone: ZStackDateOptions): Date | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return parseZStackDate(text, zone);
  } catch {
    return undefined;
  }
}
