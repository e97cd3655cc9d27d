// Typed errors of the AdvancedCronJob folder; each carries a literal `code`.
export class CronSpecError extends Error {
  readonly code = 'InvalidCronSpec';
}

export class ScheduleError extends Error {
  readonly code = 'InvalidSchedule';
}

export class AdvancedCronJobOptionsError extends Error {
  readonly code = 'InvalidAdvancedCronJobOptions';
}
