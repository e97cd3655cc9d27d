// AdvancedCronJob status: type, active child references, lastScheduleTime. Pure.
import { formatTime } from '../../api/index.js';
import type { AdvancedCronJobStatus, TemplateKind } from './types.js';
import type { ObjectReference } from '../../api/index.js';

export function computeStatus(kind: TemplateKind, active: ObjectReference[], lastScheduleMs: number | undefined): AdvancedCronJobStatus {
  const status: AdvancedCronJobStatus = { type: kind };
  if (active.length > 0) status.active = active;
  if (lastScheduleMs !== undefined) status.lastScheduleTime = formatTime(lastScheduleMs);
  return status;
}
