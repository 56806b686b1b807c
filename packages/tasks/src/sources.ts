// A configured vendor API to read tasks from: a client of @backup-specs/client, plus what the vendor
// needs besides (ZStack: the server's time zone; VBS: the backup policies whose jobs to list).
import type { CbrClient } from '@backup-specs/client/huaweicloud-cbr';
import type { VbsClient } from '@backup-specs/client/huaweicloud-vbs';
import { ConfigurationError, type ZStackClient } from '@backup-specs/client/zstack';
import { parseZStackDate, type ZStackDateOptions } from '@backup-specs/client/zstack/date';
import type { TaskVendor } from './model.js';

export interface ZStackSource {
  vendor: 'zstack';
  client: ZStackClient;
  /** IANA zone of the ZStack server (its dates carry no zone); default: this runtime's zone. */
  timeZone?: string | undefined;
  /** Or a fixed offset from UTC ("+08:00", minutes east). */
  offset?: string | number | undefined;
}

export interface CbrSource {
  vendor: 'huaweicloud-cbr';
  client: CbrClient;
}

export interface VbsSource {
  vendor: 'huaweicloud-vbs';
  client: VbsClient;
  /** VBS lists backup jobs per backup policy: the policies to read (at least one). */
  policyIds: readonly string[];
}

export type TaskSource = ZStackSource | CbrSource | VbsSource;

/** The source's ZStack date options, checked (a bad zone is a ConfigurationError now, not later per task). */
export function zoneOf(source: ZStackSource): ZStackDateOptions {
  const zone: ZStackDateOptions = {};
  if (source.timeZone !== undefined) zone.timeZone = source.timeZone;
  if (source.offset !== undefined) zone.offset = source.offset;
  parseZStackDate('Jan 1, 2000 12:00:00 AM', zone);
  return zone;
}

/** Checks a list of sources: known vendors, one source per vendor, VBS with policies. */
export function checkSources(sources: readonly TaskSource[]): void {
  const seen = new Set<TaskVendor>();
  for (const source of sources) {
    if (seen.has(source.vendor)) throw new ConfigurationError(`Two sources for ${source.vendor}: pass one per vendor.`);
    seen.add(source.vendor);
    if (source.vendor === 'zstack') zoneOf(source);
    else if (source.vendor === 'huaweicloud-vbs') {
      const ids = source.policyIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
        throw new ConfigurationError(
          'huaweicloud-vbs: policyIds must list at least one backup policy id (VBS lists jobs per policy).',
        );
      }
    } else if (source.vendor !== 'huaweicloud-cbr') {
      throw new ConfigurationError(`Unknown vendor ${JSON.stringify((source as { vendor: unknown }).vendor)}.`);
    }
  }
}
